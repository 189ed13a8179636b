// Hardening, attacked from outside over HTTP against the production server, as issue 7 found it:
// bodies and batches, 500s from input (an HTTP fuzz of every procedure), forwarded headers,
// sessions, browser headers, cross-site requests, and the pages people meet when things go wrong.
import http from "node:http";
import fc from "fast-check";
import { expect, test } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { ACCOUNTS, DEMO_PASSWORD, pngImage, signIn } from "./fixtures";
import { appRouter } from "../server/root";

const input = (json: unknown) => encodeURIComponent(JSON.stringify({ json }));
const base = new URL(BASE_URL);

/** Sends `total` bytes chunked (no Content-Length); returns the status and how many bytes went out before it. */
function chunkedPost(path: string, total: number): Promise<{ status: number; sentBeforeAnswer: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = -1;
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path,
        method: "POST",
        headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      },
      (res) => {
        answered = sent;
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, sentBeforeAnswer: answered }));
      },
    );
    req.on("error", (err) => (answered >= 0 ? undefined : reject(err)));
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    const pump = () => {
      while (sent < total && answered < 0) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    req.on("close", () => {
      if (answered < 0) resolve({ status: 0, sentBeforeAnswer: sent });
    });
    pump();
  });
}

/** One request from a chosen loopback address (so its throttle counts are not 127.0.0.1's, which other specs share). */
function rawRequest(opts: {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  from: string;
}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path: opts.path,
        method: opts.method,
        headers: opts.headers,
        localAddress: opts.from,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

/** A credentials sign-in from `from`; returns the refusal code, or "ok". */
async function signInFrom(from: string, identifier: string, password: string, headers: Record<string, string> = {}) {
  const csrf = await rawRequest({ method: "GET", path: "/api/auth/csrf", from });
  const cookie = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const res = await rawRequest({
    method: "POST",
    path: "/api/auth/callback/credentials",
    from,
    headers: { ...headers, cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ identifier, password, csrfToken, callbackUrl: "/home" }).toString(),
  });
  const location = String(res.headers.location ?? "");
  return new URL(location, BASE_URL).searchParams.get("code") ?? (location.includes("error") ? "error" : "ok");
}

test.describe("limits", () => {
  test("a chunked body with no length is cut off at the limit (413), not read whole", async ({ request }) => {
    const out = await chunkedPost("/api/trpc/auth.signup", 300 * 1024 * 1024);
    expect(out.status).toBe(413);
    // Answered long before the 300 MB were sent.
    expect(out.sentBeforeAnswer).toBeLessThan(64 * 1024 * 1024);
    // And the server is fine afterwards.
    expect((await request.get("/api/trpc/geography.districts")).status()).toBe(200);
  });

  test("a batch over 10 calls is refused before any runs; 10 made-up invites never reach argon2", async () => {
    const paths = (n: number) => Array.from({ length: n }, () => "auth.signup").join(",");
    const body = (n: number) =>
      Object.fromEntries(
        Array.from({ length: n }, (_, i) => [
          i,
          {
            json: {
              inviteCode: `FAKE-${i}`,
              email: `b${i}@example.test`,
              password: "velvet-orbit-canyon-42",
              displayName: "Batch",
            },
          },
        ]),
      );
    const json = { "content-type": "application/json" };
    const from = "127.0.0.2";
    const big = await rawRequest({
      method: "POST",
      path: `/api/trpc/${paths(100)}?batch=1`,
      body: JSON.stringify(body(100)),
      headers: json,
      from,
    });
    expect(big.status).toBe(400);
    expect(big.body).toMatch(/Batch call exceeds maximum size/);
    const started = Date.now();
    const ten = await rawRequest({
      method: "POST",
      path: `/api/trpc/${paths(10)}?batch=1`,
      body: JSON.stringify(body(10)),
      headers: json,
      from,
    });
    const elapsed = Date.now() - started;
    const results = JSON.parse(ten.body) as { error?: { json: { data: { appCode: string } } } }[];
    expect(results.map((r) => r.error?.json.data.appCode)).toEqual(Array(10).fill("INVITE_INVALID"));
    // That address is now held back from signing up (10 refused signups), even with a real invite.
    const eleventh = await rawRequest({
      method: "POST",
      path: "/api/trpc/auth.signup",
      body: JSON.stringify(body(1)[0]),
      headers: json,
      from,
    });
    expect(eleventh.status).toBe(429);
    expect(elapsed).toBeLessThan(1500);
  });
});

test.describe("no 500 from input", () => {
  test("an HTTP fuzz of every procedure, anonymous and as an admin, gets no 500", async ({ request, page }) => {
    test.setTimeout(180_000);
    const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>).map(
      ([path, p]) => ({ path, type: p._def.type }),
    );
    expect(procedures.length).toBeGreaterThan(30);
    const nasty = fc.oneof(
      fc.anything({ maxDepth: 2 }),
      fc.constantFrom("\u0000", "-".repeat(40), "a\u0000b", "!!!!!!!!", "x".repeat(3000), 2 ** 31, -1, 1e308, null),
      fc.record(
        {
          q: fc.constantFrom("-".repeat(40), "\u0000", "((("),
          cursor: fc.string(),
          limit: fc.constantFrom(2 ** 31, -5, 1.5),
          listingId: fc.uuid(),
          version: fc.constantFrom(2 ** 31, 2 ** 53),
        },
        { requiredKeys: [] },
      ),
    );
    await signIn(page, ACCOUNTS.superAdmin);
    await expect(page).toHaveURL(/\/admin$/);
    let sent = 0;
    const fives: string[] = [];
    for (const client of [request, page.request]) {
      for (const { path, type } of procedures) {
        for (const value of fc.sample(nasty, { numRuns: 4, seed: sent })) {
          sent++;
          const res =
            type === "query"
              ? await client.get(`/api/trpc/${path}?input=${input(value)}`)
              : await client.post(`/api/trpc/${path}`, {
                  data: JSON.stringify({ json: value }),
                  headers: { "content-type": "application/json" },
                });
          if (res.status() >= 500) fives.push(`${res.status()} ${path} ${JSON.stringify(value)?.slice(0, 120)}`);
        }
        // Malformed envelopes too: not JSON, wrong transformer shape.
        sent++;
        const raw = await client.post(`/api/trpc/${path}`, {
          data: "{not json",
          headers: { "content-type": "application/json" },
        });
        if (raw.status() >= 500) fives.push(`${raw.status()} ${path} <not json>`);
      }
    }
    console.log(`[http fuzz] ${sent} requests, ${fives.length} answers of 500 or more`);
    expect(fives).toEqual([]);
  });
});

test.describe("forwarded headers", () => {
  test("X-Forwarded-For from the client is ignored: rotating it does not escape the per-address lock", async () => {
    const ghost = `ghost-${Date.now()}@example.test`;
    const codes: string[] = [];
    for (let i = 0; i < 8; i++) {
      codes.push(
        await signInFrom("127.0.0.3", ghost, `wrong-password-${i}`, {
          "x-forwarded-for": `198.51.100.${i + 1}`,
          "x-real-ip": `198.51.100.${i + 1}`,
        }),
      );
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill("INVALID_CREDENTIALS"));
    expect(codes.slice(5).every((c) => c.startsWith("THROTTLED"))).toBe(true);
    // Another address (another socket) is not held by that lock.
    expect(await signInFrom("127.0.0.4", ghost, "wrong-password-x")).toBe("INVALID_CREDENTIALS");
  });

  test("redirects use APP_URL: a forged X-Forwarded-Host or Host goes nowhere else; a malformed proto is no 500", async ({
    request,
  }) => {
    for (const headers of <Record<string, string>[]>[
      { "x-forwarded-host": "evil.example" },
      { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
      { "x-forwarded-proto": "gopher:// \u00e9" },
      { "x-forwarded-proto": "::::" },
    ]) {
      const res = await request.get("/admin", { headers, maxRedirects: 0 });
      expect(res.status(), JSON.stringify(headers)).toBe(307);
      // On this site: relative (Next shortens a same-origin redirect) or APP_URL itself.
      const location = res.headers()["location"]!;
      expect(new URL(location, BASE_URL).origin).toBe(new URL(BASE_URL).origin);
      expect(new URL(location, BASE_URL).pathname).toBe("/login");
      expect(location).not.toContain("evil");
    }
  });
});

test.describe("sessions", () => {
  test("after sign-out, a copy of the session cookie no longer works", async ({ page, playwright }) => {
    await signIn(page, ACCOUNTS.host);
    await expect(page).toHaveURL(/\/host$/);
    const cookie = (await page.context().cookies()).find((c) => c.name === "authjs.session-token")!;
    const copy = await playwright.request.newContext({
      baseURL: BASE_URL,
      extraHTTPHeaders: { cookie: `${cookie.name}=${cookie.value}` },
    });
    expect((await copy.get("/api/trpc/auth.me")).status()).toBe(200);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    const after = await copy.get("/api/trpc/auth.me");
    expect(after.status()).toBe(401);
    expect((await after.json()).error.json.data.appCode).toBe("SESSION_REVOKED");
    await copy.dispose();
    // Signing in again works.
    await signIn(page, ACCOUNTS.host);
    await expect(page).toHaveURL(/\/host$/);
  });

  test("/login when signed in goes home", async ({ page }) => {
    await signIn(page, ACCOUNTS.moderator);
    await expect(page).toHaveURL(/\/moderation$/);
    await page.goto("/login");
    await expect(page).toHaveURL(/\/moderation$/);
  });
});

test.describe("browser headers and cross-site requests", () => {
  test("pages carry a nonce CSP without unsafe-inline scripts, no framing, nosniff, referrer policy, COOP, HSTS", async ({
    request,
  }) => {
    const res = await request.get("/login");
    const h = res.headers();
    const csp = h["content-security-policy"]!;
    const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src"))!;
    expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["cross-origin-opener-policy"]).toBe("same-origin");
    expect(h["strict-transport-security"]).toMatch(/max-age=\d+/);
    // The nonce changes per request, and the page's scripts carry it.
    const html = await res.text();
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1]!;
    expect(html).toContain(`nonce="${nonce}"`);
    const again = (await request.get("/login")).headers()["content-security-policy"];
    expect(again).not.toContain(nonce);
  });

  test("Permissions-Policy: camera only on /verify and a host's order page, fullscreen and wake lock only on /kiosk, everything else off", async ({
    request,
  }) => {
    const policy = async (path: string) => (await request.get(path, { maxRedirects: 0 })).headers()["permissions-policy"]!;
    const home = await policy("/");
    expect(home).toContain("camera=()");
    expect(home).toContain("fullscreen=()");
    expect(home).toContain("geolocation=()");
    const verify = await policy("/verify");
    expect(verify).toContain("camera=(self)");
    expect(verify).toContain("fullscreen=()");
    const kiosk = await policy("/kiosk");
    expect(kiosk).toContain("fullscreen=(self)");
    expect(kiosk).toContain("screen-wake-lock=(self)");
    expect(kiosk).toContain("camera=()");
    // A host checks a traveler in on the order page: the camera there, not on the host's other pages.
    expect(await policy("/host/orders/6f1c1c1e-1111-4222-8333-944444444444")).toContain("camera=(self)");
    expect(await policy("/host/orders")).toContain("camera=()");
    expect(await policy("/orders/6f1c1c1e-1111-4222-8333-944444444444")).toContain("camera=()");
  });

  test("personal API answers are Cache-Control: no-store", async ({ page }) => {
    await signIn(page, ACCOUNTS.traveler);
    await expect(page).toHaveURL(/\/explore$/);
    const me = await page.request.get("/api/trpc/auth.me");
    expect(me.status()).toBe(200);
    expect(me.headers()["cache-control"]).toBe("no-store");
    expect(me.headers()["x-content-type-options"]).toBe("nosniff");
  });

  test("a mutation or an upload from another site is refused (foreign Origin, Sec-Fetch-Site: cross-site)", async ({ page }) => {
    await signIn(page, ACCOUNTS.host);
    await expect(page).toHaveURL(/\/host$/);
    const before = await page.request.get(`/api/trpc/invites.list?input=${input({ limit: 50 })}`);
    const count = (await before.json()).result.data.json.items.length;
    for (const headers of <Record<string, string>[]>[
      { origin: "https://evil.example" },
      { "sec-fetch-site": "cross-site" },
      { origin: "null" },
    ]) {
      const res = await page.request.post("/api/trpc/invites.create", {
        data: { json: { role: "TRAVELER", districtId: "00000000-0000-0000-0000-000000000000", maxUses: 1, expiresInDays: 1 } },
        headers,
      });
      expect(res.status(), JSON.stringify(headers)).toBe(403);
      expect((await res.json()).error.code).toBe("CROSS_SITE");
      const upload = await page.request.post("/api/trpc/uploads.uploadLocal", {
        multipart: { file: { name: "photo.png", mimeType: "image/png", buffer: pngImage(300) } },
        headers,
      });
      expect(upload.status()).toBe(403);
    }
    const after = await page.request.get(`/api/trpc/invites.list?input=${input({ limit: 50 })}`);
    expect((await after.json()).result.data.json.items.length).toBe(count);
    // The same call from the site itself still works (the browser says same-origin).
    const own = await page.request.post("/api/trpc/uploads.uploadLocal", {
      multipart: { file: { name: "photo.png", mimeType: "image/png", buffer: pngImage(300) } },
      headers: { origin: BASE_URL, "sec-fetch-site": "same-origin" },
    });
    expect(own.status()).toBe(200);
  });

  test("the sign-in page runs under the CSP (no violations) and signs in", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
    });
    await signIn(page, ACCOUNTS.traveler);
    await expect(page).toHaveURL(/\/explore$/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(violations).toEqual([]);
  });
});

test.describe("pages when things go wrong", () => {
  test("an unknown address is a styled 404 with a way home; a favicon is served", async ({ page, request }) => {
    const res = await page.goto("/no-such-page-here");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Go to your home page" })).toBeVisible();
    await page.screenshot({ path: "test-results/not-found.png" });
    const icon = await request.get("/favicon.ico");
    expect(icon.status()).toBe(200);
    expect(icon.headers()["content-type"]).toMatch(/image/);
  });

  test("a bad id in a URL says not found, in the area's frame", async ({ page }) => {
    await signIn(page, ACCOUNTS.host);
    await expect(page).toHaveURL(/\/host$/);
    const res = await page.goto("/host/listings/not-a-real-id");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    await expect(page.getByText("Some fields need attention")).toHaveCount(0);
    await page.screenshot({ path: "test-results/host-not-found.png" });
    await page.getByRole("link", { name: "Back to your listings" }).click();
    await expect(page).toHaveURL(/\/host$/);
  });

  test("the signup form shows password strength and why a password is weak", async ({ page }) => {
    await page.goto("/signup?invite=TSRA-TRAV-2345");
    await page.getByLabel("Password").fill("password1234");
    await expect(page.getByTestId("password-strength")).toContainText(/Strength: (Very weak|Weak)/);
    await expect(page.getByTestId("password-strength")).toContainText(/commonly used password/);
    await page.getByLabel("Password").fill("velvet-orbit-canyon-42");
    await expect(page.getByTestId("password-strength")).toContainText(/Strength: (Strong|Very strong)/);
    await page.screenshot({ path: "test-results/signup-strength.png" });
  });
});

test("the demo password still signs in (the seed's hash is not re-judged)", async () => {
  expect(await signInFrom("127.0.0.5", ACCOUNTS.admin, DEMO_PASSWORD)).toBe("ok");
});
