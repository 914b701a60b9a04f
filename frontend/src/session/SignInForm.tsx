// Sign in to a Bitwarden server: US, EU or self-hosted; email and master
// password, or a personal API key; then, when the server asks, the two-step
// code or the new-device code. The master password and the API key's
// secret stay in their (uncontrolled) inputs, which are kept mounted but
// hidden during the code step because the retry sends them again, and
// cleared once signed in.
import { useId, useRef, useState } from "react";
import type { app } from "../../wailsjs/go/models";
import { SignIn } from "../../wailsjs/go/app/SessionService";
import { call, type AppError } from "../lib/call";
import { CODE_METHODS, methodLabel, signInMessage, type SignInStage } from "./messages";

type ServerChoice = "us" | "eu" | "self";

export function SignInForm({
  onSignedIn,
  autoFocus = false,
}: {
  onSignedIn: (a: app.AccountView) => void;
  autoFocus?: boolean;
}) {
  const [server, setServer] = useState<ServerChoice>("us");
  const [url, setUrl] = useState("");
  const [email, setEmail] = useState("");
  const [useKey, setUseKey] = useState(false);
  const [clientId, setClientId] = useState("");
  const password = useRef<HTMLInputElement>(null);
  const secret = useRef<HTMLInputElement>(null);
  const codeField = useRef<HTMLInputElement>(null);

  const [stage, setStage] = useState<SignInStage>("credentials");
  const [methods, setMethods] = useState<string[]>([]);
  const [method, setMethod] = useState("authenticator");
  const [emailSent, setEmailSent] = useState(false);
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const codeMethods = methods.filter((m) => CODE_METHODS.includes(m));
  // Selects are named by their caption alone (aria-labelledby): the text
  // of a <label> around a select includes its options.
  const serverLabel = useId();
  const methodLabelId = useId();

  async function submit(extra: Partial<app.SignInRequest>) {
    setBusy(true);
    setError(null);
    const req: app.SignInRequest = {
      server: server === "self" ? url.trim() : server,
      email: email.trim(),
      password: password.current?.value ?? "",
      twoFactorMethod: "",
      twoFactorCode: "",
      newDeviceCode: "",
      clientId: useKey ? clientId.trim() : "",
      clientSecret: useKey ? (secret.current?.value ?? "") : "",
      ...extra,
    };
    try {
      const res = await call(() => SignIn(req));
      if (res.status === "two-factor") {
        const offered = res.methods.filter((m) => CODE_METHODS.includes(m));
        setMethods(res.methods);
        setEmailSent(res.emailSent);
        setMethod(res.emailSent ? "email" : (offered.find((m) => m !== "email") ?? offered[0] ?? ""));
        setCode("");
        setStage("two-factor");
      } else if (res.status === "new-device") {
        setCode("");
        setStage("new-device");
      } else if (res.account) {
        if (password.current) password.current.value = "";
        if (secret.current) secret.current.value = "";
        onSignedIn(res.account);
      }
    } catch (e) {
      setError(signInMessage(e as AppError, stage, useKey));
      // The button was disabled while busy, which dropped the focus: put
      // it back where the user will type again.
      setTimeout(() => (stage === "credentials" ? password.current : codeField.current)?.select(), 0);
    } finally {
      setBusy(false);
    }
  }

  function back() {
    setStage("credentials");
    setError(null);
    setCode("");
  }

  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (stage === "credentials") submit({});
    else if (stage === "two-factor") submit({ twoFactorMethod: method, twoFactorCode: code });
    else submit({ newDeviceCode: code });
  };

  return (
    <form className="session-form" onSubmit={onSubmit} noValidate aria-label="Sign in">
      <div className="session-form" hidden={stage !== "credentials"}>
        <label>
          <span id={serverLabel}>Server</span>
          <select
            aria-labelledby={serverLabel}
            value={server}
            onChange={(e) => setServer(e.target.value as ServerChoice)}
          >
            <option value="us">Bitwarden US</option>
            <option value="eu">Bitwarden EU</option>
            <option value="self">Self-hosted</option>
          </select>
        </label>
        {server === "self" && (
          <label>
            Server URL
            <input
              type="url"
              value={url}
              placeholder="https://vault.example.com"
              onChange={(e) => setUrl(e.target.value)}
              autoComplete="url"
              spellCheck={false}
            />
          </label>
        )}
        <label>
          Email
          <input
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoComplete="username"
            spellCheck={false}
            autoFocus={autoFocus}
            data-autofocus
          />
        </label>
        <label>
          Master password
          <input ref={password} type="password" autoComplete="current-password" />
        </label>
        {useKey && (
          <>
            <label>
              API key client_id
              <input
                value={clientId}
                onChange={(e) => setClientId(e.target.value)}
                placeholder="user.…"
                spellCheck={false}
                autoComplete="off"
              />
            </label>
            <label>
              API key client_secret
              <input ref={secret} type="password" autoComplete="off" />
            </label>
            <p className="muted session-hint">
              The key signs in; the master password is still needed to decrypt the vault. Find the key in
              the web vault under Account settings → Security → Keys.
            </p>
          </>
        )}
        {stage === "credentials" && error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="session-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
          <button type="button" className="ghost" onClick={() => setUseKey(!useKey)}>
            {useKey ? "Use the master password only" : "Use a personal API key instead"}
          </button>
        </div>
      </div>

      {stage === "two-factor" && (
        <div className="session-form">
          <h3>Two-step login</h3>
          {codeMethods.length === 0 ? (
            <p className="error" role="alert">
              This account uses two-step login by {methods.map(methodLabel).join(", ")}, which Vaultdesk
              cannot do yet. Sign in with a personal API key instead, or add an authenticator app to the
              account.
            </p>
          ) : (
            <>
              {codeMethods.length > 1 && (
                <label>
                  <span id={methodLabelId}>Two-step method</span>
                  <select
                    aria-labelledby={methodLabelId}
                    value={method}
                    onChange={(e) => setMethod(e.target.value)}
                  >
                    {codeMethods.map((m) => (
                      <option key={m} value={m}>
                        {methodLabel(m)}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              {method === "email" && emailSent && <p className="notice">A code was emailed to {email.trim()}.</p>}
              {method === "email" && !emailSent ? (
                <div className="session-actions">
                  <button
                    type="button"
                    className="primary"
                    disabled={busy}
                    onClick={() => submit({ twoFactorMethod: "email", twoFactorCode: "" })}
                  >
                    Email me a code
                  </button>
                </div>
              ) : (
                <>
                  <label>
                    Verification code
                    <input
                      ref={codeField}
                      value={code}
                      onChange={(e) => setCode(e.target.value)}
                      inputMode="numeric"
                      autoComplete="one-time-code"
                      autoFocus
                      placeholder={method === "authenticator" ? "From your authenticator app" : ""}
                    />
                  </label>
                  {error && (
                    <p className="error" role="alert">
                      {error}
                    </p>
                  )}
                  <div className="session-actions">
                    <button type="submit" className="primary" disabled={busy || code.trim() === ""}>
                      {busy ? "Checking…" : "Verify"}
                    </button>
                    {method === "email" && (
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() => submit({ twoFactorMethod: "email", twoFactorCode: "" })}
                      >
                        Send a new code
                      </button>
                    )}
                  </div>
                </>
              )}
            </>
          )}
          {method === "email" && !emailSent && error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <button type="button" className="ghost session-back" onClick={back}>
            ← Back
          </button>
        </div>
      )}

      {stage === "new-device" && (
        <div className="session-form">
          <h3>Verify this device</h3>
          <p className="notice">
            The server does not know this computer yet and emailed a verification code to {email.trim()}.
          </p>
          <label>
            Verification code
            <input
              ref={codeField}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoComplete="one-time-code"
              spellCheck={false}
              autoFocus
            />
          </label>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <div className="session-actions">
            <button type="submit" className="primary" disabled={busy || code.trim() === ""}>
              {busy ? "Checking…" : "Verify"}
            </button>
            <button type="button" disabled={busy} onClick={() => submit({})}>
              Send a new code
            </button>
          </div>
          <button type="button" className="ghost session-back" onClick={back}>
            ← Back
          </button>
        </div>
      )}
    </form>
  );
}
