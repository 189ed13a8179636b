// Faults (issue 7): stop PostgreSQL while the built app serves reads and writes, start it again, and
// check that people got a clear "try again" (503) meanwhile, that the app recovered by itself, and
// that every write it acknowledged is in the database. Not part of `npm test`.
//
//   npm run chaos        # needs DATABASE_URL (a PostgreSQL this machine may stop) and a build (.next)
//
// PostgreSQL is stopped with pg_ctlcluster for CHAOS_DOWN_SECONDS (default 6) and is started again
// whatever happens (finally, and on SIGINT/SIGTERM). Other programs using that server notice too.
import http from "node:http";
import fs from "node:fs";
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import postgres from "postgres";
import { openDatabase } from "../db/client";
import { seedDemo } from "../db/demo";

const PORT = Number(process.env.CHAOS_PORT ?? 3151);
const DOWN_SECONDS = Number(process.env.CHAOS_DOWN_SECONDS ?? 6);
const BASE = `http://127.0.0.1:${PORT}`;
const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) {
  console.error("chaos needs DATABASE_URL (a PostgreSQL server this machine may stop and start).");
  process.exit(2);
}
const version = fs.readdirSync("/etc/postgresql")[0]!;
const pg = (action: "stop" | "start") =>
  execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", action], { stdio: "inherit", timeout: 60_000 });

let pgStopped = false;
function ensurePgStarted() {
  if (!pgStopped) return;
  for (let i = 0; i < 5; i++) {
    try {
      pg("start");
      pgStopped = false;
      return;
    } catch (err) {
      console.error(`starting PostgreSQL failed (try ${i + 1}):`, (err as Error).message);
      spawnSync("sleep", ["1"]);
    }
  }
}
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    ensurePgStarted();
    process.exit(130);
  });
}
process.on("exit", ensurePgStarted);

function call(
  method: string,
  path: string,
  body?: unknown,
  cookie?: string,
): Promise<{ status: number; json: unknown; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      `${BASE}${path}`,
      { method, headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) }, timeout: 15_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          let json: unknown = null;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString());
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, json, ms: performance.now() - started });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve({ status: 0, json: null, ms: performance.now() - started }));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function signInCookie(identifier: string, password: string): Promise<string> {
  const csrf = await fetch(`${BASE}/api/auth/csrf`);
  const jar = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar },
    body: new URLSearchParams({ identifier, password, csrfToken, callbackUrl: "/home" }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="));
  if (!session) throw new Error("could not sign in");
  return session.split(";")[0]!;
}

async function main() {
  const name = `tessera_chaos${process.env.TEST_DB_SUFFIX ?? ""}`;
  const admin = postgres(baseUrl!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl!);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), migrate: true, max: 1 });
  await seedDemo(handle.db, { listings: false });
  await handle.close();

  if (!fs.existsSync(".next/BUILD_ID")) {
    const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, TESSERA_DEMO: "1" } });
    if (build.status !== 0) throw new Error("build failed");
  }
  const env = {
    ...process.env,
    NODE_ENV: "production",
    TESSERA_DEMO: "1",
    // A production start requires a mail server; mail waits in the outbox unless one is given.
    SMTP_URL: process.env.SMTP_URL ?? "smtp://127.0.0.1:9",
    APP_URL: BASE,
    DATABASE_URL: url.toString(),
  } as NodeJS.ProcessEnv;
  delete env.NODE_OPTIONS;
  const app: ChildProcess = spawn("npx", ["tsx", "server.ts", "--port", String(PORT), "--hostname", "127.0.0.1"], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let appErrors = "";
  app.stderr?.on("data", (d: Buffer) => (appErrors += d.toString()));
  try {
    for (let i = 0; i < 120 && (await call("GET", "/login")).status !== 200; i++) await new Promise((r) => setTimeout(r, 500));
    const cookie = await signInCookie("admin@tessera.test", "tessera-demo-pass");
    const districts = (await call("GET", "/api/trpc/geography.districts")).json as {
      result: { data: { json: { id: string; name: string }[] } };
    };
    const districtId = districts.result.data.json.find((d) => d.name === "Naxos Old Town")!.id;

    const tally = { reads: new Map<number, number>(), writes: new Map<number, number>() };
    const acknowledged: string[] = [];
    let attempted = 0;
    const phase = { name: "before" as "before" | "down" | "after", recoveredAt: 0 };
    const stoppedAt = { t: 0, startedAt: 0 };
    let running = true;
    const bump = (m: Map<number, number>, s: number) => m.set(s, (m.get(s) ?? 0) + 1);
    const firstOkAfterStart: { read?: number; write?: number } = {};

    const writer = async () => {
      while (running) {
        attempted++;
        const note = `chaos ${attempted}`;
        const res = await call(
          "POST",
          "/api/trpc/invites.create",
          { json: { role: "TRAVELER", districtId, maxUses: 1, expiresInDays: 1, note } },
          cookie,
        );
        bump(tally.writes, res.status);
        if (res.status === 200) {
          acknowledged.push((res.json as { result: { data: { json: { id: string } } } }).result.data.json.id);
          if (phase.name === "after" && firstOkAfterStart.write === undefined)
            firstOkAfterStart.write = Date.now() - stoppedAt.startedAt;
        }
        await new Promise((r) => setTimeout(r, 40));
      }
    };
    const reader = async () => {
      while (running) {
        const res = await call(
          "GET",
          `/api/trpc/listings.explore?input=${encodeURIComponent(JSON.stringify({ json: { districtId: "all" } }))}`,
          undefined,
          cookie,
        );
        bump(tally.reads, res.status);
        if (res.status === 200 && phase.name === "after" && firstOkAfterStart.read === undefined)
          firstOkAfterStart.read = Date.now() - stoppedAt.startedAt;
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    const workers = [writer(), writer(), reader(), reader()];
    const downStatuses = new Map<number, number>();
    const sample = async () => {
      // What a person sees while it is down: one read, its status and message.
      const res = await call("GET", "/api/trpc/auth.me", undefined, cookie);
      bump(downStatuses, res.status);
      return res;
    };

    await new Promise((r) => setTimeout(r, 3000));
    console.log(`[chaos] stopping PostgreSQL ${version}/main for ${DOWN_SECONDS} s`);
    pgStopped = true;
    stoppedAt.t = Date.now();
    pg("stop");
    phase.name = "down";
    let downMessage = "";
    const downUntil = Date.now() + DOWN_SECONDS * 1000;
    while (Date.now() < downUntil) {
      const res = await sample();
      if (res.status === 503 && !downMessage)
        downMessage = (res.json as { error?: { json?: { message?: string } } })?.error?.json?.message ?? "";
      await new Promise((r) => setTimeout(r, 200));
    }
    ensurePgStarted();
    stoppedAt.startedAt = Date.now();
    phase.name = "after";
    console.log("[chaos] PostgreSQL started again");
    await new Promise((r) => setTimeout(r, 8000));
    running = false;
    await Promise.all(workers);

    // Every acknowledged write is there.
    const check = postgres(url.toString(), { max: 1, onnotice: () => {} });
    const rows = await check<{ id: string }[]>`select id::text as id from invites where id = any(${acknowledged}::uuid[])`;
    await check.end();
    const present = new Set(rows.map((r) => r.id));
    const lost = acknowledged.filter((id) => !present.has(id));
    const fmt = (m: Map<number, number>) =>
      [...m.entries()]
        .sort()
        .map(([s, n]) => `${s}×${n}`)
        .join(", ");
    console.log(`[chaos] writes attempted ${attempted}, acknowledged ${acknowledged.length}, lost ${lost.length}`);
    console.log(`[chaos] write answers: ${fmt(tally.writes)}`);
    console.log(`[chaos] read answers: ${fmt(tally.reads)}`);
    console.log(`[chaos] while down, a signed-in read answered: ${fmt(downStatuses)}; message: "${downMessage}"`);
    console.log(
      `[chaos] first success after restart: read ${firstOkAfterStart.read ?? "none"} ms, write ${firstOkAfterStart.write ?? "none"} ms`,
    );
    const fives = [...tally.reads, ...tally.writes, ...downStatuses]
      .filter(([s]) => s >= 500 && s !== 503)
      .reduce((a, [, n]) => a + n, 0);
    const ok =
      lost.length === 0 &&
      fives === 0 &&
      firstOkAfterStart.read !== undefined &&
      firstOkAfterStart.write !== undefined &&
      downStatuses.has(503);
    console.log(
      ok ? "[chaos] PASS: 503 while down, recovered by itself, no acknowledged write lost" : `[chaos] FAIL (other 5xx: ${fives})`,
    );
    if (!ok) process.exitCode = 1;
    if (!ok && appErrors) console.error(appErrors.slice(-4000));
  } finally {
    ensurePgStarted();
    app.kill("SIGTERM");
  }
}

main()
  .catch((err) => {
    ensurePgStarted();
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => ensurePgStarted());
