// The fingerprint dialog: before an accepted member gets the
// organization's key, the user reads the member's fingerprint phrase with
// them over a channel they trust. Confirm sends the token of the phrase
// shown, so Go confirms only that key; a changed key comes back as
// "conflict" and the new phrase is shown to check again. Skipping the check
// is possible, but only explicitly, behind a disclosure.
import { useEffect, useState } from "react";
import type { app } from "../../wailsjs/go/models";
import { Confirm, ConfirmUnchecked, Fingerprint } from "../../wailsjs/go/app/AdminService";
import { call, type AppError } from "../lib/call";
import { Dialog } from "../lib/Dialog";
import { useAction } from "./hooks";
import { roleLabel } from "./levels";
import { ErrorLine } from "../lib/Messages";

export interface FingerprintTarget {
  accountId: string;
  orgId: string;
  memberId: string;
  email: string;
  // known is the phrase already shown (the confirm queue has it).
  known?: app.FingerprintInfo;
}

export function FingerprintDialog({
  target,
  onClose,
  onConfirmed,
}: {
  target: FingerprintTarget;
  onClose: () => void;
  onConfirmed: (email: string) => void;
}) {
  const [info, setInfo] = useState<app.FingerprintInfo | null>(target.known ?? null);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const [checked, setChecked] = useState(false);
  const [changed, setChanged] = useState(false);
  const act = useAction();

  useEffect(() => {
    if (target.known) return;
    call(() => Fingerprint(target.accountId, target.orgId, target.memberId)).then(setInfo, setLoadError);
  }, [target]);

  const confirm = async () => {
    if (!info || !checked) return;
    const r = await act.run(() => Confirm(target.accountId, target.orgId, target.memberId, info.checked));
    if (r.ok) {
      onConfirmed(info.email);
      return;
    }
    if (r.error.code === "conflict") {
      // The key is not the one whose phrase was checked: show the new one.
      try {
        const fresh = await call(() => Fingerprint(target.accountId, target.orgId, target.memberId));
        setInfo(fresh);
        setChecked(false);
        setChanged(true);
        act.clear();
      } catch (e) {
        setLoadError(e as AppError);
      }
    }
  };

  const skip = async () => {
    const r = await act.run(() => ConfirmUnchecked(target.accountId, target.orgId, target.memberId));
    if (r.ok) onConfirmed(target.email);
  };

  const email = info?.email ?? target.email;
  return (
    <Dialog title={`Confirm ${email}`} onClose={onClose} busy={act.busy}>
      <ErrorLine error={loadError} />
      {!info && !loadError && <p className="muted">Fetching {email}'s public key…</p>}
      {info && (
        <>
          {changed && (
            <p className="error" role="alert">
              {email}'s key changed since the phrase was shown, so nothing was confirmed. This is the phrase of the new key:
              check it with them again.
            </p>
          )}
          <p>
            {email} accepted the invitation to <strong>{info.orgName}</strong> as {roleLabel(info.role)}. Before they get
            the organization's key, ask them to read you the fingerprint phrase their app shows (Settings → My account →
            Fingerprint phrase), over the phone or another channel you trust. Confirm only if it is this one:
          </p>
          <p className="admin-phrase" data-testid="fingerprint-phrase" aria-label="Fingerprint phrase">
            {info.phrase}
          </p>
          <label className="inline">
            <input type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} data-autofocus />
            I checked this phrase with {email}
          </label>
          <ErrorLine error={act.error} />
          <details className="admin-skip">
            <summary>Confirm without checking</summary>
            <p className="muted">
              Without the check, someone who controls the server could slip in a key of their own and read this
              organization's items. Skip it only if you verified {email} some other way.
            </p>
            <button type="button" className="danger" disabled={act.busy} onClick={skip}>
              Confirm {email} without checking
            </button>
          </details>
        </>
      )}
      <div className="actions">
        <button type="button" onClick={onClose} disabled={act.busy}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={!info || !checked || act.busy} onClick={confirm}>
          Confirm
        </button>
      </div>
    </Dialog>
  );
}
