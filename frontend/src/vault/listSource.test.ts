import { describe, expect, it } from "vitest";
import type { app } from "../../wailsjs/go/models";
import { ListSource, emptyFilter, type ListQuery } from "./listSource";

// A fake search over n items per query text, whose answers the test
// releases in any order.
function fakeSearch(n = 250) {
  const pending: { q: app.SearchQuery; resolve: () => void; reject: (e: unknown) => void }[] = [];
  const calls: app.SearchQuery[] = [];
  const fn = (q: app.SearchQuery) =>
    new Promise<app.SearchPage>((resolve, reject) => {
      calls.push(q);
      const total = q.text === "none" ? 0 : n;
      const rows: app.SearchRow[] = [];
      for (let i = q.offset; i < Math.min(total, q.offset + q.limit); i++) {
        rows.push({ id: `${q.text}-${i}`, accountId: "a", name: `${q.text} ${i}` } as app.SearchRow);
      }
      pending.push({ q, resolve: () => resolve({ text: q.text, total, offset: q.offset, rows }), reject });
    });
  const release = async (i: number) => {
    pending[i].resolve();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { fn, pending, calls, release };
}

const q = (text: string, filter = emptyFilter): ListQuery => ({ text, filter });

describe("ListSource", () => {
  it("shows a search only when its first page arrives, rows and total together", async () => {
    const f = fakeSearch();
    const s = new ListSource(f.fn, 100);
    void s.setQuery(q("r"));
    expect(s.snapshot().loaded).toBe(false);
    await f.release(0);
    const snap = s.snapshot();
    expect(snap.text).toBe("r");
    expect(snap.total).toBe(250);
    expect(s.row(0)?.id).toBe("r-0");
    expect(s.row(150)).toBeUndefined();
  });

  it("drops a response older than the one shown", async () => {
    const f = fakeSearch();
    const s = new ListSource(f.fn, 100);
    void s.setQuery(q("r"));
    void s.setQuery(q("ro"));
    void s.setQuery(q("rou"));
    await f.release(2); // "rou" answers first
    expect(s.snapshot().text).toBe("rou");
    await f.release(0); // then the stale "r"
    await f.release(1); // and "ro"
    expect(s.snapshot().text).toBe("rou");
    expect(s.row(0)?.id).toBe("rou-0");
  });

  it("shows an intermediate answer that is newer than what is shown", async () => {
    const f = fakeSearch();
    const s = new ListSource(f.fn, 100);
    void s.setQuery(q("r"));
    void s.setQuery(q("ro"));
    await f.release(0);
    expect(s.snapshot().text).toBe("r");
    await f.release(1);
    expect(s.snapshot().text).toBe("ro");
  });

  it("fetches each missing page once, and keeps pages of the shown search", async () => {
    const f = fakeSearch();
    const s = new ListSource(f.fn, 100);
    void s.setQuery(q("a"));
    await f.release(0);
    s.ensure(90, 210);
    s.ensure(95, 205); // already loading: no new request
    expect(f.calls.map((c) => c.offset)).toEqual([0, 100, 200]);
    await f.release(1);
    await f.release(2);
    expect(s.row(150)?.id).toBe("a-150");
    expect(s.row(249)?.id).toBe("a-249");
    s.ensure(0, 249); // all loaded
    expect(f.calls).toHaveLength(3);
    expect(s.indexOf((r) => r.id === "a-201")).toBe(201);
  });

  it("drops a page that arrives after the search changed", async () => {
    const f = fakeSearch();
    const s = new ListSource(f.fn, 100);
    void s.setQuery(q("a"));
    await f.release(0);
    s.ensure(100, 150); // request 1: page 1 of "a"
    void s.setQuery(q("b")); // request 2
    await f.release(2);
    await f.release(1); // page 1 of "a", now stale
    expect(s.snapshot().text).toBe("b");
    expect(s.row(100)).toBeUndefined();
  });

  it("does not search again for the query already wanted", async () => {
    const f = fakeSearch();
    const s = new ListSource(f.fn, 100);
    void s.setQuery(q("a"));
    await f.release(0);
    void s.setQuery(q("a"));
    expect(f.calls).toHaveLength(1);
    void s.setQuery(q("a", { ...emptyFilter, favorites: true }));
    expect(f.calls).toHaveLength(2);
    expect(f.calls[1].favorites).toBe(true);
  });

  it("reload keeps the rows until the new first page arrives, then drops the old pages", async () => {
    const f = fakeSearch();
    const s = new ListSource(f.fn, 100);
    void s.setQuery(q("a"));
    await f.release(0);
    s.ensure(100, 100);
    await f.release(1);
    void s.reload();
    expect(s.row(100)?.id).toBe("a-100");
    await f.release(2);
    expect(s.snapshot().seq).toBe(2);
    expect(s.row(0)?.id).toBe("a-0");
    expect(s.row(100)).toBeUndefined(); // to be fetched again
  });

  it("shows an error of the latest search only", async () => {
    const f = fakeSearch();
    const s = new ListSource(f.fn, 100);
    void s.setQuery(q("a"));
    void s.setQuery(q("b"));
    f.pending[0].reject({ code: "locked", message: "vault is locked" });
    await new Promise((r) => setTimeout(r, 0));
    expect(s.snapshot().error).toBeNull();
    f.pending[1].reject({ code: "locked", message: "vault is locked" });
    await new Promise((r) => setTimeout(r, 0));
    expect(s.snapshot().error).toEqual({ code: "locked", message: "vault is locked" });
  });

  it("notifies subscribers with a new snapshot on each change", async () => {
    const f = fakeSearch();
    const s = new ListSource(f.fn, 100);
    const seen: unknown[] = [];
    const off = s.subscribe(() => seen.push(s.snapshot()));
    void s.setQuery(q("none"));
    await f.release(0);
    off();
    expect(seen).toHaveLength(1);
    expect(s.snapshot().total).toBe(0);
    s.ensure(0, 10); // empty: nothing to fetch
    expect(f.calls).toHaveLength(1);
  });

  it("clear forgets the rows and drops answers already on their way", async () => {
    const f = fakeSearch();
    const s = new ListSource(f.fn, 100);
    void s.setQuery(q("a"));
    await f.release(0);
    void s.setQuery(q("b"));
    s.clear();
    expect(s.snapshot().loaded).toBe(false);
    expect(s.row(0)).toBeUndefined();
    await f.release(1); // "b" was sent before the clear
    expect(s.snapshot().loaded).toBe(false);
    void s.setQuery(q("b")); // not shown: searched again
    await f.release(2);
    expect(s.snapshot().text).toBe("b");
  });
});
