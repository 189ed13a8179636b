// Journey: an admin registers a kiosk and copies its key; the kiosk is set up with it, tapped to
// start, shows its district's listings with QR codes; emergency mode turns the banner on; a changed
// key makes it ask to be set up again; with the server unreachable it keeps its content and says it
// is offline, and recovers by itself. And no kiosk response ever sets a cookie.
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { ACCOUNTS, signIn } from "./fixtures";

test.describe.configure({ mode: "serial" });

const DEMO = { id: "5e7a4b10-0000-4000-8000-00000000a001", key: "tsk_demo_4EBV6I2J4SCLOWHENHBMVIFF7F6SPR7TR4WC7LZ6VMDNVVPI7R5Q" };
const RUN = Date.now().toString(36);
const NAME = `Harbour square ${RUN}`;
// Quick timings for the test (the defaults are 30 s, 60 s and 2 min).
const KIOSK_URL = "/kiosk?poll=2&heartbeat=2&idle=600";

const kioskHeaders = (creds: { id: string; key: string }) => ({ "X-Kiosk-ID": creds.id, "X-Kiosk-Key": creds.key });

async function trpcMutation(request: APIRequestContext, path: string, json: unknown) {
  const res = await request.post(`/api/trpc/${path}`, { data: { json } });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return (await res.json()).result.data.json;
}

test("no kiosk response sets a cookie, and kiosk credentials reach kiosk procedures only", async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  const responses = [
    await request.get(KIOSK_URL),
    await request.get("/api/trpc/kiosk.home", { headers: kioskHeaders(DEMO) }),
    await request.post("/api/trpc/kiosk.heartbeat", { headers: kioskHeaders(DEMO), data: { json: null } }),
    await request.get("/api/trpc/kiosk.home", { headers: kioskHeaders({ id: DEMO.id, key: `tsk_live_${"A".repeat(52)}` }) }),
    await request.get("/api/trpc/listings.explore?input=" + encodeURIComponent(JSON.stringify({ json: {} })), {
      headers: kioskHeaders(DEMO),
    }),
    await request.get("/api/trpc/auth.me", { headers: kioskHeaders(DEMO) }),
  ];
  expect(responses.map((r) => r.status())).toEqual([200, 200, 200, 401, 403, 403]);
  for (const res of responses) expect(res.headers()["set-cookie"], res.url()).toBeUndefined();

  const home = (await responses[1]!.json()).result.data.json;
  expect(home.district.name).toBe("Naxos Old Town");
  expect(home.listings.map((l: { title: string }) => l.title)).toContain("Sunset walk to the Portara");
  const body = JSON.stringify(home);
  for (const personal of ["Helena", "+30 694", "host@tessera.test", "fountain at the bottom"])
    expect(body).not.toContain(personal);
  expect((await responses[3]!.json()).error.json.data.appCode).toBe("KIOSK_UNAUTHENTICATED");
  expect((await responses[4]!.json()).error.json.data.appCode).toBe("KIOSK_REFUSED");
  await request.dispose();
});

let admin: Page;
let kioskContext: BrowserContext;
let kiosk: Page;
let deviceId = "";
let key = "";
let naxosId = "";
/** Kiosk calls that carried a cookie or lacked the device header (must stay empty). */
const violations: string[] = [];
test.afterEach(() => {
  expect(violations).toEqual([]);
});

async function openKiosk(browser: Browser, baseURL: string) {
  kioskContext = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  // A cookie the browser holds for the site: kiosk calls must still never send it.
  await kioskContext.addCookies([{ name: "authjs.session-token", value: "would-be-a-session", url: baseURL }]);
  kiosk = await kioskContext.newPage();
  kiosk.on("request", (req) => {
    if (!req.url().includes("/api/trpc/kiosk.")) return;
    const headers = req.headers();
    if (headers.cookie) violations.push(`a kiosk call sent a cookie: ${req.url()}`);
    if (!headers["x-kiosk-id"]) violations.push(`a kiosk call without its device id: ${req.url()}`);
  });
}

async function setUp(page: Page, id: string, secret: string) {
  const form = page.getByRole("form", { name: "Kiosk setup" });
  await form.getByLabel("Device id").fill(id);
  await form.getByLabel("Kiosk key").fill(secret);
  await form.getByRole("button", { name: "Save and start" }).click();
}

test("an admin registers a kiosk and copies its key; the kiosk is set up with it and shows the district", async ({
  browser,
  baseURL,
}) => {
  admin = await browser.newPage({ baseURL });
  await signIn(admin, ACCOUNTS.admin);
  await expect(admin).toHaveURL(/\/admin$/);
  await admin.getByRole("navigation").getByRole("link", { name: "Kiosks" }).click();
  await expect(admin.getByRole("heading", { name: "Kiosks", level: 1 })).toBeVisible();
  const register = admin.getByRole("form", { name: "Register a kiosk" });
  await register.getByLabel("District").selectOption({ label: "Naxos Old Town" });
  await register.getByLabel("Where it stands").fill(NAME);
  await register.getByRole("button", { name: "Register kiosk" }).click();
  const shown = admin.getByRole("dialog", { name: "Kiosk registered" });
  await expect(shown).toContainText("shown only this once");
  deviceId = (await shown.getByTestId("kiosk-device-id").textContent())!.trim();
  key = (await shown.getByTestId("kiosk-key").textContent())!.trim();
  expect(key).toMatch(/^tsk_live_[A-Z2-7]{52}$/);
  await admin.screenshot({ path: "test-results/kiosk-admin-key.png" });
  await shown.getByRole("button", { name: "I have copied the key" }).click();
  const row = admin.getByTestId("kiosk-row").filter({ hasText: NAME });
  await expect(row).toContainText("Never");
  await expect(row).toContainText("Offline");
  await expect(row).toContainText(key.slice(0, 13));
  await expect(row).not.toContainText(key);

  await openKiosk(browser, baseURL!);
  await kiosk.goto(KIOSK_URL);
  await expect(kiosk.getByRole("heading", { name: "Set up this kiosk" })).toBeVisible();
  // A wrong key is refused with a message, and nothing is kept.
  await setUp(kiosk, deviceId, `tsk_live_${"B".repeat(52)}`);
  await expect(kiosk.getByRole("main").getByRole("alert")).toContainText("do not match an active kiosk");
  await kiosk.screenshot({ path: "test-results/kiosk-setup.png" });
  await setUp(kiosk, deviceId, key);

  const startButton = kiosk.getByRole("button", { name: /Touch to start/ });
  await expect(startButton).toContainText("Naxos Old Town");
  await kiosk.screenshot({ path: "test-results/kiosk-start.png" });
  await startButton.click();
  const cards = kiosk.getByTestId("kiosk-listing");
  await expect(cards.filter({ hasText: "Sunset walk to the Portara" })).toBeVisible();
  await expect(kiosk.getByRole("heading", { name: "Places to see" })).toBeVisible();
  await expect(kiosk.getByRole("heading", { name: "Things to do" })).toBeVisible();
  const count = await cards.count();
  expect(count).toBeGreaterThanOrEqual(4);
  await expect(kiosk.getByTestId("listing-qr")).toHaveCount(count);
  await expect(kiosk.getByRole("main")).not.toContainText("Helena");
  await kiosk.screenshot({ path: "test-results/kiosk-home.png", fullPage: true });

  // A listing, large, with its QR code to the public page.
  await cards.filter({ hasText: "Sunset walk to the Portara" }).getByRole("button").click();
  await expect(kiosk.getByRole("heading", { name: "Sunset walk to the Portara", level: 1 })).toBeVisible();
  await expect(kiosk.getByRole("img", { name: "QR code: open Sunset walk to the Portara on your phone" })).toBeVisible();
  await kiosk.screenshot({ path: "test-results/kiosk-listing.png" });
  await kiosk.getByRole("button", { name: "Back to all" }).click();

  // Its heartbeats reach the admin page.
  await admin.reload();
  await expect(admin.getByTestId("kiosk-row").filter({ hasText: NAME })).toContainText("Online");
});

test("emergency mode for the district turns the banner and the emergency screen on, and off again", async () => {
  const districts = await (await admin.request.get("/api/trpc/geography.districts")).json();
  naxosId = districts.result.data.json.find((d: { name: string }) => d.name === "Naxos Old Town").id;
  try {
    await trpcMutation(admin.request, "flags.update", { key: "EMERGENCY_MODE", districtIds: [naxosId] });
    await expect(kiosk.getByTestId("emergency-banner")).toContainText("Emergency in Naxos Old Town");
    await kiosk.screenshot({ path: "test-results/kiosk-emergency-banner.png" });
    await kiosk.getByRole("button", { name: "Start over" }).click();
    await expect(kiosk.getByTestId("emergency-screen")).toContainText("Call 112");
    await kiosk.screenshot({ path: "test-results/kiosk-emergency.png" });
  } finally {
    await trpcMutation(admin.request, "flags.update", { key: "EMERGENCY_MODE", districtIds: [] });
  }
  await expect(kiosk.getByTestId("emergency-screen")).toHaveCount(0);
  await expect(kiosk.getByRole("button", { name: /Touch to start/ })).toBeVisible();
});

test("with the server unreachable the kiosk keeps its content, says it is offline, and recovers by itself", async () => {
  await kiosk.getByRole("button", { name: /Touch to start/ }).click();
  const cards = kiosk.getByTestId("kiosk-listing");
  const count = await cards.count();
  await kioskContext.route("**/api/trpc/**", (route) => route.abort("internetdisconnected"));
  await expect(kiosk.getByTestId("kiosk-offline")).toContainText("Offline · showing information from");
  await expect(cards).toHaveCount(count);
  // Even a reload (the page itself still served, its data calls failing) shows the last good content.
  await kiosk.reload();
  await kiosk.getByRole("button", { name: /Touch to start/ }).click();
  await expect(cards).toHaveCount(count);
  await expect(kiosk.getByTestId("kiosk-offline")).toContainText("Offline");
  await kiosk.screenshot({ path: "test-results/kiosk-offline.png" });
  // The whole network gone: even a reload starts the kiosk (its service worker kept the page) with
  // the last good content; then the network comes back.
  await kioskContext.setOffline(true);
  await kioskContext.unroute("**/api/trpc/**");
  await expect(cards).toHaveCount(count);
  await kiosk.reload();
  expect(await kiosk.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
  await kiosk.getByRole("button", { name: /Touch to start/ }).click();
  await expect(cards).toHaveCount(count);
  await expect(kiosk.getByTestId("kiosk-offline")).toContainText("Offline");
  await kioskContext.setOffline(false);
  await expect(kiosk.getByTestId("kiosk-offline")).toHaveText("Online");
});

test("after the key is changed the kiosk asks to be set up again, and works with the new key", async () => {
  const row = admin.getByTestId("kiosk-row").filter({ hasText: NAME });
  await row.getByRole("button", { name: `Change the key of ${NAME}` }).click();
  await admin.getByRole("dialog").getByRole("button", { name: "Change key" }).click();
  const shown = admin.getByRole("dialog", { name: "New key" });
  const newKey = (await shown.getByTestId("kiosk-key").textContent())!.trim();
  expect(newKey).not.toBe(key);
  await shown.getByRole("button", { name: "I have copied the key" }).click();

  await expect(kiosk.getByRole("heading", { name: "This kiosk needs to be set up again" })).toBeVisible();
  await expect(kiosk.getByLabel("Device id")).toHaveValue(deviceId);
  await kiosk.screenshot({ path: "test-results/kiosk-needs-setup.png" });
  // The old content is gone from the browser; a reload still asks.
  await kiosk.reload();
  await expect(kiosk.getByRole("heading", { name: "This kiosk needs to be set up again" })).toBeVisible();
  await setUp(kiosk, deviceId, newKey);
  await expect(kiosk.getByRole("button", { name: /Touch to start/ })).toContainText("Naxos Old Town");
});

test("after a while without a touch the kiosk returns to its start screen", async () => {
  await kiosk.goto("/kiosk?poll=30&heartbeat=60&idle=2");
  await kiosk.getByRole("button", { name: /Touch to start/ }).click();
  await expect(kiosk.getByTestId("kiosk-listing").first()).toBeVisible();
  await expect(kiosk.getByRole("button", { name: /Touch to start/ })).toBeVisible({ timeout: 8_000 });
});

test("a revoked kiosk stops, and asks to be set up again", async () => {
  await kiosk.goto(KIOSK_URL);
  await kiosk.getByRole("button", { name: /Touch to start/ }).click();
  const row = admin.getByTestId("kiosk-row").filter({ hasText: NAME });
  await row.getByRole("button", { name: `Revoke ${NAME}` }).click();
  await admin.getByRole("dialog").getByRole("button", { name: "Revoke kiosk" }).click();
  await expect(row).toContainText("Revoked");
  await expect(kiosk.getByRole("heading", { name: "This kiosk needs to be set up again" })).toBeVisible();
  await kioskContext.close();
  await admin.close();
});
