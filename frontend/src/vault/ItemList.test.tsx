// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { createRef } from "react";
import type { app } from "../../wailsjs/go/models";

// Go, as the list sees it: the test answers each search when it likes.
const pending: { q: app.SearchQuery; answer: () => void }[] = [];
vi.mock("../../wailsjs/go/app/VaultService", () => ({
  Search: (q: app.SearchQuery) =>
    new Promise<app.SearchPage>((resolve) => {
      const total = q.text.length * 10;
      const rows = Array.from({ length: Math.min(q.limit, total) }, (_, i) => ({
        id: `${q.text}-${i}`,
        accountId: "a",
        accountEmail: "tech@msp.example",
        name: `${q.text} item ${i}`,
        username: "admin",
        host: "10.0.0.1",
        type: 1,
        orgId: "x",
        orgName: "Business X",
        collections: [],
      })) as unknown as app.SearchRow[];
      pending.push({ q, answer: () => resolve({ text: q.text, total, offset: q.offset, rows }) });
    }),
  Sidebar: () => new Promise(() => {}),
  Copy: vi.fn(),
  PinOrg: vi.fn(),
}));
vi.mock("../edit/BulkBar", () => ({ BulkBar: () => null }));
vi.mock("../edit/NewItemButton", () => ({ NewItemButton: () => null }));

const { ItemList } = await import("./ItemList");
const { useVault } = await import("./store");

describe("ItemList", () => {
  beforeEach(() => {
    pending.length = 0;
  });
  afterEach(cleanup);

  it("reflects the text and total of the rows it shows, dropping stale answers", async () => {
    // Every keystroke searches at once (useVault's setQuery).
    render(<ItemList searchRef={createRef()} />);
    const box = screen.getByLabelText("Search");
    const list = screen.getByTestId("item-list");
    fireEvent.change(box, { target: { value: "r" } });
    fireEvent.change(box, { target: { value: "ro" } });
    expect(pending.map((p) => p.q.text)).toEqual(["r", "ro"]);
    expect(list.dataset.query).toBe("");

    await act(async () => pending[1].answer());
    expect(list.dataset.query).toBe("ro");
    expect(list.dataset.total).toBe("20");

    await act(async () => pending[0].answer()); // the stale "r"
    expect(list.dataset.query).toBe("ro");
    expect(list.dataset.total).toBe("20");
    expect(screen.getByText("20 items")).toBeTruthy();
  });
});
