// What one anonymous client can cost the production server (issue 7): memory under a large chunked
// body, and a 100-call batch (refused now) against a 10-call one, with other users' latency meanwhile.
//
//   npm run bench:attack                       # builds and starts the app (as the browser tests do)
//   BENCH_URL=http://127.0.0.1:3150 npm run bench:attack   # against a server already running here
//
// Memory is the server process's resident set (/proc/<pid>/status), found by its listening port.
import http from "node:http";
import fs from "node:fs";
import { execSync, spawn, type ChildProcess } from "node:child_process";

const port = Number(process.env.BENCH_PORT ?? 3190);
const url = new URL(process.env.BENCH_URL ?? `http://127.0.0.1:${port}`);
let server: ChildProcess | undefined;

function request(opts: {
  method?: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
  from?: string;
}): Promise<{ status: number; ms: number; body: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: opts.path,
        method: opts.method ?? "GET",
        headers: opts.headers,
        localAddress: opts.from,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

function pidOfPort(p: string): number {
  const out = execSync(`ss -ltnpH 'sport = :${p}'`).toString();
  return Number(/pid=(\d+)/.exec(out)?.[1] ?? 0);
}
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))] ?? 0;

async function waitUp() {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await request({ path: "/login" })).status === 200) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error("server did not start");
}

/** Other users' reads while `during` runs. */
async function latencyDuring(during: () => Promise<unknown>) {
  const times: number[] = [];
  let done = false;
  const reader = (async () => {
    while (!done) times.push((await request({ path: "/api/trpc/geography.districts", from: "127.0.0.9" })).ms);
  })();
  const started = performance.now();
  await during();
  const took = performance.now() - started;
  done = true;
  await reader;
  return { took, times };
}

function signupBatch(n: number) {
  const path = `/api/trpc/${Array.from({ length: n }, () => "auth.signup").join(",")}?batch=1`;
  const body = JSON.stringify(
    Object.fromEntries(
      Array.from({ length: n }, (_, i) => [
        i,
        {
          json: {
            inviteCode: `MADE-UP-${i}`,
            email: `bench${i}@example.test`,
            password: "velvet-orbit-canyon-42",
            displayName: "Bench",
          },
        },
      ]),
    ),
  );
  return { path, body };
}

async function chunked(total: number, pid: number) {
  const before = rssMb(pid);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 25);
  let sent = 0;
  let answeredAt = -1;
  let status = 0;
  await new Promise<void>((resolve) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: "/api/trpc/auth.signup",
        method: "POST",
        headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      },
      (res) => {
        answeredAt = sent;
        status = res.statusCode ?? 0;
        res.resume();
      },
    );
    req.on("error", () => {});
    req.on("close", () => resolve());
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    const pump = () => {
      while (sent < total && answeredAt < 0) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
  await new Promise((r) => setTimeout(r, 500));
  clearInterval(timer);
  return { status, before, peak, sentMb: (answeredAt < 0 ? sent : answeredAt) / 1048576 };
}

async function main() {
  if (!process.env.BENCH_URL) {
    server = spawn("npx", ["tsx", "e2e/server.ts", String(port)], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, TEST_DB_SUFFIX: process.env.TEST_DB_SUFFIX ?? "_bench" },
    });
  }
  await waitUp();
  const pid = pidOfPort(url.port);
  console.log(`server pid ${pid}, ${url.origin}`);

  const idle: number[] = [];
  for (let i = 0; i < 40; i++) idle.push((await request({ path: "/api/trpc/geography.districts", from: "127.0.0.9" })).ms);
  console.log(`idle read latency: p50 ${median(idle).toFixed(1)} ms, p99 ${p99(idle).toFixed(1)} ms`);

  const big = signupBatch(100);
  const hundred = await latencyDuring(() =>
    request({
      method: "POST",
      path: big.path,
      body: big.body,
      headers: { "content-type": "application/json" },
      from: "127.0.0.7",
    }),
  );
  const hundredStatus = (
    await request({
      method: "POST",
      path: big.path,
      body: big.body,
      headers: { "content-type": "application/json" },
      from: "127.0.0.7",
    })
  ).status;
  console.log(
    `100-call signup batch: answered ${hundredStatus} in ${hundred.took.toFixed(1)} ms; others' reads meanwhile p50 ${median(hundred.times).toFixed(1)} ms, max ${Math.max(...hundred.times, 0).toFixed(1)} ms (n=${hundred.times.length})`,
  );

  const ten = signupBatch(10);
  const tenRun = await latencyDuring(() =>
    request({
      method: "POST",
      path: ten.path,
      body: ten.body,
      headers: { "content-type": "application/json" },
      from: "127.0.0.8",
    }),
  );
  console.log(
    `10-call signup batch (made-up invites, the largest allowed): ${tenRun.took.toFixed(1)} ms; others' reads meanwhile p50 ${median(tenRun.times).toFixed(1)} ms, max ${Math.max(...tenRun.times, 0).toFixed(1)} ms`,
  );

  const body = await chunked(300 * 1024 * 1024, pid);
  console.log(
    `300 MB chunked body (no Content-Length): answered ${body.status} after ${body.sentMb.toFixed(1)} MB; server RSS ${body.before.toFixed(0)} MB before, peak ${body.peak.toFixed(0)} MB (+${(body.peak - body.before).toFixed(0)} MB)`,
  );
  const after = (await request({ path: "/api/trpc/geography.districts" })).status;
  console.log(`server answers afterwards: ${after}`);
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    if (server?.pid) {
      try {
        process.kill(server.pid, "SIGTERM");
      } catch {
        /* gone */
      }
    }
  });
