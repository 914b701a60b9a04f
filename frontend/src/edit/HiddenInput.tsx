// An input for a hidden value (password, TOTP secret, card number...). It
// starts empty when the item has a value: the value stays in Go until the
// user asks to see it (Show), and typing replaces it. Password fields also
// open the generator.
import { useId, useState } from "react";
import type { HiddenValue } from "./form";
import { Generator } from "./Generator";

export interface HiddenInputProps {
  label: string;
  value: HiddenValue;
  revealed: string | undefined; // what Show brought from Go, if anything
  onChange: (value: string) => void;
  // onReveal fetches the stored value; undefined when there is none to
  // fetch (a new item, a new field).
  onReveal?: () => Promise<void>;
  generator?: boolean;
  disabled?: boolean;
  hiddenByAccess?: boolean;
  multiline?: boolean;
  ariaLabel?: string; // when the visible label is elsewhere (custom fields)
  error?: string;
}

export function HiddenInput(p: HiddenInputProps) {
  const id = useId();
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [generating, setGenerating] = useState(false);
  const typed = p.value.value;
  const text = typed ?? p.revealed ?? "";
  const stored = p.value.set && typed == null && p.revealed === undefined;
  const canReveal = !p.hiddenByAccess && (!stored || p.onReveal !== undefined);
  const name = p.ariaLabel ?? p.label;

  const toggle = async () => {
    setProblem(null);
    if (!shown && stored && p.onReveal) {
      setBusy(true);
      try {
        await p.onReveal();
      } catch (e) {
        setProblem((e as { message?: string }).message ?? "Could not show the value");
        setBusy(false);
        return;
      }
      setBusy(false);
    }
    setShown(!shown);
  };

  let placeholder = "";
  if (p.hiddenByAccess && p.value.set) placeholder = "Hidden by your collection access; kept as it is";
  else if (stored) placeholder = p.ariaLabel ? "•••••••• stored" : "•••••••• stored; type to replace";

  return (
    <div className="edit-hidden">
      {p.ariaLabel === undefined && <label htmlFor={id}>{p.label}</label>}
      <div className="edit-hidden-row">
        {p.multiline && shown ? (
          <textarea
            id={id}
            aria-label={p.ariaLabel}
            className="mono"
            value={text}
            rows={3}
            disabled={p.disabled || p.hiddenByAccess}
            placeholder={placeholder}
            onChange={(e) => p.onChange(e.target.value)}
          />
        ) : (
          <input
            id={id}
            aria-label={p.ariaLabel}
            className="mono"
            type={shown ? "text" : "password"}
            autoComplete="off"
            spellCheck={false}
            value={text}
            disabled={p.disabled || p.hiddenByAccess}
            placeholder={placeholder}
            aria-invalid={p.error ? true : undefined}
            onChange={(e) => p.onChange(e.target.value)}
          />
        )}
        <button
          type="button"
          className="icon"
          aria-label={`${shown ? "Hide" : "Show"} ${name.toLowerCase()}`}
          aria-pressed={shown}
          disabled={!canReveal || busy}
          onClick={toggle}
        >
          {shown ? "Hide" : "Show"}
        </button>
        {p.generator && (
          <button
            type="button"
            className="icon"
            aria-label={`Generate ${name.toLowerCase()}`}
            aria-expanded={generating}
            disabled={p.disabled || p.hiddenByAccess}
            onClick={() => setGenerating(!generating)}
          >
            Generate
          </button>
        )}
      </div>
      {p.generator && typed && <Strength value={typed} />}
      {(problem || p.error) && <div className="error">{problem ?? p.error}</div>}
      {generating && (
        <Generator
          onClose={() => setGenerating(false)}
          onUse={(v) => {
            p.onChange(v);
            setShown(true);
            setGenerating(false);
          }}
        />
      )}
    </div>
  );
}

// strength gives a rough hint from the length and the kinds of characters
// used; the item view and the overview use a real estimator.
export function strength(v: string): "weak" | "fair" | "strong" {
  let pool = 0;
  if (/[a-z]/.test(v)) pool += 26;
  if (/[A-Z]/.test(v)) pool += 26;
  if (/[0-9]/.test(v)) pool += 10;
  if (/[^a-zA-Z0-9]/.test(v)) pool += 33;
  const bits = v.length * Math.log2(Math.max(pool, 1));
  return bits < 50 ? "weak" : bits < 80 ? "fair" : "strong";
}

function Strength({ value }: { value: string }) {
  const s = strength(value);
  return <div className={`edit-strength edit-strength-${s}`}>Strength: {s}</div>;
}
