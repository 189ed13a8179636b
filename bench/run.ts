// `npm run bench`: the production build on Postgres against a bare node:http + postgres.js handler
// running the same SQL. A script that reports, not a test: it exits 0 whether or not the target is
// met, and non-zero only when something goes wrong (a failed step, errors or non-2xx responses).
//
// Steps: fresh database `tessera_bench` (dropped and re-created at the start, left afterwards for
// inspection), migrate + demo seed, `next build` (unless BENCH_SKIP_BUILD=1), `next start`, the bare
// server (bench/bare-server.ts) and, for diagnosis, the same tRPC router on tRPC's own node:http
// adapter without Next (bench/trpc-server.ts), each in its own process; a check that all answer
// the same rows; then per case: warm-up and measurement with autocannon for each side, one side
// at a time, and a table. Besides requests/s and latency it reports each server's CPU time per
// request (Linux /proc), which says more than requests/s on a busy machine.
//
// Settings (environment):
//   DATABASE_URL        admin connection (default postgres://postgres@127.0.0.1:5432/postgres)
//   BENCH_SKIP_BUILD=1  reuse the existing .next build
//   BENCH_DURATION      measured seconds per side (default 10)
//   BENCH_WARMUP        warm-up seconds per side (default 3)
//   BENCH_CONNECTIONS   concurrent connections (default 50)
//   BENCH_PORT          port for `next start` (default 3200)
//   BENCH_BARE_PORT     port for the bare server (default 3201)
//   BENCH_STANDALONE=0  skip the diagnostic side (tRPC router on node:http, no Next; port
//                       BENCH_STANDALONE_PORT, default 3202)
//   BENCH_JSON          if set, a path to write the results to as JSON
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import postgres from "postgres";
import { openDatabase } from "../db/client";
import { seedDemo } from "../db/demo";
import { seedBenchListings } from "./seed-listings";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DB_NAME = "tessera_bench";

const settings = {
  adminUrl: process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres",
  skipBuild: process.env.BENCH_SKIP_BUILD === "1",
  duration: positiveInt("BENCH_DURATION", 10),
  warmup: positiveInt("BENCH_WARMUP", 3, true),
  connections: positiveInt("BENCH_CONNECTIONS", 50),
  appPort: positiveInt("BENCH_PORT", 3200),
  barePort: positiveInt("BENCH_BARE_PORT", 3201),
  standalonePort: positiveInt("BENCH_STANDALONE_PORT", 3202),
  /** The diagnostic side: the same router on tRPC's node:http adapter, without Next. */
  standalone: process.env.BENCH_STANDALONE !== "0",
  json: process.env.BENCH_JSON || undefined,
  /** The app's default pool size (db/client.ts); the bare server uses the same. */
  pool: 10,
};

/**
 * What is measured. Each case is one tRPC procedure (GET, public) and the bare route serving the
 * same SQL. To grow the benchmark, add a case here and a route in bench/bare-server.ts.
 */
interface BenchCase {
  name: string;
  /** Path on the Next server. */
  trpcPath: string;
  /** Path on the bare server. */
  barePath: string;
  /** tRPC throughput must be at least this fraction of bare throughput. */
  minRatio: number;
  /** Optional latency target for the tRPC side. */
  maxP99Ms?: number;
  /** Checks the rows before measuring (both sides must return the same rows). */
  expectRows?: (rows: unknown[]) => string | null;
}

// The worst case: a word in a tenth of all listings, ranked by relevance over every district.
const EXPLORE_INPUT = { q: "harbour", districtId: "all", sort: "relevance", limit: 12 } as const;
// The common case: the newest approved listings of every district, the explore page with no words.
const BROWSE_INPUT = { districtId: "all", sort: "newest", limit: 12 } as const;
const LISTINGS = positiveInt("BENCH_LISTINGS", 100_000);

const CASES: BenchCase[] = [
  {
    name: "geography.districts",
    trpcPath: "/api/trpc/geography.districts",
    barePath: "/districts",
    minRatio: 0.5,
    expectRows: (rows) => (rows.length > 0 ? null : "no districts (was the demo seed loaded?)"),
  },
  {
    name: `explore: browse newest (${LISTINGS / 1000}k)`,
    trpcPath: `/api/trpc/listings.explore?input=${encodeURIComponent(JSON.stringify({ json: BROWSE_INPUT }))}`,
    barePath: `/explore?input=${encodeURIComponent(JSON.stringify(BROWSE_INPUT))}`,
    minRatio: 0.5,
    maxP99Ms: 50,
    expectRows: (rows) =>
      rows.length === BROWSE_INPUT.limit ? null : `expected a full page of ${BROWSE_INPUT.limit} results, got ${rows.length}`,
  },
  {
    name: `explore: "harbour" by relevance (${LISTINGS / 1000}k)`,
    trpcPath: `/api/trpc/listings.explore?input=${encodeURIComponent(JSON.stringify({ json: EXPLORE_INPUT }))}`,
    barePath: `/explore?input=${encodeURIComponent(JSON.stringify(EXPLORE_INPUT))}`,
    minRatio: 0.5,
    maxP99Ms: 50,
    expectRows: (rows) =>
      rows.length === EXPLORE_INPUT.limit ? null : `expected a full page of ${EXPLORE_INPUT.limit} results, got ${rows.length}`,
  },
];

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

// ------------------------------------------------------------------ measuring

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

async function load(url: string, seconds: number, server: Managed): Promise<Measured> {
  const cpuBefore = groupCpuSeconds(server.child.pid);
  try {
    const r = await new Promise<autocannon.Result>((resolve, reject) => {
      currentLoad = autocannon(
        { url, method: "GET", connections: settings.connections, duration: seconds, pipelining: 1, timeout: 10 },
        (err, result) => (err ? reject(err) : resolve(result)),
      );
    });
    const cpuAfter = groupCpuSeconds(server.child.pid);
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

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
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
  if (!Array.isArray(data)) throw new Error(`unexpected tRPC answer: ${JSON.stringify(body).slice(0, 300)}`);
  return data;
}

// ------------------------------------------------------------------ main

/** One server under load. `next` and `bare` are compared; `standalone` is for diagnosis. */
interface Side {
  key: "next" | "standalone" | "bare";
  label: string;
  base: string;
  path: (c: BenchCase) => string;
  rows: (body: unknown) => unknown[];
  server: Managed;
}

async function main() {
  const startedAt = Date.now();
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const nextVersion = (
    JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/next/package.json"), "utf8")) as { version: string }
  ).version;

  // 1. Fresh database, migrated and seeded.
  const benchUrl = new URL(settings.adminUrl);
  benchUrl.pathname = `/${DB_NAME}`;
  const admin = postgres(settings.adminUrl, { max: 1, onnotice: () => {} });
  let pgVersion: string;
  try {
    pgVersion = ((await admin`show server_version`)[0] as { server_version: string }).server_version;
    await admin.unsafe(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE ${DB_NAME}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const handle = await openDatabase({ url: benchUrl.toString(), migrate: true, max: 1 });
  try {
    await seedDemo(handle.db);
  } finally {
    await handle.close();
  }
  const bulk = postgres(benchUrl.toString(), { max: 1, onnotice: () => {} });
  try {
    const started = Date.now();
    await seedBenchListings(bulk, LISTINGS);
    console.log(`${LISTINGS} approved listings inserted in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await bulk.end({ timeout: 5 });
  }
  console.log(`database ${DB_NAME} created, migrated and seeded (PostgreSQL ${pgVersion})`);

  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    TESSERA_DEMO: "1",
    DATABASE_URL: benchUrl.toString(),
    APP_URL: `http://127.0.0.1:${settings.appPort}`,
    NEXT_TELEMETRY_DISABLED: "1",
  };

  // 2. Production build and start.
  if (settings.skipBuild) {
    if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("BENCH_SKIP_BUILD=1 but there is no .next build");
    console.log("next build skipped (BENCH_SKIP_BUILD=1), using the existing .next");
  } else {
    const t = Date.now();
    console.log("next build…");
    await runToEnd("next build", "npx", ["next", "build"], appEnv);
    console.log(`next build done in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  }

  const ports = [settings.appPort, settings.barePort, ...(settings.standalone ? [settings.standalonePort] : [])];
  for (const port of ports) {
    if (await portInUse(port))
      throw new Error(`port ${port} is already in use (see BENCH_PORT / BENCH_BARE_PORT / BENCH_STANDALONE_PORT)`);
  }

  const tsxServer = (name: string, file: string, env: Record<string, string>) =>
    startProcess(name, process.execPath, ["--conditions=react-server", "--import", "tsx", path.join("bench", file)], {
      ...appEnv,
      ...env,
    });
  const sides: Side[] = [
    {
      key: "next",
      label: "tRPC via next start",
      base: `http://127.0.0.1:${settings.appPort}`,
      path: (c) => c.trpcPath,
      rows: trpcRows,
      server: startProcess("next start", "npx", ["next", "start", "-p", String(settings.appPort), "-H", "127.0.0.1"], appEnv),
    },
  ];
  if (settings.standalone) {
    sides.push({
      key: "standalone",
      label: "tRPC node:http, no Next*",
      base: `http://127.0.0.1:${settings.standalonePort}`,
      path: (c) => c.trpcPath,
      rows: trpcRows,
      server: tsxServer("tRPC standalone server", "trpc-server.ts", { TRPC_PORT: String(settings.standalonePort) }),
    });
  }
  sides.push({
    key: "bare",
    label: "bare node:http",
    base: `http://127.0.0.1:${settings.barePort}`,
    path: (c) => c.barePath,
    rows: (body) => {
      if (!Array.isArray(body)) throw new Error(`unexpected bare answer: ${JSON.stringify(body).slice(0, 300)}`);
      return body;
    },
    server: tsxServer("bare server", "bare-server.ts", {
      BARE_PORT: String(settings.barePort),
      BARE_POOL: String(settings.pool),
    }),
  });

  await Promise.all(sides.map((s) => waitUntilAnswers(s.server, `${s.base}${s.path(CASES[0]!)}`, 90_000)));
  console.log(`answering: ${sides.map((s) => `${s.label} on ${s.base}`).join(", ")}`);

  // 3. All sides must serve the same rows before their speed means anything.
  for (const c of CASES) {
    const answers = await Promise.all(sides.map(async (s) => s.rows(await getJson(`${s.base}${s.path(c)}`))));
    const reference = canonical(answers[0]);
    sides.forEach((s, i) => {
      if (canonical(answers[i]) !== reference) {
        throw new Error(
          `${c.name}: ${s.label} answers differently from ${sides[0]!.label}\n  ${sides[0]!.label}: ${reference.slice(0, 300)}\n  ${s.label}: ${JSON.stringify(answers[i]).slice(0, 300)}`,
        );
      }
    });
    const problem = c.expectRows?.(answers[0]!);
    if (problem) throw new Error(`${c.name}: ${problem}`);
    console.log(`${c.name}: all sides return the same ${answers[0]!.length} rows`);
  }

  // 4. Load. Warm-up (discarded) then measurement, one side at a time.
  console.log(
    `\nautocannon: ${settings.connections} connections, ${settings.warmup} s warm-up + ${settings.duration} s measured per side`,
  );
  type CaseResult = { c: BenchCase; measured: Map<Side, Measured>; warmupProblems: string[] };
  const results: CaseResult[] = [];
  for (const c of CASES) {
    const result: CaseResult = { c, measured: new Map(), warmupProblems: [] };
    for (const s of sides) {
      const url = `${s.base}${s.path(c)}`;
      if (settings.warmup > 0) {
        process.stdout.write(`  ${c.name} [${s.label}] warm-up… `);
        const w = await load(url, settings.warmup, s.server);
        if (w.non2xx || w.errors) result.warmupProblems.push(`${s.label} warm-up: ${w.non2xx} non-2xx, ${w.errors} errors`);
        console.log(`${Math.round(w.rps)} req/s`);
      }
      process.stdout.write(`  ${c.name} [${s.label}] measuring… `);
      const m = await load(url, settings.duration, s.server);
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
    `next ${nextVersion}, PostgreSQL ${pgVersion}, pool ${settings.pool} per server, ${settings.connections} connections, ${settings.duration} s measured per side\n`,
  );

  const header = ["case", "side", "req/s", "p50 ms", "p99 ms", "CPU ms/req", "requests", "non-2xx", "errors"];
  const rows: string[][] = [];
  for (const r of results) {
    for (const [s, m] of r.measured) {
      rows.push([
        r.c.name,
        s.label,
        m.rps.toFixed(0),
        m.p50.toFixed(1),
        m.p99.toFixed(1),
        m.cpuMsPerRequest === null ? "n/a" : m.cpuMsPerRequest.toFixed(2),
        String(m.total),
        String(m.non2xx),
        String(m.errors),
      ]);
    }
  }
  printTable(header, rows);
  if (settings.standalone) {
    console.log("* diagnostic only: the same router and context on tRPC's node:http adapter, no Next, no next-auth (anonymous)");
  }

  let failed = false;
  const summary = results.map((r) => {
    const by = (key: Side["key"]) => [...r.measured].find(([s]) => s.key === key)?.[1];
    const next = by("next")!;
    const bare = by("bare")!;
    const standalone = by("standalone");
    const ratio = bare.rps > 0 ? next.rps / bare.rps : 0;
    const ratioMet = ratio >= r.c.minRatio;
    const p99Met = r.c.maxP99Ms === undefined ? undefined : next.p99 < r.c.maxP99Ms;
    console.log(
      `\n${r.c.name}: tRPC / bare throughput = ${ratio.toFixed(2)}× — target ≥ ${r.c.minRatio}×: ${ratioMet ? "MET" : "NOT MET"}`,
    );
    if (p99Met !== undefined)
      console.log(`${r.c.name}: tRPC p99 ${next.p99.toFixed(1)} ms — target < ${r.c.maxP99Ms} ms: ${p99Met ? "MET" : "NOT MET"}`);
    if (standalone && bare.rps > 0) {
      console.log(`${r.c.name}: (diagnostic) tRPC without Next / bare = ${(standalone.rps / bare.rps).toFixed(2)}×`);
    }
    const problems = [...r.warmupProblems];
    for (const [s, m] of r.measured) {
      if (m.non2xx || m.errors || m.timeouts) {
        problems.push(
          `${s.label}: ${m.non2xx} non-2xx (status codes ${JSON.stringify(m.statusCodes)}), ${m.errors} errors, ${m.timeouts} timeouts`,
        );
      }
    }
    if (problems.length) {
      failed = true;
      console.error(`${r.c.name}: ERRORS — ${problems.join("; ")}`);
    }
    return {
      case: r.c.name,
      sides: Object.fromEntries([...r.measured].map(([s, m]) => [s.key, m])),
      ratio,
      minRatio: r.c.minRatio,
      ratioMet,
      maxP99Ms: r.c.maxP99Ms,
      p99Met,
      problems,
    };
  });
  if (failed) for (const s of sides) showTail(s.server);

  if (settings.json) {
    const out = {
      node: process.version,
      cores,
      cpu,
      loadAverage: os.loadavg(),
      next: nextVersion,
      postgres: pgVersion,
      connections: settings.connections,
      duration: settings.duration,
      pool: settings.pool,
      results: summary,
    };
    fs.writeFileSync(settings.json, JSON.stringify(out, null, 2));
    console.log(`\nresults written to ${settings.json}`);
  }
  console.log(`\n(database ${DB_NAME} left in place for inspection; total ${((Date.now() - startedAt) / 1000).toFixed(0)} s)`);
  return failed ? 1 : 0;
}

function printTable(header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = (i: number) => i >= 2;
  const fmt = (cells: string[]) => cells.map((c, i) => (numeric(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ");
  console.log(fmt(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(fmt(r));
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
