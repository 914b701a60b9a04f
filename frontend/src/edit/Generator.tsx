// The password and passphrase generator, opened from a password field.
// Options are checked here as Go checks them (validateGenerator) so that
// the message shows at once; Go generates (crypto/rand, the EFF word list).
import { useEffect, useId, useRef, useState } from "react";
import { Generate, GeneratorDefaults } from "../../wailsjs/go/app/EditService";
import type { app } from "../../wailsjs/go/models";
import { call, type AppError } from "../lib/call";
import { defaultLimits, validateGenerator, type GeneratorLimits } from "./form";

// The options last used, for the rest of the run (they are not secret).
let remembered: { password: app.GeneratorOptions; passphrase: app.GeneratorOptions; kind: string } | null = null;
let limits: GeneratorLimits = defaultLimits;

const fallbackPassword: app.GeneratorOptions = {
  kind: "password",
  length: 20,
  lowercase: true,
  uppercase: true,
  digits: true,
  symbols: true,
  minDigits: 1,
  minSymbols: 1,
  avoidAmbiguous: false,
  words: 0,
  separator: "",
  capitalize: false,
  includeNumber: false,
};
const fallbackPassphrase: app.GeneratorOptions = {
  ...fallbackPassword,
  kind: "passphrase",
  words: 5,
  separator: "-",
};

export interface GeneratorProps {
  onUse: (value: string) => void;
  onClose: () => void;
}

export function Generator({ onUse, onClose }: GeneratorProps) {
  const [opts, setOpts] = useState(remembered ?? { password: fallbackPassword, passphrase: fallbackPassphrase, kind: "password" });
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const id = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const current = opts.kind === "passphrase" ? opts.passphrase : opts.password;

  useEffect(() => {
    if (remembered) return;
    let live = true;
    call(() => GeneratorDefaults()).then(
      (d) => {
        limits = d.limits;
        remembered = { password: d.password, passphrase: d.passphrase, kind: "password" };
        if (live) setOpts(remembered);
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    rootRef.current?.querySelector<HTMLElement>("input")?.focus();
  }, []);

  useEffect(() => {
    remembered = opts;
    const problem = validateGenerator(current, limits);
    if (problem) {
      setError(problem);
      setValue("");
      return;
    }
    let live = true;
    call(() => Generate(current)).then(
      (v) => {
        if (!live) return;
        setValue(v);
        setError(null);
      },
      (e: AppError) => {
        if (!live) return;
        setValue("");
        setError(e.message);
      },
    );
    return () => {
      live = false;
    };
  }, [opts, round]); // current derives from opts

  const set = (patch: Partial<app.GeneratorOptions>) =>
    setOpts((o) => (o.kind === "passphrase" ? { ...o, passphrase: { ...o.passphrase, ...patch } } : { ...o, password: { ...o.password, ...patch } }));
  const num = (s: string) => (s.trim() === "" ? NaN : Number(s));

  const check = (label: string, key: "lowercase" | "uppercase" | "digits" | "symbols" | "avoidAmbiguous" | "capitalize" | "includeNumber") => (
    <label className="inline">
      <input type="checkbox" checked={current[key]} onChange={(e) => set({ [key]: e.target.checked })} />
      {label}
    </label>
  );

  return (
    <div
      ref={rootRef}
      className="edit-generator"
      role="group"
      aria-labelledby={`${id}-title`}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="edit-generator-head">
        <h3 id={`${id}-title`}>Generate password</h3>
        <div role="radiogroup" aria-label="Kind" className="edit-generator-kind">
          {(["password", "passphrase"] as const).map((k) => (
            <label className="inline" key={k}>
              <input type="radio" name={`${id}-kind`} checked={opts.kind === k} onChange={() => setOpts((o) => ({ ...o, kind: k }))} />
              {k === "password" ? "Random characters" : "Passphrase"}
            </label>
          ))}
        </div>
      </div>

      <output className="edit-generator-value mono" aria-label="Generated value" aria-live="polite">
        {value || "\u00a0"}
      </output>

      {opts.kind === "password" ? (
        <div className="edit-generator-opts">
          <label>
            Length
            <input
              type="number"
              min={limits.minLength}
              max={limits.maxLength}
              value={Number.isNaN(current.length) ? "" : current.length}
              onChange={(e) => set({ length: num(e.target.value) })}
            />
          </label>
          <label>
            Minimum numbers
            <input
              type="number"
              min={0}
              max={limits.maxMinCount}
              value={Number.isNaN(current.minDigits) ? "" : current.minDigits}
              onChange={(e) => set({ minDigits: num(e.target.value) })}
            />
          </label>
          <label>
            Minimum special characters
            <input
              type="number"
              min={0}
              max={limits.maxMinCount}
              value={Number.isNaN(current.minSymbols) ? "" : current.minSymbols}
              onChange={(e) => set({ minSymbols: num(e.target.value) })}
            />
          </label>
          <fieldset className="edit-generator-sets">
            <legend>Characters</legend>
            {check("A–Z", "uppercase")}
            {check("a–z", "lowercase")}
            {check("0–9", "digits")}
            {check("!@#$%^&*", "symbols")}
            {check("Avoid ambiguous characters", "avoidAmbiguous")}
          </fieldset>
        </div>
      ) : (
        <div className="edit-generator-opts">
          <label>
            Number of words
            <input
              type="number"
              min={limits.minWords}
              max={limits.maxWords}
              value={Number.isNaN(current.words) ? "" : current.words}
              onChange={(e) => set({ words: num(e.target.value) })}
            />
          </label>
          <label>
            Word separator
            <input value={current.separator} onChange={(e) => set({ separator: e.target.value })} />
          </label>
          <fieldset className="edit-generator-sets">
            <legend>Words</legend>
            {check("Capitalise", "capitalize")}
            {check("Include a number", "includeNumber")}
          </fieldset>
        </div>
      )}

      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <div className="actions">
        <button type="button" onClick={() => setRound((r) => r + 1)} disabled={error !== null}>
          Regenerate
        </button>
        <button type="button" onClick={onClose}>
          Close generator
        </button>
        <button type="button" className="primary" disabled={!value || error !== null} onClick={() => onUse(value)}>
          Use this {opts.kind}
        </button>
      </div>
    </div>
  );
}
