// The two one-line messages every screen shows where the user acted: an
// error (role alert) and a notice (role status). Nothing renders when there
// is nothing to say.
import type { AppError } from "./call";

export function ErrorLine({ error }: { error: AppError | null | undefined }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error.message}
    </p>
  );
}

export function Notice({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <p className="notice" role="status">
      {text}
    </p>
  );
}
