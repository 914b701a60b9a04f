// Master-password re-prompt: Go refuses the secrets of an item that has it
// (code "reprompt") until the user types the master password again. Every
// reveal, copy and TOTP call goes through withReprompt, which asks once
// through <RepromptDialog/> (mounted once, in App) and retries.
import { useState } from "react";
import { create } from "zustand";
import { VerifyReprompt } from "../../wailsjs/go/app/VaultService";
import type { ItemRef } from "../state/selection";
import { call, isAppError, type AppError } from "./call";
import { Dialog } from "./Dialog";

interface Pending {
  item: ItemRef;
  message: string;
  done: (ok: boolean) => void;
}

interface RepromptState {
  pending: Pending | null;
  ask: (item: ItemRef, message: string) => Promise<boolean>;
}

export const useReprompt = create<RepromptState>((set, get) => ({
  pending: null,
  ask: (item, message) =>
    new Promise<boolean>((resolve) => {
      get().pending?.done(false); // one question at a time
      set({
        pending: {
          item,
          message,
          done: (ok) => {
            set({ pending: null });
            resolve(ok);
          },
        },
      });
    }),
}));

const cancelled: AppError = { code: "cancelled", message: "Cancelled: the master password was not entered" };

// withReprompt runs f and, if Go asks for the master password first, asks
// the user and runs f again.
export async function withReprompt<T>(item: ItemRef, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (!isAppError(e) || e.code !== "reprompt") throw e;
    if (!(await useReprompt.getState().ask(item, e.message))) throw cancelled;
    return await f();
  }
}

export function RepromptDialog() {
  const pending = useReprompt((s) => s.pending);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!pending) return null;

  const finish = (ok: boolean) => {
    setPassword("");
    setError(null);
    pending.done(ok);
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await call(() => VerifyReprompt(pending.item.accountId, pending.item.id, password));
      finish(true);
    } catch (err) {
      setError((err as AppError).code === "wrong-password" ? "Wrong master password" : (err as AppError).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title="Master password required" onClose={() => finish(false)} busy={busy}>
      <form className="reprompt-form" onSubmit={submit}>
        <p>{pending.message}.</p>
        <label>
          Master password
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} data-autofocus />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={() => finish(false)} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || password === ""}>
            Continue
          </button>
        </div>
      </form>
    </Dialog>
  );
}
