// ListSource feeds the virtualised item list: it asks Go for the pages of
// one search as the list scrolls, and swaps to a new search only when that
// search's first page arrives, so the rows, the query they reflect and the
// total always change together. Responses older than what is shown are
// dropped (sequence numbers): typing fast never shows an older query's
// results after a newer one's.
import type { app } from "../../wailsjs/go/models";
import { toAppError, type AppError } from "../lib/call";

export type Row = app.SearchRow;

// The filter part of a search: everything but the text and the page.
export type ListFilter = Omit<app.SearchQuery, "text" | "offset" | "limit">;

export interface ListQuery {
  text: string;
  filter: ListFilter;
}

export type SearchFn = (q: app.SearchQuery) => Promise<app.SearchPage>;

export const PAGE_SIZE = 40;

export const emptyFilter: ListFilter = {
  accountId: "",
  orgId: "",
  collectionId: "",
  folderId: "",
  type: 0,
  favorites: false,
  trash: false,
};

export function queryKey(q: ListQuery): string {
  const f = q.filter;
  return JSON.stringify([q.text, f.accountId, f.orgId, f.collectionId, f.folderId, f.type, f.favorites, f.trash]);
}

// What the list shows; a new object whenever anything shown changes.
export interface ListSnapshot {
  key: string; // queryKey of the rows shown
  text: string; // the search text the rows reflect
  total: number;
  loaded: boolean; // false until the first page of any search arrived
  error: AppError | null;
  seq: number; // the request the shown rows came from
  pages: ReadonlyMap<number, Row[]>;
}

const initial: ListSnapshot = {
  key: "",
  text: "",
  total: 0,
  loaded: false,
  error: null,
  seq: 0,
  pages: new Map(),
};

export class ListSource {
  private snap: ListSnapshot = initial;
  private wanted: ListQuery = { text: "", filter: emptyFilter };
  private seq = 0; // last first-page request sent
  private inflight = new Set<number>(); // pages of the shown search being fetched
  private listeners = new Set<() => void>();

  constructor(
    private search: SearchFn,
    private pageSize = PAGE_SIZE,
  ) {}

  snapshot = (): ListSnapshot => this.snap;

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  query(): ListQuery {
    return this.wanted;
  }

  // setQuery shows q: its first page replaces the rows when it arrives.
  // Setting the query that is already wanted does nothing.
  setQuery(q: ListQuery): Promise<void> {
    if (this.snap.loaded && queryKey(q) === queryKey(this.wanted)) {
      return Promise.resolve();
    }
    this.wanted = q;
    return this.fetchFirst();
  }

  // reload asks for the wanted query again (the vault changed); the rows
  // shown stay until the new first page arrives.
  reload(): Promise<void> {
    return this.fetchFirst();
  }

  private async fetchFirst(): Promise<void> {
    const q = this.wanted;
    const seq = ++this.seq;
    try {
      const page = await this.search({ ...q.filter, text: q.text, offset: 0, limit: this.pageSize });
      if (seq <= this.snap.seq) return; // a newer search is already shown
      this.inflight.clear();
      this.set({
        key: queryKey(q),
        text: q.text,
        total: page.total,
        loaded: true,
        error: null,
        seq,
        pages: new Map([[0, page.rows ?? []]]),
      });
    } catch (reason) {
      if (seq < this.seq) return; // only the latest request's failure matters
      this.set({ ...this.snap, error: toAppError(reason), seq: Math.max(seq, this.snap.seq) });
    }
  }

  // clear forgets the rows shown (the screen closed, the vault may lock):
  // answers to requests already sent are dropped, and the next setQuery
  // searches again.
  clear(): void {
    this.inflight.clear();
    this.set({ ...initial, seq: this.seq, pages: new Map() });
  }

  // row returns row i of the shown search, undefined while its page loads.
  row(i: number, snap: ListSnapshot = this.snap): Row | undefined {
    return snap.pages.get(Math.floor(i / this.pageSize))?.[i % this.pageSize];
  }

  // ensure fetches the pages holding rows start..end (inclusive) of the
  // shown search that are not loaded or loading.
  ensure(start: number, end: number): void {
    const s = this.snap;
    if (!s.loaded || s.total === 0) return;
    const last = Math.min(end, s.total - 1);
    for (let p = Math.floor(Math.max(0, start) / this.pageSize); p * this.pageSize <= last; p++) {
      if (!s.pages.has(p) && !this.inflight.has(p)) void this.fetchPage(p);
    }
  }

  private async fetchPage(p: number): Promise<void> {
    const s = this.snap;
    const q = this.wanted;
    // Pages follow the shown search, which may not be the wanted one yet.
    const shown = queryKey(q) === s.key ? q : null;
    if (!shown) return;
    this.inflight.add(p);
    try {
      const page = await this.search({
        ...shown.filter,
        text: shown.text,
        offset: p * this.pageSize,
        limit: this.pageSize,
      });
      if (this.snap.seq !== s.seq) return; // another search (or a reload) replaced it
      const pages = new Map(this.snap.pages);
      pages.set(p, page.rows ?? []);
      this.set({ ...this.snap, pages, total: page.total });
    } catch (reason) {
      if (this.snap.seq === s.seq) this.set({ ...this.snap, error: toAppError(reason) });
    } finally {
      if (this.snap.seq === s.seq) this.inflight.delete(p);
    }
  }

  // indexOf finds a row among the loaded pages.
  indexOf(pred: (r: Row) => boolean): number {
    for (const [p, rows] of this.snap.pages) {
      const i = rows.findIndex(pred);
      if (i >= 0) return p * this.pageSize + i;
    }
    return -1;
  }

  private set(s: ListSnapshot) {
    this.snap = s;
    for (const fn of this.listeners) fn();
  }
}
