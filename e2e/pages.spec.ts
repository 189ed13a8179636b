// Every page of every role, on a phone (390 × 844, touch) and on a desk (1280 wide): nothing wider
// than the screen, and no serious or critical axe-core violation. One walk per role collects every
// problem, so a failure names them all.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ACCOUNTS, signIn } from "./fixtures";

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const DESK = { viewport: { width: 1280, height: 900 } };
/** The narrowest phones still sold: checked for overflow only (axe's answers do not change with width). */
const SMALL = { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

type Walk = { account: keyof typeof ACCOUNTS | null; pages: string[]; firstLink?: { from: string; pattern: RegExp }[] };

const WALKS: Record<string, Walk> = {
  visitor: {
    account: null,
    pages: ["/", "/login", "/signup", "/reset-password?token=not-a-real-token", "/offline"],
  },
  traveler: {
    account: "traveler",
    pages: [
      "/explore",
      "/orders",
      "/identity",
      "/identity/wallet",
      "/identity/consents",
      "/identity/requests",
      "/identity/history",
      "/account",
    ],
    firstLink: [
      { from: "/orders", pattern: /^\/orders\/[0-9a-f-]{36}$/ },
      { from: "/explore", pattern: /^\/listings\/[0-9a-f-]{36}$/ },
    ],
  },
  host: {
    account: "host",
    pages: [
      "/host",
      "/host/orders",
      "/host/listings/new",
      "/host/promotions",
      "/host/invites",
      "/host/identity",
      "/host/identity/wallet",
      "/host/explore",
      "/host/bookings",
      "/host/account",
    ],
    firstLink: [
      { from: "/host/orders", pattern: /^\/host\/orders\/[0-9a-f-]{36}$/ },
      { from: "/host/explore", pattern: /^\/listings\/[0-9a-f-]{36}$/ },
      { from: "/host", pattern: /^\/host\/listings\/[0-9a-f-]{36}$/ },
    ],
  },
  moderator: {
    account: "moderator",
    pages: ["/moderation", "/moderation/reports", "/moderation/enrollments", "/moderation/keywords", "/moderation/account"],
    firstLink: [{ from: "/moderation", pattern: /^\/moderation\/items\/[0-9a-f-]{36}$/ }],
  },
  admin: {
    account: "admin",
    pages: [
      "/admin",
      "/admin/users",
      "/admin/invites",
      "/admin/districts",
      "/admin/flags",
      "/admin/kiosks",
      "/admin/organizations",
      "/admin/audit",
      "/admin/account",
    ],
  },
  verifier: {
    account: "verifier",
    pages: ["/verify", "/verify/requests", "/verify/history", "/verify/members", "/verify/account"],
  },
};

async function problemsOn(page: Page, path: string, width: string, overflowOnly = false): Promise<string[]> {
  const problems: string[] = [];
  const crashes: string[] = [];
  const onError = (error: Error) => crashes.push(error.message);
  page.on("pageerror", onError);
  const response = await page.goto(path);
  if (!response || response.status() >= 400) {
    page.off("pageerror", onError);
    return [`${width} ${path}: HTTP ${response?.status()}`];
  }
  await page.waitForLoadState("networkidle").catch(() => {});
  // Loading states settle first: skeletons and spinners are announced with aria-busy or role=status.
  await page
    .locator('[aria-busy="true"]')
    .first()
    .waitFor({ state: "detached", timeout: 5_000 })
    .catch(() => {});
  const overflow = await page.evaluate(() => {
    const doc = document.documentElement;
    if (doc.scrollWidth <= doc.clientWidth + 1) return null;
    // Name the widest element that sticks out, so the message says where to look.
    let worst: { tag: string; right: number } | null = null;
    for (const el of Array.from(document.body.querySelectorAll<HTMLElement>("*"))) {
      const r = el.getBoundingClientRect();
      if (r.right > doc.clientWidth + 1 && (!worst || r.right > worst.right)) {
        // Skip descendants of an element that scrolls on its own (a table in its own region).
        let p: HTMLElement | null = el.parentElement;
        let scrolls = false;
        while (p && p !== document.body) {
          const o = getComputedStyle(p).overflowX;
          if (o === "auto" || o === "scroll" || o === "hidden") {
            scrolls = true;
            break;
          }
          p = p.parentElement;
        }
        if (!scrolls)
          worst = {
            tag: `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(" ").slice(0, 3).join(".")}` : ""}`,
            right: Math.round(r.right),
          };
      }
    }
    return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, worst };
  });
  if (overflow)
    problems.push(
      `${width} ${path}: ${overflow.scrollWidth}px wide on a ${overflow.clientWidth}px screen (${overflow.worst?.tag ?? "?"})`,
    );
  // A page that fails after loading shows the error boundary (HTTP 200): that is a problem too.
  if (await page.getByText("Something went wrong on our side").count())
    problems.push(`${width} ${path}: the error page is shown (${crashes[0] ?? "no script error"})`);
  else if (crashes.length > 0) problems.push(`${width} ${path}: script error ${crashes[0]}`);
  page.off("pageerror", onError);
  if (overflowOnly) return problems;
  await page.screenshot({ path: `test-results/pages/${width}${path.replace(/[^a-z0-9]+/gi, "-")}.png` });
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  for (const v of axe.violations) {
    if (v.impact !== "serious" && v.impact !== "critical") continue;
    problems.push(`${width} ${path}: axe ${v.impact} ${v.id} (${v.nodes.length}×: ${v.nodes[0]?.target.join(" ")})`);
  }
  return problems;
}

async function walk(
  browser: Browser,
  walkName: string,
  options: typeof PHONE | typeof DESK,
  width: string,
  overflowOnly = false,
) {
  const { account, pages, firstLink = [] } = WALKS[walkName]!;
  const context = await browser.newContext(options);
  const page = await context.newPage();
  if (account) {
    await signIn(page, ACCOUNTS[account]);
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  }
  const paths = [...pages];
  // Pages with an id: the first such link on a list page (demo data has one of each).
  for (const { from, pattern } of firstLink) {
    await page.goto(from);
    await page.waitForLoadState("networkidle").catch(() => {});
    // Lists load on the client: wait for a matching link before reading them.
    await page
      .waitForFunction(
        (source) =>
          Array.from(document.querySelectorAll("a[href]")).some((a) => new RegExp(source).test(a.getAttribute("href") ?? "")),
        pattern.source,
        { timeout: 15_000 },
      )
      .catch(() => {});
    const hrefs = await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    const found = hrefs.find((h) => pattern.test(h));
    if (found) paths.push(found);
    else paths.push(`(no link matching ${pattern} on ${from})`);
  }
  const problems: string[] = [];
  for (const path of paths) {
    if (path.startsWith("(")) problems.push(`${width} ${path}`);
    else problems.push(...(await problemsOn(page, path, width, overflowOnly)));
  }
  await context.close();
  return problems;
}

for (const walkName of Object.keys(WALKS)) {
  test(`${walkName}: every page fits a 320 and a 390 px phone and a 1280 px desk, with no serious axe violation`, async ({
    browser,
  }) => {
    test.setTimeout(300_000);
    const problems = [
      ...(await walk(browser, walkName, PHONE, "390")),
      ...(await walk(browser, walkName, DESK, "1280")),
      ...(await walk(browser, walkName, SMALL, "320", true)),
    ];
    expect(problems).toEqual([]);
  });
}

test("the phone menu is a dialog: the current page marked, focus kept inside, Escape closes it", async ({ browser }) => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await signIn(page, ACCOUNTS.traveler);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await page.goto("/orders");
  // The bottom bar marks where we are too.
  await expect(
    page.getByRole("navigation", { name: "Traveler shortcuts" }).getByRole("link", { name: /Orders/ }),
  ).toHaveAttribute("aria-current", "page");
  const menuButton = page.getByRole("button", { name: "Menu" });
  await menuButton.click();
  const dialog = page.getByRole("dialog", { name: "Traveler menu" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("link", { name: /My orders/ })).toHaveAttribute("aria-current", "page");
  await expect(dialog.getByRole("link", { name: "Explore" })).not.toHaveAttribute("aria-current", "page");
  // Tabbing around never leaves the dialog.
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(menuButton).toBeFocused();
  await context.close();
});

test("the demo looks alive: explore shows each demo listing's photo, and a listing its gallery", async ({ browser }) => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await signIn(page, ACCOUNTS.traveler);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await page.goto("/explore");
  const cards = page.getByRole("article");
  await expect(cards.first()).toBeVisible();
  expect(await page.getByText("No photo yet").count()).toBe(0);
  // Every card's photo is a real image the browser decoded (served by /api/uploads).
  const photos = page.locator("article img");
  await expect(photos).toHaveCount(await cards.count());
  for (const img of await photos.all()) {
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
    expect(await img.getAttribute("src")).toMatch(/^\/api\/uploads\//);
  }
  // A demo listing (other journeys add listings of their own, with one photo).
  await cards.filter({ hasText: "Sunset walk to the Portara" }).first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/listings\/[0-9a-f-]{36}$/);
  expect(await page.locator('main img[src^="/api/uploads/"]').count()).toBeGreaterThanOrEqual(2);
  await context.close();
});
