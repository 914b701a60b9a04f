// The first-run screen: the product, "Try the sandbox" (the built-in
// server with demo data, signed in as the demo technician) and "Add an
// account" (sign in to Bitwarden US, EU or a self-hosted server).
import { useEffect, useState } from "react";
import { TrySandbox } from "../../wailsjs/go/app/SessionService";
import { EventsOn } from "../../wailsjs/runtime/runtime";
import { call, type AppError } from "../lib/call";
import { Logo } from "../Logo";
import { SignInForm } from "./SignInForm";
import { rememberAccount, useSession } from "./store";

// addStep records a "sandbox:progress" step once, in order.
export function addStep(steps: string[], step: unknown): string[] {
  return typeof step === "string" && step !== "" && !steps.includes(step) ? [...steps, step] : steps;
}

export function SandboxProgress({ steps, busy }: { steps: string[]; busy: boolean }) {
  if (steps.length === 0) return null;
  return (
    <ol className="session-steps" aria-label="Sandbox progress" aria-live="polite">
      {steps.map((s, i) => {
        const current = busy && i === steps.length - 1;
        return (
          <li key={s} className={current ? "current" : "done"}>
            <span aria-hidden="true" className="session-step-mark">
              {current ? "…" : "✓"}
            </span>
            {s}
            {current && s === "Creating the demo data" && <span className="muted"> (takes a few seconds)</span>}
          </li>
        );
      })}
    </ol>
  );
}

export function Welcome() {
  const refresh = useSession((s) => s.refresh);
  const [steps, setSteps] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(
    () => EventsOn("sandbox:progress", (p: { step?: string }) => setSteps((s) => addStep(s, p?.step))),
    [],
  );

  async function trySandbox() {
    setBusy(true);
    setError(null);
    setSteps([]);
    try {
      const a = await call(() => TrySandbox());
      rememberAccount(a.id);
      await refresh();
    } catch (e) {
      setError((e as AppError).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="welcome">
      <header className="welcome-head">
        <Logo size={56} />
        <div>
          <h1>Vaultdesk</h1>
          <p className="muted">Every client's vault and organization, one search away.</p>
        </div>
      </header>
      <div className="welcome-paths">
        <section className="welcome-card" aria-labelledby="welcome-sandbox">
          <h2 id="welcome-sandbox">New here?</h2>
          <p>
            Try every feature on a local sandbox server with demo data: an MSP technician with a personal
            vault and three client organizations. Nothing leaves this computer.
          </p>
          <div className="session-actions">
            <button type="button" className="primary" autoFocus onClick={trySandbox} disabled={busy}>
              Try the sandbox
            </button>
          </div>
          <SandboxProgress steps={steps} busy={busy} />
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
        </section>
        <section className="welcome-card" aria-labelledby="welcome-signin">
          <h2 id="welcome-signin">Add an account</h2>
          <SignInForm
            onSignedIn={(a) => {
              rememberAccount(a.id);
              refresh();
            }}
          />
        </section>
      </div>
    </div>
  );
}
