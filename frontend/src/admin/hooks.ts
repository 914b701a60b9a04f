// Small hooks the admin pages share: load data from Go when its inputs or
// the admin version change, and run an action with its busy and error
// state (the error is shown where the user acted).
import { useCallback, useEffect, useRef, useState } from "react";
import { call, type AppError } from "../lib/call";
import { useAdmin } from "./store";

export interface Loaded<T> {
  data: T | null;
  error: AppError | null;
  loading: boolean;
  reload: () => void;
}

// useLoad calls fn when key changes (and when the admin data changed);
// fn === null loads nothing. An answer that arrives after a newer call
// started is dropped.
export function useLoad<T>(key: string, fn: (() => Promise<T>) | null): Loaded<T> {
  const version = useAdmin((s) => s.version);
  const [state, setState] = useState<{ key: string; data: T | null; error: AppError | null; loading: boolean }>({
    key,
    data: null,
    error: null,
    loading: fn !== null,
  });
  const [tick, setTick] = useState(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const seq = useRef(0);

  const enabled = fn !== null;
  useEffect(() => {
    const f = fnRef.current;
    if (!f) return;
    const n = ++seq.current;
    setState((s) => ({ key, data: s.key === key ? s.data : null, error: null, loading: true }));
    call(f).then(
      (data) => n === seq.current && setState({ key, data, error: null, loading: false }),
      (error: AppError) => n === seq.current && setState((s) => ({ ...s, key, error, loading: false })),
    );
  }, [key, enabled, version, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  if (!enabled) return { data: null, error: null, loading: false, reload };
  const same = state.key === key;
  return { data: same ? state.data : null, error: same ? state.error : null, loading: same ? state.loading : true, reload };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export interface Action {
  busy: boolean;
  error: AppError | null;
  run: <T>(fn: () => Promise<T>) => Promise<Result<T>>;
  clear: () => void;
}

// useAction runs a call with its busy state; a failure is kept in error
// for the screen to show beside the control.
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<Result<T>> => {
    setBusy(true);
    setError(null);
    try {
      return { ok: true, value: await call(fn) };
    } catch (e) {
      setError(e as AppError);
      return { ok: false, error: e as AppError };
    } finally {
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(null), []);
  return { busy, error, run, clear };
}
