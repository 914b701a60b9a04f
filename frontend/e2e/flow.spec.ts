// The technician's day in one spec, against the real app (scripts/e2e.sh:
// `wails dev` with the Go backend, a fresh data directory, Xvfb).
import { test, expect } from "@playwright/test";
import { DEMO_PASSWORD, directives, readClipboard, recordViolations, sourcePolicy, violations } from "./support";

test.describe.configure({ mode: "serial" });

test("the content security policy the app ships with is in force", async ({ page }) => {
  await page.goto("/");

  // The page carries the policy of frontend/index.html, unchanged (Vite's
  // dev server would have loosened it).
  const served = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute("content");
  expect(served).toBe(sourcePolicy());
  const d = directives(served!);
  expect(d.get("default-src")).toEqual(["'none'"]);
  expect(d.get("script-src")).toEqual(["'self'"]);
  expect(d.get("connect-src")).toEqual(["'self'"]);
  expect(d.get("style-src")).toEqual(["'self'"]);
  expect(d.get("object-src")).toEqual(["'none'"]);
  expect(d.get("base-uri")).toEqual(["'none'"]);

  // And the browser enforces it: an injected inline script does not run,
  // eval throws, a connection elsewhere is refused, and each is reported.
  const probe = await page.evaluate(async () => {
    const seen: string[] = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      seen.push(`${e.effectiveDirective} ${e.blockedURI}`),
    );
    const w = window as unknown as { __inlineRan?: boolean };
    const s = document.createElement("script");
    s.textContent = "window.__inlineRan = true";
    document.head.append(s);
    // eval runs in a later task: code Playwright evaluates directly is
    // exempt from the eval rule (CDP's allowUnsafeEvalBlockedByCSP).
    const evalBlocked = await new Promise<boolean>((resolve) =>
      setTimeout(() => {
        try {
          (0, eval)("1 + 1");
          resolve(false);
        } catch (e) {
          resolve(e instanceof EvalError);
        }
      }, 0),
    );
    let fetchBlocked = false;
    try {
      await fetch("https://example.com/");
    } catch {
      fetchBlocked = true;
    }
    // A refused websocket fails asynchronously (Chromium) or throws
    // (older engines); either way it never opens.
    const wsOpened = await new Promise<boolean>((resolve) => {
      try {
        const ws = new WebSocket("ws://127.0.0.2:9/");
        ws.onopen = () => resolve(true);
        ws.onerror = ws.onclose = () => resolve(false);
      } catch {
        resolve(false);
      }
    });
    await new Promise((r) => setTimeout(r, 200));
    return { inlineRan: w.__inlineRan === true, evalBlocked, fetchBlocked, wsOpened, seen };
  });
  expect(probe.inlineRan, "an injected inline script ran").toBe(false);
  expect(probe.evalBlocked, "eval ran").toBe(true);
  expect(probe.fetchBlocked, "fetch to another origin went through").toBe(true);
  expect(probe.wsOpened, "a websocket to another origin opened").toBe(false);
  expect(probe.seen).toEqual(
    expect.arrayContaining([
      "script-src-elem inline",
      "script-src eval",
      "connect-src https://example.com/",
      "connect-src ws://127.0.0.2:9/",
    ]),
  );
});

test("the app itself never trips its policy", async ({ page }) => {
  await recordViolations(page);
  await page.goto("/");
  await page.waitForLoadState("networkidle");
  expect(await violations(page)).toEqual([]);
});

test("a technician's call: sandbox, search, copy, edit, administer, lock and unlock", async ({ page }) => {
  await recordViolations(page);
  await page.goto("/");

  // First run: the welcome screen, "Try the sandbox" focused.
  const tryIt = page.getByRole("button", { name: "Try the sandbox" });
  await expect(tryIt).toBeFocused();
  await page.keyboard.press("Enter");

  // The sandbox starts, seeds the demo MSP and signs in: the vault opens
  // with the search box focused.
  const search = page.getByLabel("Search", { exact: true });
  await expect(search).toBeVisible({ timeout: 120_000 });
  await expect(search).toBeFocused();
  const list = page.getByTestId("item-list");

  await test.step('search "router"', async () => {
    await search.pressSequentially("router");
    await expect(list).toHaveAttribute("data-query", "router");
    await expect(list.getByRole("option").first()).toBeVisible();
  });

  // The best match is selected; make sure it is a client's router (the
  // personal vault has one too) without master-password re-prompt (a later
  // step covers that), then Enter copies its password.
  const selected = list.getByRole("option", { selected: true });
  const item = page.getByRole("region", { name: "Item", exact: true });
  const reprompted = async () => {
    const rowName = (await selected.locator(".vault-row-name").innerText()).trim();
    await expect(item.getByRole("heading", { level: 2 })).toHaveText(rowName);
    return (await item.getByText("Master password re-prompt").count()) > 0;
  };
  for (let i = 0; i < 6 && (/My vault/.test(await selected.innerText()) || (await reprompted())); i++) {
    await page.keyboard.press("ArrowDown");
  }
  const row = await selected.innerText();
  const org = row.match(/Business [XYZ]/)?.[0];
  expect(org, `selected row: ${row}`).toBeTruthy();
  const name = (await item.getByRole("heading", { level: 2 }).innerText()).trim();
  expect(name).toMatch(/router/i);
  expect(await reprompted(), "the copy step needs an item without re-prompt").toBe(false);

  await test.step("Enter copies the password; the banner names the client", async () => {
    await search.focus();
    await page.keyboard.press("Enter");
    const banner = page.getByRole("status").filter({ hasText: "copied" });
    await expect(banner).toContainText(`Password of ${name} copied — ${org}`);
    await expect(banner).toContainText(/clears in \d+ s/);

    // What a paste would paste: the X clipboard the app wrote with xclip,
    // compared with the value Reveal shows for the same item.
    let pasted = "";
    await expect.poll(() => (pasted = readClipboard())).not.toBe("");
    await item.getByRole("button", { name: "Reveal Password" }).click();
    const shown = item.locator(".vault-field", { has: page.getByRole("button", { name: "Hide Password" }) }).locator(".vault-field-value");
    await expect(shown).not.toHaveText(/•/);
    expect(pasted).toBe((await shown.innerText()).trim());
    expect(pasted.length).toBeGreaterThanOrEqual(12);
  });

  const renamed = `${name} (e2e edit)`;
  await test.step("edit the item: rename it, save, see it in the list", async () => {
    await item.getByRole("toolbar", { name: "Item actions" }).getByRole("button", { name: "Edit" }).click();
    const editor = page.getByRole("dialog");
    const nameBox = editor.getByLabel("Name", { exact: true });
    await expect(nameBox).toHaveValue(name);
    await nameBox.fill(renamed);
    await editor.getByRole("button", { name: "Save" }).click();
    await expect(editor).toBeHidden();
    await expect(list.getByText(renamed, { exact: true })).toBeVisible();
    await expect(item.getByRole("heading", { level: 2 })).toHaveText(renamed);
  });

  // Administration of Business X, from the Admin section.
  await page.getByRole("tab", { name: "Admin" }).click();
  const adminMenu = page.getByRole("navigation", { name: "Administration menu" });
  await adminMenu.getByRole("list", { name: "Organizations" }).getByRole("button", { name: "Business X" }).click();
  const orgPages = adminMenu.getByRole("list", { name: "Business X pages" });
  const main = page.getByRole("region", { name: "Administration" });

  const collection = "E2E Remote access";
  await test.step("create a collection in Business X", async () => {
    await orgPages.getByRole("button", { name: "Collections" }).click();
    await expect(main.getByRole("heading", { name: "Collections", level: 1 })).toBeVisible();
    const tree = main.getByRole("list", { name: "Collections of Business X" });
    await expect(tree).toContainText("Network");
    await expect(tree).not.toContainText(collection);
    await main.getByRole("button", { name: "New collection" }).click();
    const dialog = page.getByRole("dialog", { name: "New collection in Business X" });
    await dialog.getByLabel("Name", { exact: true }).fill(collection);
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(dialog).toBeHidden();
    await expect(main.getByRole("status")).toContainText(`Created ${collection} in Business X`);
    await expect(tree).toContainText(collection);
  });

  const invitee = `e2e.${Date.now().toString(36)}@businessx.example`;
  await test.step("invite a member", async () => {
    await orgPages.getByRole("button", { name: "Members" }).click();
    await expect(main.getByRole("heading", { name: "Members", level: 1 })).toBeVisible();
    await main.getByRole("button", { name: "Invite members" }).click();
    const dialog = page.getByRole("dialog", { name: "Invite members to Business X" });
    const emails = dialog.getByLabel("Email addresses");
    // A bad address is refused in the dialog, before anything is sent.
    await emails.fill("not an address");
    await dialog.getByRole("button", { name: "Send invitations" }).click();
    await expect(dialog).toContainText("Not an email address");
    await emails.fill(invitee);
    await dialog.getByRole("button", { name: "Send invitations" }).click();
    await expect(dialog).toBeHidden();
    await expect(main.getByRole("status")).toContainText(`Invited ${invitee} to Business X`);
    await expect(main.getByRole("row").filter({ hasText: invitee })).toContainText("Invited");
  });

  await test.step("confirm a member from the queue, with the fingerprint phrase shown", async () => {
    await adminMenu.getByRole("button", { name: /^Confirm queue/ }).click();
    await expect(main.getByRole("heading", { name: "Confirm queue", level: 1 })).toBeVisible();
    const member = "contractor@businessx.example";
    const row = main.getByRole("row").filter({ has: page.getByRole("checkbox", { name: `Select ${member} in Business X` }) });
    const queued = (await row.getByRole("cell").nth(4).innerText()).trim();
    await row.getByRole("button", { name: /^Confirm/ }).click();

    const dialog = page.getByRole("dialog", { name: `Confirm ${member}` });
    const phrase = dialog.getByTestId("fingerprint-phrase");
    await expect(phrase).toHaveText(/^[a-z]+(-[a-z]+){4,}$/);
    expect((await phrase.innerText()).trim()).toBe(queued);
    // Confirm stays off until the phrase has been checked with the member.
    const confirm = dialog.getByRole("button", { name: "Confirm", exact: true });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(`I checked this phrase with ${member}`).check();
    await confirm.click();
    await expect(dialog).toBeHidden();
    await expect(main.getByRole("status")).toContainText(`Confirmed ${member}`);
    await expect(row).toHaveCount(0);
  });

  await test.step("back to the client's vault with the command palette", async () => {
    await page.keyboard.press("Control+K");
    // cmdk names its input after the palette's label.
    const palette = page.getByRole("combobox", { name: "Command palette" });
    await expect(palette).toBeFocused();
    await palette.fill(org!);
    await expect(page.getByRole("option", { name: new RegExp(`^${org}`) })).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await expect(palette).toBeHidden();
    await expect(search).toBeVisible();
    await expect(page.getByRole("region", { name: "Results" }).getByRole("heading", { level: 2 })).toHaveText(org!);
  });

  await test.step("lock, then unlock with the master password", async () => {
    await page.getByRole("button", { name: "Lock", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Unlock Vaultdesk" })).toBeVisible();
    await expect(search).toBeHidden();
    const password = page.getByLabel("Master password");
    await expect(password).toBeFocused();

    // A wrong password is refused where it was typed.
    await password.fill("not-the-password");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("alert")).toBeVisible();

    await password.fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Unlock", exact: true }).click();
    await expect(search).toBeVisible();
    // The vault is back as it was left: the search still finds the item.
    await search.fill("router");
    await expect(list, "after unlocking, the list shows the search's results again").toHaveAttribute("data-query", "router");
    await expect(list.getByText(renamed, { exact: true })).toBeVisible();
  });

  await test.step("an item with master-password re-prompt asks for it before copying", async () => {
    await search.fill("Domain controller DC01");
    await expect(list).toHaveAttribute("data-query", "Domain controller DC01");
    await expect(page.getByRole("region", { name: "Item", exact: true }).getByRole("heading", { level: 2 })).toHaveText(
      "Domain controller DC01",
    );
    await search.focus();
    await page.keyboard.press("Enter");
    const ask = page.getByRole("dialog", { name: "Master password required" });
    await expect(ask).toBeVisible();
    const password = ask.getByLabel("Master password");
    await expect(password).toBeFocused();
    await password.fill("not-the-password");
    await page.keyboard.press("Enter");
    await expect(ask.getByRole("alert")).toHaveText("Wrong master password");
    await password.fill(DEMO_PASSWORD);
    await page.keyboard.press("Enter");
    await expect(ask).toBeHidden();
    await expect(page.getByRole("status").filter({ hasText: "copied" })).toContainText("Password of Domain controller DC01 copied");
  });

  expect(await violations(page), "content security policy violations").toEqual([]);
});
