export function Logo({ size }: { size: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" role="img" aria-label="Vaultdesk">
      <rect x="4" y="4" width="56" height="56" rx="14" fill="var(--accent)" />
      <circle cx="32" cy="32" r="15" fill="none" stroke="var(--on-accent)" strokeWidth="4" />
      <circle cx="32" cy="32" r="4" fill="var(--on-accent)" />
      <path d="M32 17v7M32 40v7M17 32h7M40 32h7" stroke="var(--on-accent)" strokeWidth="4" strokeLinecap="round" />
    </svg>
  );
}
