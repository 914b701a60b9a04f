// @vitest-environment jsdom
import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useAction, useLoad } from "./hooks";
import { useAdmin } from "./store";

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("useLoad", () => {
  it("drops an answer that arrives after a newer call started", async () => {
    const calls = { x: deferred<string>(), y: deferred<string>() };
    const { result, rerender } = renderHook(({ k }) => useLoad(k, () => calls[k as "x" | "y"].promise), {
      initialProps: { k: "x" },
    });
    expect(result.current.loading).toBe(true);
    rerender({ k: "y" });
    await act(async () => calls.y.resolve("org Y"));
    await act(async () => calls.x.resolve("org X"));
    expect(result.current.data).toBe("org Y");
    expect(result.current.loading).toBe(false);
  });

  it("reloads when the admin data changed", async () => {
    let n = 0;
    const { result } = renderHook(() => useLoad("k", async () => ++n));
    await waitFor(() => expect(result.current.data).toBe(1));
    act(() => useAdmin.getState().changed());
    await waitFor(() => expect(result.current.data).toBe(2));
  });

  it("loads nothing without a function", () => {
    const { result } = renderHook(() => useLoad<string>("k", null));
    expect(result.current).toMatchObject({ data: null, error: null, loading: false });
  });

  it("keeps the error of a failed load", async () => {
    const { result } = renderHook(() => useLoad("k", () => Promise.reject({ code: "not-allowed", message: "you are a user there" })));
    await waitFor(() => expect(result.current.error?.code).toBe("not-allowed"));
  });
});

describe("useAction", () => {
  it("reports success with the value and failure with the error", async () => {
    const { result } = renderHook(() => useAction());
    let ok: unknown;
    await act(async () => {
      ok = await result.current.run(async () => 42);
    });
    expect(ok).toEqual({ ok: true, value: 42 });
    let bad: unknown;
    await act(async () => {
      bad = await result.current.run(() => Promise.reject({ code: "conflict", message: "key changed" }));
    });
    expect(bad).toEqual({ ok: false, error: { code: "conflict", message: "key changed" } });
    expect(result.current.error?.code).toBe("conflict");
    expect(result.current.busy).toBe(false);
  });
});
