// Targets (folders, and organizations with the collections items can go
// into) for the pickers, read once per account and vault version.
import { useEffect, useState } from "react";
import { Targets } from "../../wailsjs/go/app/EditService";
import type { app } from "../../wailsjs/go/models";
import { call, type AppError } from "../lib/call";
import { useSelection } from "../state/selection";

const cache = new Map<string, Promise<app.Targets>>();

function load(accountId: string, version: number): Promise<app.Targets> {
  const key = `${version}:${accountId}`;
  let p = cache.get(key);
  if (!p) {
    p = call(() => Targets(accountId));
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

export interface TargetsState {
  targets: app.Targets | null;
  error: AppError | null;
}

export function useTargets(accountId: string | null): TargetsState {
  const version = useSelection((s) => s.vaultVersion);
  const [state, setState] = useState<TargetsState>({ targets: null, error: null });
  useEffect(() => {
    if (!accountId) return;
    let live = true;
    load(accountId, version).then(
      (targets) => live && setState({ targets, error: null }),
      (error: AppError) => live && setState({ targets: null, error }),
    );
    return () => {
      live = false;
    };
  }, [accountId, version]);
  return state;
}

// collectionsOf returns the collections an organization offers.
export function collectionsOf(t: app.Targets | null, orgId: string): app.CollectionOption[] {
  return t?.orgs.find((o) => o.id === orgId)?.collections ?? [];
}
