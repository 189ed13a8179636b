// The production server's two paths to tRPC, attacked the same way: the Node adapter path
// (server/http/node-server.ts, what `npm start` answers /api/trpc with), over real HTTP against this
// file's database, and the Next route (app/api/trpc/[trpc]/route.ts, what `next dev` serves), called
// as Next calls it. Same limits, same refusals, same headers (next.config.mjs reads the same list).
// Also: the session-cookie LRU, worker counts and listen options.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import type { NextConfig } from "next";
import { apiHeaders } from "@/shared/security-headers.mjs";
import { env } from "@/server/env";
import { createContextInner } from "@/server/context";
import { requestInfoFrom } from "@/server/request-info";
import { sessionDecodeStats, sessionFromHeaders } from "@/server/auth/session";
import { openSession } from "@/server/auth/device-sessions";
import { closeServer, createAppServer } from "@/server/http/node-server";
import { MAX_BODY_BYTES } from "@/server/http/limits";
import { listenOptions, workerCount } from "@/server/http/workers";
import { POST as routePost, GET as routeGet } from "@/app/api/trpc/[trpc]/route";
import { seededWorld, type TestWorld } from "./helpers";

let world: TestWorld;
let server: http.Server;
let base: string;
let nextPathHits = 0;

beforeAll(async () => {
  world = await seededWorld();
  server = createAppServer({
    port: 0,
    // Stands where Next's handler stands in server.ts: everything that is not /api/trpc reaches it.
    next: (_req, res) => {
      nextPathHits++;
      res.statusCode = 204;
      res.end();
    },
    createContext: async (headers) => {
      const claims = await sessionFromHeaders(headers);
      return createContextInner({ db: world.db, session: claims, request: requestInfoFrom(headers) });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await closeServer(server, 500);
  await world?.close();
});

const COOKIE = "authjs.session-token";
async function cookieFor(user: { id: string; sessionVersion: number }) {
  const sid = await openSession(world.db, { userId: user.id, ip: "127.0.0.1", userAgent: "vitest" });
  const token = await encode({
    token: { uid: user.id, sv: user.sessionVersion, sid, sub: user.id },
    secret: env.AUTH_SECRET,
    salt: COOKIE,
    maxAge: 3600,
  });
  return `${COOKIE}=${token}`;
}

/** Sends `total` bytes chunked (no Content-Length); the status and how much went out before the answer. */
function chunkedPost(path: string, total: number): Promise<{ status: number; sentBeforeAnswer: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = -1;
    const req = http.request(
      `${base}${path}`,
      { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } },
      (res) => {
        answered = sent;
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, sentBeforeAnswer: answered }));
      },
    );
    req.on("error", (err) => (answered >= 0 ? undefined : reject(err)));
    req.on("close", () => {
      if (answered < 0) resolve({ status: 0, sentBeforeAnswer: sent });
    });
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    const pump = () => {
      while (sent < total && answered < 0) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

const batchOf = (n: number) => ({
  path: `/api/trpc/${Array.from({ length: n }, () => "geography.districts").join(",")}?batch=1&input=${encodeURIComponent(
    JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, {}]))),
  )}`,
});

describe("the Node adapter path (what the production server answers /api/trpc with)", () => {
  it("answers queries with the API's security headers and no-store; everything else goes to Next", async () => {
    const res = await fetch(`${base}/api/trpc/geography.districts`);
    expect(res.status).toBe(200);
    for (const { key, value } of apiHeaders()) expect(res.headers.get(key), key).toBe(value);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as { result: { data: { json: { name: string }[] } } };
    expect(body.result.data.json.map((d) => d.name)).toContain("Naxos Old Town");

    const before = nextPathHits;
    for (const path of ["/", "/login", "/api/trpcx", "/api/auth/session", "/api/uploads/x"]) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(204);
    }
    expect(nextPathHits - before).toBe(5);
  });

  it("reads a signed-in session from its cookie; a tampered cookie is anonymous", async () => {
    const traveler = world.demo.TRAVELER;
    const cookie = await cookieFor(traveler);
    const me = await fetch(`${base}/api/trpc/auth.me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(JSON.stringify(await me.json())).toContain(traveler.id);
    const tampered = await fetch(`${base}/api/trpc/auth.me`, { headers: { cookie: `${cookie.slice(0, -3)}abc` } });
    expect(JSON.stringify(await tampered.json())).not.toContain(traveler.id);
  });

  it("a live stream is refused before it opens: 401 signed out or with a broken session, 403 for the wrong role", async () => {
    const live = `${base}/api/trpc/messages.live?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`;
    const cases: [string, Record<string, string>, number][] = [
      ["stranger", {}, 401],
      ["tampered session", { cookie: `${(await cookieFor(world.demo.TRAVELER)).slice(0, -3)}abc` }, 401],
      ["moderator", { cookie: await cookieFor(world.demo.MODERATOR) }, 403],
    ];
    for (const [who, headers, status] of cases) {
      const res = await fetch(live, { headers: { accept: "text/event-stream", ...headers } });
      expect(res.status, who).toBe(status);
      expect(res.headers.get("content-type"), who).not.toContain("text/event-stream");
      expect(((await res.json()) as { error: { code: string } }).error.code, who).toBeTruthy();
    }
    // The traveler's stream opens as before.
    const controller = new AbortController();
    const open = await fetch(live, {
      headers: { accept: "text/event-stream", cookie: await cookieFor(world.demo.TRAVELER) },
      signal: controller.signal,
    });
    expect(open.status).toBe(200);
    expect(open.headers.get("content-type")).toContain("text/event-stream");
    controller.abort();
  });

  it("a kiosk key too large for the header limit gets the answer any refused kiosk key gets (401), not a 431", async () => {
    const huge = await fetch(`${base}/api/trpc/kiosk.home`, {
      headers: { "x-kiosk-id": "5e7a4b10-0000-4000-8000-00000000a001", "x-kiosk-key": `tsk_${"A".repeat(40_000)}` },
    });
    expect(huge.status).toBe(401);
    const body = (await huge.json()) as { error: { json: { message: string; data: { appCode: string } } } };
    expect(body.error.json.message).toBe("This kiosk needs to be set up again.");
    expect(body.error.json.data.appCode).toBe("KIOSK_UNAUTHENTICATED");
    // Any other oversized header is still Node's own 431.
    expect((await fetch(`${base}/api/trpc/auth.me`, { headers: { "x-other": "A".repeat(40_000) } })).status).toBe(431);
  });

  it("a declared body over the limit is 413 before anything is read", async () => {
    const res = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${base}/api/trpc/auth.signup`, {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(MAX_BODY_BYTES + 1) },
      });
      req.on("response", (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write("{");
    });
    expect(res).toBe(413);
  });

  it("a chunked body with no length is cut off at the limit (413), not read whole", async () => {
    const out = await chunkedPost("/api/trpc/auth.signup", 200 * 1024 * 1024);
    expect(out.status).toBe(413);
    expect(out.sentBeforeAnswer).toBeLessThan(64 * 1024 * 1024);
    expect((await fetch(`${base}/api/trpc/geography.districts`)).status).toBe(200);
  });

  it("a batch over 10 calls is refused before any runs; 10 are served", async () => {
    const big = await fetch(`${base}${batchOf(11).path}`);
    expect(big.status).toBe(400);
    expect(await big.text()).toMatch(/Batch call exceeds maximum size/);
    expect((await fetch(`${base}${batchOf(10).path}`)).status).toBe(200);
  });

  it("a cross-site POST is refused (403) before its procedure runs", async () => {
    const res = await fetch(`${base}/api/trpc/auth.signup`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      body: "{}",
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("CROSS_SITE");
  });

  it("malformed paths and unknown procedures are client errors, never 500", async () => {
    for (const path of ["/api/trpc/%E0%A4%A", "/api/trpc/", "/api/trpc", "/api/trpc/nope.nothing", "/api/trpc/a,b?batch=1"]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
  });
});

describe("the Next route (what `next dev` serves) refuses the same way", () => {
  it("next.config.mjs gives /api the same security headers the Node path sets", async () => {
    const configUrl = new URL("../next.config.mjs", import.meta.url).href;
    const nextConfig = ((await import(/* @vite-ignore */ configUrl)) as { default: NextConfig }).default;
    const rules = await nextConfig.headers!();
    expect(rules.find((r) => r.source === "/api/:path*")?.headers).toEqual(apiHeaders());
  });

  it("413 for an oversized chunked body, 400 for a batch over 10, 403 cross-site", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 256 * 1024;
        controller.enqueue(new Uint8Array(256 * 1024));
      },
    });
    const tooLarge = await routePost(
      new Request("http://127.0.0.1/api/trpc/auth.signup", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: endless,
        duplex: "half",
      } as RequestInit),
    );
    expect(tooLarge.status).toBe(413);
    expect(pulled).toBeLessThan(MAX_BODY_BYTES + 2 * 256 * 1024);

    const big = await routeGet(new Request(`http://127.0.0.1${batchOf(11).path}`));
    expect(big.status).toBe(400);
    expect(await big.text()).toMatch(/Batch call exceeds maximum size/);

    const cross = await routePost(
      new Request("http://127.0.0.1/api/trpc/auth.signup", {
        method: "POST",
        headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
        body: "{}",
      }),
    );
    expect(cross.status).toBe(403);

    const stream = await routeGet(
      new Request("http://127.0.0.1/api/trpc/messages.live", { headers: { accept: "text/event-stream" } }),
    );
    expect(stream.status).toBe(401);
    expect(stream.headers.get("content-type")).not.toContain("text/event-stream");
  });
});

describe("session cookies", () => {
  it("are decrypted once per distinct cookie; the database still decides on every request", async () => {
    const user = await world.addUser({ role: "TRAVELER", district: "Naxos Old Town", kycStatus: "VERIFIED" });
    const cookie = await cookieFor(user);
    const headers = new Headers({ cookie });
    const before = { ...sessionDecodeStats };
    const first = await sessionFromHeaders(headers);
    const second = await sessionFromHeaders(headers);
    expect(second).toEqual(first);
    expect(first).toEqual({ userId: user.id, sessionVersion: user.sessionVersion, sessionId: expect.any(String) });
    expect(sessionDecodeStats.decrypted - before.decrypted).toBe(1);
    expect(sessionDecodeStats.cached - before.cached).toBe(1);

    // Over HTTP with the same cookie: signed in, until the account is banned; then at once not.
    const me = () => fetch(`${base}/api/trpc/auth.me`, { headers: { cookie } }).then((r) => r.text());
    expect(await me()).toContain(user.id);
    const { users } = await import("@/db/schema/accounts");
    const { eq } = await import("drizzle-orm");
    await world.db.update(users).set({ status: "BANNED" }).where(eq(users.id, user.id));
    const after = await me();
    expect(after).not.toContain(`"id":"${user.id}"`);
    expect(after).toContain("ACCOUNT_BANNED");
  });
});

describe("workers and listen options", () => {
  it("one worker on the embedded database, whatever WEB_CONCURRENCY says; else WEB_CONCURRENCY or one per core", () => {
    expect(workerCount({ WEB_CONCURRENCY: "4" })).toBe(1);
    expect(workerCount({ DATABASE_URL: "postgres://x/y", WEB_CONCURRENCY: "2" })).toBe(2);
    expect(workerCount({ DATABASE_URL: "postgres://x/y" })).toBeGreaterThanOrEqual(1);
    for (const bad of ["0", "-1", "two", "1.5", "999"]) {
      expect(() => workerCount({ DATABASE_URL: "postgres://x/y", WEB_CONCURRENCY: bad }), bad).toThrow(/WEB_CONCURRENCY/);
    }
  });

  it("port and host from flags, else PORT and HOST, else 3000 on every interface", () => {
    expect(listenOptions([], {})).toEqual({ port: 3000, host: undefined });
    expect(listenOptions(["--port", "3100", "--hostname", "127.0.0.1"], { PORT: "9" })).toEqual({
      port: 3100,
      host: "127.0.0.1",
    });
    expect(listenOptions(["-p", "0"], { HOST: "::1" })).toEqual({ port: 0, host: "::1" });
    expect(() => listenOptions(["-p", "http"], {})).toThrow(/port/);
  });
});
