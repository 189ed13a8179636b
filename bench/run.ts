// `npm run bench`: Tessera's production server (server.ts) on PostgreSQL, with 1 and with 2 worker
// processes, against a bare node:http + postgres.js handler running the same SQL. A script that
// reports, not a test: it exits 0 whether or not a target is met, and non-zero only when something
// goes wrong (a failed step, errors or non-2xx responses).
//
// Steps: a fresh database (dropped and re-created at the start, left afterwards for inspection),
// migrate + demo seed + bulk listings, `next build` (unless BENCH_SKIP_BUILD=1), the servers, each in
// its own process group; a check that all sides answer the same rows; then per case and side a
// warm-up and a measurement with autocannon, one side at a time; a table of req/s, p50/p99 and the
// server's CPU time per request (Linux /proc: the whole process group, workers included), which
// says more than req/s on a busy machine; then the ratios to the bare handler and the targets.
//
// Cases: districts (a cheap read), browse (explore, newest first), search (explore by relevance over
// a mix of hundreds of words drawn with a Zipf-like distribution, the same sequence on every side),
// the same mix with misspellings (issue 19: a share of the words with one edit, each misspelled
// query sent once, so each is a page the cache has not seen), suggestions for the first 2–5
// letters of the mix's words, the browse signed in (session cookie; the bare side reads the same
// user row), and one mutation
// (kiosk.heartbeat: a device authenticated by its key, one UPDATE).
//
// Settings: environment, or the same as flags (`--db=tessera_bench2` is BENCH_DB):
//   DATABASE_URL        admin connection (default postgres://postgres@127.0.0.1:5432/postgres)
//   BENCH_DB            database to (re)create (default tessera_bench)
//   BENCH_SKIP_BUILD=1  reuse the existing .next build
//   BENCH_DURATION      measured seconds per side (default 10)
//   BENCH_WARMUP        warm-up seconds per side (default 3)
//   BENCH_CONNECTIONS   concurrent connections (default 50)
//   BENCH_LISTINGS      approved listings (default 100000)
//   BENCH_WORKERS       Tessera sides, as worker counts (default "1,2")
//   BENCH_PORT          first Tessera port (default 3200; the next side uses BENCH_PORT + 10, …)
//   BENCH_BARE_PORT     port for the bare server (default 3201)
//   BENCH_CASES         comma-separated case keys to run (default all: districts,browse,search,typos,suggest,signed,mutation)
//   BENCH_JSON          if set, a path to write the results to as JSON
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import postgres from "postgres";
import { encode } from "next-auth/jwt";
import { openDatabase } from "../db/client";
import { seedDemo } from "../db/demo";
import { generateKioskKey, hashKioskKey, kioskKeyPrefix } from "../server/kiosk/keys";
import { seedBenchListings } from "./seed-listings";
import { misspelledMix, prefixQueries, zipfQueries } from "./search-mix";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// Flags are the environment settings' other spelling: --skip-build=1 is BENCH_SKIP_BUILD=1.
for (const arg of process.argv.slice(2)) {
  const m = /^--([a-z][a-z0-9-]*)=(.*)$/.exec(arg);
  if (!m) throw new Error(`unknown argument "${arg}" (flags look like --db=name; see the top of bench/run.ts)`);
  process.env[`BENCH_${m[1]!.toUpperCase().replaceAll("-", "_")}`] = m[2];
}

const settings = {
  adminUrl: process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres",
  db: identifier("BENCH_DB", "tessera_bench"),
  skipBuild: process.env.BENCH_SKIP_BUILD === "1",
  duration: positiveInt("BENCH_DURATION", 10),
  warmup: positiveInt("BENCH_WARMUP", 3, true),
  connections: positiveInt("BENCH_CONNECTIONS", 50),
  listings: positiveInt("BENCH_LISTINGS", 100_000),
  workers: (process.env.BENCH_WORKERS || "1,2").split(",").map((w) => {
    const n = Number(w.trim());
    if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`BENCH_WORKERS: "${w}" is not a worker count`);
    return n;
  }),
  appPort: positiveInt("BENCH_PORT", 3200),
  barePort: positiveInt("BENCH_BARE_PORT", 3201),
  cases: process.env.BENCH_CASES ? process.env.BENCH_CASES.split(",").map((c) => c.trim()) : null,
  json: process.env.BENCH_JSON || undefined,
  /** The app's default pool size (db/client.ts); the bare server uses the same, per process. */
  pool: 10,
};

function identifier(name: string, fallback: string): string {
  const value = process.env[name] || fallback;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) throw new Error(`${name} must be a lower-case SQL identifier, got "${value}"`);
  return value;
}

/** Requests one side sends for a case: one path, or a list cycled through in order. */
interface RequestSpec {
  paths: string[];
  /** Measure from where the warm-up stopped (no path sent twice to one side while the list lasts). */
  resume?: boolean;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
}

/** What is measured: the same work through Tessera and through the bare handler. */
interface BenchCase {
  key: string;
  name: string;
  tessera: RequestSpec;
  bare: RequestSpec;
  /** How many of the paths to compare across sides before measuring. */
  compare: number;
  /** Checks the rows (first path) before measuring. */
  expectRows?: (rows: unknown[]) => string | null;
}

const trpcGet = (procedure: string, input: unknown) =>
  `/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
const bareGet = (route: string, input: unknown, extra = "") =>
  `${route}?input=${encodeURIComponent(JSON.stringify(input))}${extra}`;

const BROWSE_INPUT = { districtId: "all", sort: "newest", limit: 12 } as const;
const searchInput = (q: string) => ({ q, districtId: "all", sort: "relevance", limit: 12 }) as const;

interface Fixtures {
  travelerId: string;
  travelerCookie: string;
  kioskId: string;
  kioskKey: string;
}

/**
 * The Zipf mix with misspellings (bench/search-mix.ts), each misspelled query used once: every
 * one is a cold page for the cache (a miss), however long the run; spelled-right ones repeat.
 */
function typoMix(count: number) {
  const seen = new Set<string>();
  const queries: string[] = [];
  const typos = new Set<string>();
  for (const { q, edited } of misspelledMix(count * 4)) {
    if (queries.length >= count) break;
    if (edited && seen.has(q)) continue;
    seen.add(q);
    queries.push(q);
    if (edited) typos.add(q);
  }
  return { queries, misspelled: typos.size, isTypo: (q: string) => typos.has(q) };
}

const typoQueries = typoMix(60_000);

function buildCases(f: Fixtures): BenchCase[] {
  const words = zipfQueries(4000);
  const typos = typoQueries;
  const prefixes = prefixQueries(4000);
  const distinct = new Set(words).size;
  const fullPage = (rows: unknown[]) => (rows.length === 12 ? null : `expected a full page of 12 results, got ${rows.length}`);
  return [
    {
      key: "districts",
      name: "districts (cheap read)",
      tessera: { paths: ["/api/trpc/geography.districts"] },
      bare: { paths: ["/districts"] },
      compare: 1,
      expectRows: (rows) => (rows.length > 0 ? null : "no districts (was the demo seed loaded?)"),
    },
    {
      key: "browse",
      name: `browse newest (${settings.listings / 1000}k)`,
      tessera: { paths: [trpcGet("listings.explore", BROWSE_INPUT)] },
      bare: { paths: [bareGet("/explore", BROWSE_INPUT)] },
      compare: 1,
      expectRows: fullPage,
    },
    {
      key: "search",
      name: `search, ${distinct} distinct queries (Zipf)`,
      tessera: { paths: words.map((q) => trpcGet("listings.explore", searchInput(q))) },
      bare: { paths: words.map((q) => bareGet("/explore", searchInput(q))) },
      compare: 8,
    },
    {
      key: "typos",
      name: `search with misspellings (${typos.misspelled} of ${typos.queries.length} queries with one edit, each once: cold)`,
      tessera: { paths: typos.queries.map((q) => trpcGet("listings.explore", searchInput(q))), resume: true },
      bare: { paths: typos.queries.map((q) => bareGet("/explore", searchInput(q))), resume: true },
      compare: 8,
    },
    {
      key: "suggest",
      name: `suggestions, ${new Set(prefixes).size} distinct prefixes of 2–5 letters (Zipf)`,
      tessera: { paths: prefixes.map((q) => trpcGet("listings.suggest", { q })) },
      bare: { paths: prefixes.map((q) => bareGet("/suggest", { q })) },
      compare: 8,
    },
    {
      key: "signed",
      name: "browse newest, signed in",
      tessera: { paths: [trpcGet("listings.explore", BROWSE_INPUT)], headers: { cookie: f.travelerCookie } },
      bare: { paths: [bareGet("/explore-as", BROWSE_INPUT, `&uid=${f.travelerId}`)] },
      compare: 1,
      expectRows: fullPage,
    },
    {
      key: "mutation",
      name: "kiosk.heartbeat (mutation)",
      tessera: {
        paths: ["/api/trpc/kiosk.heartbeat"],
        method: "POST",
        headers: { "x-kiosk-id": f.kioskId, "x-kiosk-key": f.kioskKey, "content-type": "application/json" },
        body: "{}",
      },
      bare: {
        paths: ["/heartbeat"],
        method: "POST",
        headers: { "x-kiosk-id": f.kioskId, "x-kiosk-key": f.kioskKey },
        body: "{}",
      },
      compare: 0,
    },
  ];
}

// ------------------------------------------------------------------ processes and clean-up

interface Managed {
  name: string;
  child: ChildProcess;
  /** Last lines of output, shown when something fails. */
  tail: string[];
  exited: Promise<number | null>;
}

const managed = new Set<Managed>();
let currentLoad: autocannon.Instance | null = null;
let cleaningUp: Promise<void> | null = null;

function positiveInt(name: string, fallback: number, allowZero = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1))
    throw new Error(`${name} must be a ${allowZero ? "non-negative" : "positive"} integer, got "${raw}"`);
  return n;
}

/** Spawns in its own process group (detached) so the whole tree can be stopped together. */
function startProcess(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, echo = false): Managed {
  const child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const tail: string[] = [];
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    if (echo) process.stdout.write(text);
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 60) tail.shift();
    }
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<number | null>((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : null)));
    child.on("error", (err) => {
      tail.push(`spawn error: ${err.message}`);
      resolve(-1);
    });
  });
  const m: Managed = { name, child, tail, exited };
  managed.add(m);
  void exited.then(() => managed.delete(m));
  return m;
}

function killGroup(m: Managed, signal: NodeJS.Signals) {
  if (m.child.pid === undefined) return;
  try {
    process.kill(-m.child.pid, signal);
  } catch {
    // already gone
  }
}

async function stopProcess(m: Managed) {
  killGroup(m, "SIGTERM");
  const done = await Promise.race([m.exited.then(() => true), sleep(5000).then(() => false)]);
  // The group may hold more than the direct child (npx → next); make sure none is left.
  killGroup(m, "SIGKILL");
  if (!done) await Promise.race([m.exited, sleep(2000)]);
}

function cleanup(): Promise<void> {
  cleaningUp ??= (async () => {
    currentLoad?.stop();
    await Promise.all([...managed].map(stopProcess));
  })();
  return cleaningUp;
}

function onSignal(signal: NodeJS.Signals) {
  console.error(`\n${signal}: stopping servers…`);
  void cleanup().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
}
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function showTail(m: Managed) {
  if (m.tail.length === 0) return;
  console.error(`--- last output of ${m.name} ---\n${m.tail.join("\n")}\n---`);
}

/** A process that ran to completion (the build). */
async function runToEnd(name: string, command: string, args: string[], env: NodeJS.ProcessEnv) {
  const m = startProcess(name, command, args, env);
  const code = await m.exited;
  if (code !== 0) {
    showTail(m);
    throw new Error(`${name} exited with ${code}`);
  }
}

async function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Polls `url` until it answers 200, failing early if the server process exits. */
async function waitUntilAnswers(m: Managed, url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void m.exited.then(() => (exited = true));
  let last = "no answer";
  while (Date.now() < deadline) {
    if (exited) {
      showTail(m);
      throw new Error(`${m.name} exited before answering ${url}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(250);
  }
  showTail(m);
  throw new Error(`${m.name} did not answer ${url} within ${timeoutMs / 1000} s (last: ${last})`);
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** CPU time the server's process group spent per request (ms); null where /proc is absent. */
  cpuMsPerRequest: number | null;
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** User + system CPU seconds of every process in a process group (Linux); null elsewhere. */
function groupCpuSeconds(pgid: number | undefined): number | null {
  if (pgid === undefined || !fs.existsSync("/proc/self/stat")) return null;
  let ticks = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // After "pid (comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) !== pgid) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** Where each side's resumable path list stopped (by base URL and spec). */
const resumeAt = new Map<string, number>();
/** The paths each side sent in its last measurement, by base URL and spec (the typo mix counts its misses). */
const sentRange = new Map<string, [number, number]>();

async function load(base: string, spec: RequestSpec, seconds: number, server: Managed): Promise<Measured> {
  const cpuBefore = groupCpuSeconds(server.child.pid);
  const resumeKey = `${base} ${spec.paths[0]}`;
  const start = spec.resume ? (resumeAt.get(resumeKey) ?? 0) : 0;
  let next = start;
  try {
    const r = await new Promise<autocannon.Result>((resolve, reject) => {
      currentLoad = autocannon(
        {
          url: base,
          connections: settings.connections,
          duration: seconds,
          pipelining: 1,
          timeout: 10,
          requests: [
            {
              method: spec.method ?? "GET",
              headers: spec.headers,
              body: spec.body,
              setupRequest: (req) => ({ ...req, path: spec.paths[next++ % spec.paths.length] }),
            },
          ],
        },
        (err, result) => (err ? reject(err) : resolve(result)),
      );
    });
    const cpuAfter = groupCpuSeconds(server.child.pid);
    if (spec.resume) resumeAt.set(resumeKey, next);
    sentRange.set(resumeKey, [start, next]);
    const statusCodes: Record<string, number> = {};
    for (const [code, stat] of Object.entries(r.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
    const completed = r["1xx"] + r["2xx"] + r["3xx"] + r["4xx"] + r["5xx"];
    return {
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      total: r.requests.total,
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      statusCodes,
      cpuMsPerRequest:
        cpuBefore !== null && cpuAfter !== null && completed > 0 ? ((cpuAfter - cpuBefore) * 1000) / completed : null,
    };
  } finally {
    currentLoad = null;
  }
}

async function getJson(url: string, spec: RequestSpec): Promise<unknown> {
  const res = await fetch(url, {
    method: spec.method ?? "GET",
    headers: spec.headers,
    body: spec.body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** tRPC (superjson transformer) answers { result: { data: { json: … } } }. */
/** JSON with sorted keys: an output schema may order an object's keys differently. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

function trpcRows(body: unknown): unknown[] {
  let data = (body as { result?: { data?: { json?: unknown } } }).result?.data?.json;
  // Paged procedures answer { items, nextCursor }: compare the items.
  if (data && !Array.isArray(data) && Array.isArray((data as { items?: unknown }).items))
    data = (data as { items: unknown[] }).items;
  if (data && !Array.isArray(data) && Array.isArray((data as { suggestions?: unknown }).suggestions))
    data = (data as { suggestions: unknown[] }).suggestions;
  if (!Array.isArray(data)) throw new Error(`unexpected tRPC answer: ${JSON.stringify(body).slice(0, 300)}`);
  return data;
}

// ------------------------------------------------------------------ main

/** One server under load: a Tessera side (with its worker count) or the bare handler. */
interface Side {
  key: string;
  label: string;
  workers: number;
  bare: boolean;
  base: string;
  spec: (c: BenchCase) => RequestSpec;
  rows: (body: unknown) => unknown[];
  server: Managed;
}

const bareRows = (body: unknown) => {
  if (!Array.isArray(body)) throw new Error(`unexpected bare answer: ${JSON.stringify(body).slice(0, 300)}`);
  return body;
};

const ratio = (a: number | null | undefined, b: number | null | undefined) => (a && b ? a / b : null);
const fmt = (x: number | null, digits = 2) => (x === null ? "n/a" : `${x.toFixed(digits)}×`);

async function main() {
  const startedAt = Date.now();
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const nextVersion = (
    JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/next/package.json"), "utf8")) as { version: string }
  ).version;

  const tesseraPorts = settings.workers.map((_, i) => settings.appPort + i * 10);
  for (const port of [...tesseraPorts, settings.barePort]) {
    if (await portInUse(port)) throw new Error(`port ${port} is already in use (see BENCH_PORT / BENCH_BARE_PORT)`);
  }

  // 1. Fresh database, migrated and seeded; a kiosk and a signed-in traveler for the cases.
  const benchUrl = new URL(settings.adminUrl);
  benchUrl.pathname = `/${settings.db}`;
  const admin = postgres(settings.adminUrl, { max: 1, onnotice: () => {} });
  let pgVersion: string;
  try {
    pgVersion = ((await admin`show server_version`)[0] as { server_version: string }).server_version;
    await admin.unsafe(`DROP DATABASE IF EXISTS ${settings.db} WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE ${settings.db}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const handle = await openDatabase({ url: benchUrl.toString(), migrate: true, max: 1 });
  try {
    await seedDemo(handle.db);
  } finally {
    await handle.close();
  }
  const authSecret = randomBytes(36).toString("base64url");
  const bulk = postgres(benchUrl.toString(), { max: 1, onnotice: () => {} });
  let fixtures: Fixtures;
  try {
    const started = Date.now();
    await seedBenchListings(bulk, settings.listings);
    console.log(`${settings.listings} approved listings inserted in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const [traveler] = await bulk<{ id: string; session_version: number }[]>`
      select id, session_version from users where email = 'traveler@tessera.test'`;
    const [district] = await bulk<{ id: string }[]>`select id from districts where name = 'Naxos Old Town'`;
    const kioskKey = generateKioskKey();
    const [kiosk] = await bulk<{ id: string }[]>`
      insert into kiosk_devices (district_id, name, key_hash, key_prefix)
      values (${district!.id}, 'Bench kiosk', ${hashKioskKey(kioskKey)}, ${kioskKeyPrefix(kioskKey)}) returning id`;
    const [session] = await bulk<{ id: string }[]>`
      insert into sessions (user_id, ip, user_agent) values (${traveler!.id}, '127.0.0.1', 'bench') returning id`;
    const token = await encode({
      token: { uid: traveler!.id, sv: traveler!.session_version, sid: session!.id, sub: traveler!.id },
      secret: authSecret,
      salt: "authjs.session-token",
      maxAge: 8 * 3600,
    });
    fixtures = {
      travelerId: traveler!.id,
      travelerCookie: `authjs.session-token=${token}`,
      kioskId: kiosk!.id,
      kioskKey,
    };
  } finally {
    await bulk.end({ timeout: 5 });
  }
  console.log(`database ${settings.db} created, migrated and seeded (PostgreSQL ${pgVersion})`);
  const cases = buildCases(fixtures).filter((c) => !settings.cases || settings.cases.includes(c.key));
  if (cases.length === 0) throw new Error(`BENCH_CASES matched no case`);

  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    TESSERA_DEMO: "1",
    // A production start requires a mail server; mail waits in the outbox unless one is given.
    SMTP_URL: process.env.SMTP_URL ?? "smtp://127.0.0.1:9",
    AUTH_SECRET: authSecret,
    DATABASE_URL: benchUrl.toString(),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  delete appEnv.NODE_OPTIONS;

  // 2. Production build and servers.
  if (settings.skipBuild) {
    if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("BENCH_SKIP_BUILD=1 but there is no .next build");
    console.log("next build skipped (BENCH_SKIP_BUILD=1), using the existing .next");
  } else {
    const t = Date.now();
    console.log("next build…");
    await runToEnd("next build", "npx", ["next", "build"], appEnv);
    console.log(`next build done in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  }

  const sides: Side[] = settings.workers.map((workers, i) => ({
    key: `tessera-${workers}`,
    label: `Tessera, ${workers} worker${workers === 1 ? "" : "s"}`,
    workers,
    bare: false,
    base: `http://127.0.0.1:${tesseraPorts[i]}`,
    spec: (c) => c.tessera,
    rows: trpcRows,
    server: startProcess(
      `server.ts (${workers} workers)`,
      "npx",
      ["tsx", "server.ts", "--port", String(tesseraPorts[i]), "--hostname", "127.0.0.1"],
      { ...appEnv, WEB_CONCURRENCY: String(workers), APP_URL: `http://127.0.0.1:${tesseraPorts[i]}` },
    ),
  }));
  sides.push({
    key: "bare",
    label: "bare node:http, 1 process",
    workers: 1,
    bare: true,
    base: `http://127.0.0.1:${settings.barePort}`,
    spec: (c) => c.bare,
    rows: bareRows,
    server: startProcess(
      "bare server",
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", path.join("bench", "bare-server.ts")],
      { ...appEnv, BARE_PORT: String(settings.barePort), BARE_POOL: String(settings.pool) },
    ),
  });

  await Promise.all(
    sides.map((s) => waitUntilAnswers(s.server, `${s.base}${s.bare ? "/districts" : "/api/trpc/geography.districts"}`, 120_000)),
  );
  // Every worker up before any measuring (each prints its ready line).
  for (const s of sides.filter((x) => x.workers > 1)) {
    const deadline = Date.now() + 60_000;
    while (s.server.tail.filter((l) => /worker \d+ \(pid \d+\) ready/.test(l)).length < s.workers) {
      if (Date.now() > deadline) throw new Error(`${s.label}: not every worker started`);
      await sleep(200);
    }
  }
  console.log(`answering: ${sides.map((s) => `${s.label} on ${s.base}`).join(", ")}`);

  // 3. All sides must serve the same rows before their speed means anything.
  for (const c of cases) {
    const n = Math.max(1, c.compare);
    for (let i = 0; i < n; i++) {
      const answers = await Promise.all(
        sides.map(async (s) => {
          const spec = s.spec(c);
          const body = await getJson(`${s.base}${spec.paths[i % spec.paths.length]}`, spec);
          return c.compare === 0 ? [] : s.rows(body);
        }),
      );
      const reference = canonical(answers[0]);
      sides.forEach((s, k) => {
        if (canonical(answers[k]) !== reference) {
          throw new Error(
            `${c.name}: ${s.label} answers differently from ${sides[0]!.label}\n  ${sides[0]!.label}: ${reference.slice(0, 300)}\n  ${s.label}: ${JSON.stringify(answers[k]).slice(0, 300)}`,
          );
        }
      });
      if (i === 0) {
        const problem = c.expectRows?.(answers[0]!);
        if (problem) throw new Error(`${c.name}: ${problem}`);
      }
    }
    console.log(`${c.name}: all sides answer alike${c.compare > 1 ? ` (${c.compare} queries compared)` : ""}`);
  }

  // 4. Load. Warm-up (discarded) then measurement, one side at a time.
  console.log(
    `\nautocannon: ${settings.connections} connections, ${settings.warmup} s warm-up + ${settings.duration} s measured per side`,
  );
  type CaseResult = { c: BenchCase; measured: Map<Side, Measured>; warmupProblems: string[] };
  const results: CaseResult[] = [];
  for (const c of cases) {
    const result: CaseResult = { c, measured: new Map(), warmupProblems: [] };
    for (const s of sides) {
      if (settings.warmup > 0) {
        process.stdout.write(`  ${c.name} [${s.label}] warm-up… `);
        const w = await load(s.base, s.spec(c), settings.warmup, s.server);
        if (w.non2xx || w.errors) result.warmupProblems.push(`${s.label} warm-up: ${w.non2xx} non-2xx, ${w.errors} errors`);
        console.log(`${Math.round(w.rps)} req/s`);
      }
      process.stdout.write(`  ${c.name} [${s.label}] measuring… `);
      const m = await load(s.base, s.spec(c), settings.duration, s.server);
      result.measured.set(s, m);
      console.log(`${Math.round(m.rps)} req/s`);
    }
    results.push(result);
  }

  // 5. Report.
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const [l1, l5] = os.loadavg();
  console.log(
    `\nTessera bench — node ${process.version}, ${cores} cores (${cpu}), load average ${l1!.toFixed(2)} (1 min) ${l5!.toFixed(2)} (5 min)`,
  );
  console.log(
    `next ${nextVersion}, PostgreSQL ${pgVersion}, ${settings.listings} listings, pool ${settings.pool} per process, ${settings.connections} connections, ${settings.duration} s measured per side\n`,
  );
  const bareOf = (r: CaseResult) => [...r.measured].find(([s]) => s.bare)?.[1];
  const header = ["case", "side", "req/s", "× bare", "p50 ms", "p99 ms", "CPU ms/req", "CPU × bare", "non-2xx", "errors"];
  const rows: string[][] = [];
  for (const r of results) {
    const bare = bareOf(r);
    for (const [s, m] of r.measured) {
      rows.push([
        r.c.name,
        s.label,
        m.rps.toFixed(0),
        s.bare ? "" : fmt(ratio(m.rps, bare?.rps)),
        m.p50.toFixed(1),
        m.p99.toFixed(1),
        m.cpuMsPerRequest === null ? "n/a" : m.cpuMsPerRequest.toFixed(2),
        s.bare ? "" : fmt(ratio(m.cpuMsPerRequest, bare?.cpuMsPerRequest)),
        String(m.non2xx),
        String(m.errors),
      ]);
    }
  }
  printTable(header, rows);

  // Targets (issue 12), on the 1-worker side against the 1-process bare handler.
  const one = sides.find((s) => s.workers === 1 && !s.bare);
  const get = (key: string, side: Side | undefined) => {
    const r = results.find((x) => x.c.key === key);
    return r && side ? { m: r.measured.get(side), bare: bareOf(r) } : undefined;
  };
  const targets: { what: string; value: string; met: boolean | null }[] = [];
  const districts = get("districts", one);
  if (districts?.m && districts.bare) {
    const cpuX = ratio(districts.m.cpuMsPerRequest, districts.bare.cpuMsPerRequest);
    targets.push({ what: "districts: CPU per request ≤ 3× bare", value: fmt(cpuX), met: cpuX === null ? null : cpuX <= 3 });
    const x = ratio(districts.m.rps, districts.bare.rps)!;
    targets.push({ what: "districts: throughput ≥ 0.35× bare (1 worker)", value: fmt(x), met: x >= 0.35 });
  }
  const browse = get("browse", one);
  if (browse?.m && browse.bare) {
    const x = ratio(browse.m.rps, browse.bare.rps)!;
    targets.push({ what: "browse: throughput ≥ 0.5× bare (1 worker)", value: fmt(x), met: x >= 0.5 });
  }
  for (const s of sides.filter((x) => !x.bare)) {
    const search = get("search", s);
    if (search?.m) {
      targets.push({
        what: `search word mix: p99 < 100 ms (${s.label})`,
        value: `${search.m.p99.toFixed(0)} ms`,
        met: search.m.p99 < 100,
      });
    }
  }
  // Issue 19: both search mixes under 50 ms at p99, the misspelled ones on cold pages; suggestions under 20 ms.
  for (const s of sides.filter((x) => !x.bare)) {
    const search = get("search", s);
    if (search?.m) {
      targets.push({
        what: `search word mix: p99 < 50 ms (${s.label})`,
        value: `${search.m.p99.toFixed(0)} ms`,
        met: search.m.p99 < 50,
      });
    }
    const typos = get("typos", s);
    if (typos?.m) {
      const spec = results.find((x) => x.c.key === "typos")!.c.tessera;
      const [from, to] = sentRange.get(`${s.base} ${spec.paths[0]}`) ?? [0, 0];
      let misses = 0;
      for (let i = from; i < to; i++) if (typoQueries.isTypo(typoQueries.queries[i % typoQueries.queries.length]!)) misses++;
      targets.push({
        what: `misspelled mix: p99 < 50 ms (${s.label}; ${misses} of ${to - from} requests misspelled, each a cache miss)`,
        value: `${typos.m.p99.toFixed(0)} ms`,
        met: typos.m.p99 < 50,
      });
    }
    const suggest = get("suggest", s);
    if (suggest?.m) {
      targets.push({
        what: `suggestions: p99 < 20 ms (${s.label})`,
        value: `${suggest.m.p99.toFixed(0)} ms`,
        met: suggest.m.p99 < 20,
      });
    }
  }
  const signed = get("signed", one);
  if (signed?.m && browse?.m) {
    const x = ratio(signed.m.cpuMsPerRequest, browse.m.cpuMsPerRequest);
    targets.push({ what: "signed-in read: CPU ≤ 1.3× the anonymous one", value: fmt(x), met: x === null ? null : x <= 1.3 });
  }
  const two = sides.find((s) => s.workers === 2);
  if (one && two) {
    for (const r of results) {
      const x = ratio(r.measured.get(two)?.rps, r.measured.get(one)?.rps);
      targets.push({ what: `${r.c.name}: 2 workers ÷ 1 worker throughput`, value: fmt(x), met: null });
    }
  }
  console.log("");
  for (const t of targets) {
    console.log(`${t.what}: ${t.value}${t.met === null ? "" : t.met ? " — MET" : " — NOT MET"}`);
  }

  let failed = false;
  const problems: string[] = [];
  for (const r of results) {
    problems.push(...r.warmupProblems.map((p) => `${r.c.name}: ${p}`));
    for (const [s, m] of r.measured) {
      if (m.non2xx || m.errors || m.timeouts) {
        problems.push(
          `${r.c.name} [${s.label}]: ${m.non2xx} non-2xx (status codes ${JSON.stringify(m.statusCodes)}), ${m.errors} errors, ${m.timeouts} timeouts`,
        );
      }
    }
  }
  if (problems.length) {
    failed = true;
    console.error(`\nERRORS:\n  ${problems.join("\n  ")}`);
    for (const s of sides) showTail(s.server);
  }

  if (settings.json) {
    const out = {
      node: process.version,
      cores,
      cpu,
      loadAverage: os.loadavg(),
      next: nextVersion,
      postgres: pgVersion,
      listings: settings.listings,
      connections: settings.connections,
      duration: settings.duration,
      pool: settings.pool,
      results: results.map((r) => ({
        case: r.c.key,
        name: r.c.name,
        sides: Object.fromEntries([...r.measured].map(([s, m]) => [s.key, m])),
      })),
      targets,
      problems,
    };
    fs.writeFileSync(settings.json, JSON.stringify(out, null, 2));
    console.log(`\nresults written to ${settings.json}`);
  }
  console.log(
    `\n(database ${settings.db} left in place for inspection; total ${((Date.now() - startedAt) / 1000).toFixed(0)} s)`,
  );
  return failed ? 1 : 0;
}

function printTable(header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = (i: number) => i >= 2;
  const line = (cells: string[]) => cells.map((c, i) => (numeric(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  console.error(`\nbench failed: ${err instanceof Error ? err.message : String(err)}`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
