// `npm run bench:audited` (also the last section of `npm run bench`): audited writes through the
// production app beside the same statements without the audit record in the bare handler
// (bench/bare-writes.ts, served by bench/bare-server.ts), at 1, 16 and 64 concurrent clients:
//   verification.verify   a staff member checks a traveler's token (each token used once)
//   messages.send         the host writes into one of 64 threads
//   orders.accept         the host accepts a requested order (each order once)
//   listings.update       the host changes the price of one of 64 drafts
// Per case, level and side: req/s, p50/p99; the ratio app / bare; and, for the app, the audit
// sequencer's lag (event written → sequenced, p50/p99) of the events that level wrote. Then the
// sequencer's own rate: a backlog of events written at once, appended to the Merkle tree and
// signed (events/s). A script that reports, not a test: it exits 0 whether a target is met or not.
//
// Settings (environment): DATABASE_URL (admin connection, default postgres://postgres@127.0.0.1:5432/postgres),
// BENCH_SKIP_BUILD=1 (reuse .next), BENCH_AUDIT_OPS ("200,1600,3200": requests per side at 1, 16, 64),
// BENCH_AUDIT_LEVELS ("1,16,64"), BENCH_AUDIT_CASES (verify,message,accept,listing),
// BENCH_AUDIT_BACKLOG (20000 events), BENCH_AUDIT_PORT (3240; the bare handler is on the next port),
// BENCH_AUDIT_WORKERS (app worker processes, default 1), BENCH_JSON (write the results there).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { and, eq, ne } from "drizzle-orm";
import postgres from "postgres";
import { listings } from "../db/schema/listings";
import { orders } from "../db/schema/orders";
import { users } from "../db/schema/accounts";
import { aliases, organizations } from "../db/schema/verification";
import { generateSigningJwk, keyringFrom } from "../server/verification/keys";
import { signToken, tokenSealKey } from "../server/verification/tokens";
import {
  ROOT,
  RUN_SECRETS,
  callProcedure,
  ensureBuild,
  freshSeededDatabase,
  serverEnv,
  sessionCookie,
  startServer,
} from "./live-cluster";

const adminUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const LEVELS = (process.env.BENCH_AUDIT_LEVELS ?? "1,16,64").split(",").map(Number);
const OPS = (process.env.BENCH_AUDIT_OPS ?? "200,1600,3200").split(",").map(Number);
const CASES = (process.env.BENCH_AUDIT_CASES ?? "verify,message,accept,listing").split(",");
const BACKLOG = Number(process.env.BENCH_AUDIT_BACKLOG ?? 20_000);
const PORT = Number(process.env.BENCH_AUDIT_PORT ?? 3240);
const BARE_PORT = PORT + 1;
const WORKERS = Number(process.env.BENCH_AUDIT_WORKERS ?? 1);
const WARMUP = 50;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const opsAt = (level: number) => OPS[LEVELS.indexOf(level)] ?? OPS.at(-1)!;
const totalPerSide = LEVELS.reduce((n, l) => n + opsAt(l), 0) + WARMUP;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

console.log("database, demo data and fixtures…");
const db = await freshSeededDatabase(adminUrl, "tessera_bench_audited");
const d = db.handle.db;
const signingKey = await generateSigningJwk("bench-audited");
const keyring = await keyringFrom([signingKey]);
process.env.CREDENTIAL_SIGNING_KEYS = JSON.stringify({ keys: [signingKey] });
const sealKey = tokenSealKey(RUN_SECRETS.ALIAS_HMAC_KEY);

const byEmail = async (email: string) => (await d.select().from(users).where(eq(users.email, email)))[0]!;
const verifier = await byEmail("verifier@tessera.test");
const host = await byEmail("host@tessera.test");
const template = await byEmail("traveler@tessera.test");
const [org] = await d.select().from(organizations).where(eq(organizations.name, "Harbour Ferries"));
const [alias] = await d
  .select()
  .from(aliases)
  .where(and(eq(aliases.userId, template.id), eq(aliases.organizationId, org!.id)));
const hostListings = await d
  .select()
  .from(listings)
  .where(and(eq(listings.hostId, host.id), ne(listings.status, "ARCHIVED")));
const approved = hostListings.filter((l) => l.status === "APPROVED");

// Travelers: 64 with a question open to the host (the message threads), and enough more that each
// (traveler, listing) pair gives one requested order for every accept both sides will make.
const needOrders = 2 * totalPerSide;
const travelerCount = 64 + Math.ceil(needOrders / approved.length);
const travelers = [];
for (let i = 0; i < travelerCount; i += 1000) {
  travelers.push(
    ...(await d
      .insert(users)
      .values(
        Array.from({ length: Math.min(1000, travelerCount - i) }, (_, k) => ({
          email: `bench-audited-${i + k}@tessera.test`,
          passwordHash: template.passwordHash,
          displayName: `Bench traveler ${i + k}`,
          role: "TRAVELER" as const,
          districtId: template.districtId,
          kycStatus: "VERIFIED" as const,
        })),
      )
      .returning({ id: users.id })),
  );
}
const orderRow = (listing: (typeof approved)[number], travelerId: string, status: "INQUIRY" | "REQUESTED") => ({
  listingId: listing.id,
  travelerId,
  hostId: host.id,
  districtId: listing.districtId,
  status,
  listingTitle: listing.title,
  priceMinor: listing.priceMinor,
  currency: listing.currency,
});
const threads = await d
  .insert(orders)
  .values(travelers.slice(0, 64).map((t) => orderRow(approved[0]!, t.id, "INQUIRY")))
  .returning({ id: orders.id });
const requested: string[] = [];
const pairs = travelers.slice(64).flatMap((t) => approved.map((l) => orderRow(l, t.id, "REQUESTED")));
for (let i = 0; i < pairs.length; i += 2000) {
  const rows = await d
    .insert(orders)
    .values(pairs.slice(i, i + 2000))
    .returning({ id: orders.id });
  requested.push(...rows.map((r) => r.id));
}
const drafts = await d
  .insert(listings)
  .values(
    Array.from({ length: 64 }, (_, i) => {
      const { id: _id, search: _search, createdAt: _c, updatedAt: _u, ...fields } = approved[0]!;
      return { ...fields, title: `Bench draft ${i}`, status: "DRAFT" as const, ratingAvg: null, ratingCount: 0 };
    }),
  )
  .returning({ id: listings.id });

const makeTokens = (n: number) =>
  Promise.all(
    Array.from({ length: n }, () =>
      signToken(
        keyring,
        { iss: `http://127.0.0.1:${PORT}`, aud: org!.id, sub: alias!.alias, scopes: ["identity.name", "identity.ageOver18"] },
        new Date(),
        3600,
        sealKey,
      ).then((t) => t.token),
    ),
  );

console.log("servers…");
const appEnv = serverEnv(db.url);
if (process.env.BENCH_SKIP_BUILD !== "1") ensureBuild(appEnv);
const app = await startServer(PORT, db.url, WORKERS);
const { d: _private, ...publicJwk } = signingKey;
const bare = spawn("npx", ["tsx", "--conditions=react-server", "bench/bare-server.ts"], {
  cwd: ROOT,
  env: {
    ...appEnv,
    BARE_PORT: String(BARE_PORT),
    BARE_VERIFY_JWK: JSON.stringify(publicJwk),
    BARE_ALIAS_KEY: RUN_SECRETS.ALIAS_HMAC_KEY,
  },
  detached: true,
  stdio: ["ignore", "ignore", "inherit"],
});
const stopAll = async () => {
  try {
    process.kill(-bare.pid!, "SIGTERM");
  } catch {
    // gone
  }
  await app.stop();
};
process.on("SIGINT", () => void stopAll().then(() => process.exit(130)));
for (let i = 0; ; i++) {
  try {
    await fetch(`http://127.0.0.1:${BARE_PORT}/districts`);
    break;
  } catch {
    if (i > 100) {
      await stopAll();
      await db.drop();
      throw new Error("the bare handler did not start");
    }
    await sleep(300);
  }
}
const staffCookie = await sessionCookie(d, verifier);
const hostCookie = await sessionCookie(d, host);

/** One request of a case: through the app (tRPC over HTTP) or the bare handler. */
type Call = (i: number) => Promise<void>;
const bareCall = async (route: string, body: Record<string, unknown>) => {
  const res = await fetch(`http://127.0.0.1:${BARE_PORT}${route}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`bare ${route}: ${res.status}`);
  await res.arrayBuffer();
};

let orderCursor = 0;
const takeOrders = (n: number) => requested.slice(orderCursor, (orderCursor += n));
let price = 1000;

interface Case {
  key: string;
  name: string;
  /** Prepares n calls per side (tokens and orders are single use). */
  prepare: (n: number) => Promise<{ app: Call; bare: Call }>;
}
const allCases: Case[] = [
  {
    key: "verify",
    name: "verification.verify",
    prepare: async (n) => {
      const [appTokens, bareTokens] = [await makeTokens(n), await makeTokens(n)];
      return {
        app: async (i) => {
          const r = await callProcedure<{ outcome: string }>(app.base, staffCookie, "verification.verify", {
            token: appTokens[i],
          });
          if (r.outcome !== "VERIFIED") throw new Error(`verify: ${r.outcome}`);
        },
        bare: (i) => bareCall("/w/verify", { uid: verifier.id, token: bareTokens[i] }),
      };
    },
  },
  {
    key: "message",
    name: "messages.send",
    prepare: async () => ({
      app: async (i) => {
        await callProcedure(app.base, hostCookie, "messages.send", { orderId: threads[i % 64]!.id, body: `bench ${i}` });
      },
      bare: (i) => bareCall("/w/message", { uid: host.id, orderId: threads[i % 64]!.id, body: `bench ${i}` }),
    }),
  },
  {
    key: "accept",
    name: "orders.accept",
    prepare: async (n) => {
      const [appOrders, bareOrders] = [takeOrders(n), takeOrders(n)];
      if (bareOrders.length < n) throw new Error("not enough requested orders prepared");
      return {
        app: async (i) => {
          await callProcedure(app.base, hostCookie, "orders.accept", { orderId: appOrders[i] });
        },
        bare: (i) => bareCall("/w/accept", { uid: host.id, orderId: bareOrders[i] }),
      };
    },
  },
  {
    key: "listing",
    name: "listings.update",
    prepare: async () => ({
      app: async (i) => {
        await callProcedure(app.base, hostCookie, "listings.update", {
          listingId: drafts[i % 64]!.id,
          price: { amountMinor: price++, currency: "EUR" },
        });
      },
      bare: (i) => bareCall("/w/listing", { uid: host.id, listingId: drafts[i % 64]!.id, amountMinor: price++ }),
    }),
  },
];
const cases = allCases.filter((c) => CASES.includes(c.key));

/** n calls with `concurrency` clients; returns req/s and latencies (ms). */
async function drive(call: Call, n: number, concurrency: number) {
  let next = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const t = performance.now();
        await call(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { rps: n / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

const sql = postgres(db.url, { max: 2, onnotice: () => {} });
async function waitSequenced(timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await sql`
      select count(*)::int as n from audit_events e
      where not exists (select 1 from audit_log_leaves l where l.event_id = e.id)`;
    if (row!.n === 0 || Date.now() > deadline) return Number(row!.n);
    await sleep(100);
  }
}
async function lagSince(since: Date) {
  const [row] = await sql`
    select percentile_cont(0.5) within group (order by extract(epoch from (sequenced_at - event_created_at))) * 1000 as p50,
           percentile_cont(0.99) within group (order by extract(epoch from (sequenced_at - event_created_at))) * 1000 as p99,
           count(*)::int as events
    from audit_log_leaves where event_created_at >= ${since}`;
  return { p50: Number(row!.p50 ?? 0), p99: Number(row!.p99 ?? 0), events: Number(row!.events) };
}

interface Result {
  case: string;
  level: number;
  app: { rps: number; p50: number; p99: number };
  bare: { rps: number; p50: number; p99: number };
  lag: { p50: number; p99: number; events: number };
}
const results: Result[] = [];
try {
  for (const c of cases) {
    const warm = await c.prepare(WARMUP);
    await drive(warm.app, WARMUP, 4);
    await drive(warm.bare, WARMUP, 4);
    for (const level of LEVELS) {
      const n = opsAt(level);
      const calls = await c.prepare(n);
      await waitSequenced();
      const since = new Date();
      const appSide = await drive(calls.app, n, level);
      const pending = await waitSequenced();
      const lag = await lagSince(since);
      if (pending > 0) console.log(`  (${pending} events still unsequenced after 60 s)`);
      const bareSide = await drive(calls.bare, n, level);
      results.push({ case: c.name, level, app: appSide, bare: bareSide, lag });
      console.log(
        `${c.name.padEnd(20)} ${String(level).padStart(3)} clients  app ${appSide.rps.toFixed(0).padStart(5)}/s  bare ${bareSide.rps.toFixed(0).padStart(5)}/s  ${(appSide.rps / bareSide.rps).toFixed(2)}×  lag p99 ${lag.p99.toFixed(0)} ms`,
      );
    }
  }

  // The sequencer's own rate: a backlog written at once (10 transactions), appended and signed.
  await waitSequenced();
  const batches = 10;
  const per = Math.ceil(BACKLOG / batches);
  for (let b = 0; b < batches; b++) {
    await sql`
      insert into audit_events (id, created_at, actor_type, action, target_type, target_id, changes)
      select gen_random_uuid(), now(), 'SYSTEM', 'BENCH_BACKLOG', 'bench', g::text, jsonb_build_object('n', g)
      from generate_series(1, ${per}) g`;
  }
  const written = performance.now();
  const left = await waitSequenced(120_000);
  const sequencedIn = (performance.now() - written) / 1000;
  const backlogRate = (per * batches - left) / sequencedIn;
  const [cp] = await sql`select count(*)::int as n from audit_checkpoints`;
  const load = os.loadavg()[0]!;

  console.log(`\nAudited writes: the app (tRPC, session, policy, audit record) beside the same statements in the bare handler`);
  console.log(
    `(${WORKERS} app worker process${WORKERS === 1 ? "" : "es"}, pool 10 each side, requests per side ${LEVELS.map((l) => `${opsAt(l)} at ${l}`).join(", ")})\n`,
  );
  const header = `${"case".padEnd(20)} ${"clients".padStart(7)} │ ${"app req/s".padStart(9)} ${"p50".padStart(7)} ${"p99".padStart(7)} │ ${"bare req/s".padStart(10)} ${"p50".padStart(7)} ${"p99".padStart(7)} │ ${"ratio".padStart(6)} │ ${"lag p50".padStart(8)} ${"lag p99".padStart(8)}`;
  console.log(header);
  console.log("─".repeat(header.length));
  const ms = (v: number) => `${v.toFixed(1)}`.padStart(7);
  for (const r of results) {
    console.log(
      `${r.case.padEnd(20)} ${String(r.level).padStart(7)} │ ${r.app.rps.toFixed(0).padStart(9)} ${ms(r.app.p50)} ${ms(r.app.p99)} │ ${r.bare.rps.toFixed(0).padStart(10)} ${ms(r.bare.p50)} ${ms(r.bare.p99)} │ ${`${(r.app.rps / r.bare.rps).toFixed(2)}×`.padStart(6)} │ ${`${r.lag.p50.toFixed(0)} ms`.padStart(8)} ${`${r.lag.p99.toFixed(0)} ms`.padStart(8)}`,
    );
  }
  console.log("\nTargets:");
  for (const c of cases) {
    const mine = results.filter((r) => r.case === c.name);
    const at16 = mine.find((r) => r.level === 16);
    const at1 = mine.find((r) => r.level === 1);
    if (!at16) continue;
    const ratio = at16.app.rps / at16.bare.rps;
    console.log(
      `  ${c.name.padEnd(20)} ${ratio.toFixed(2)}× bare at 16 clients (target ≥ 0.5×: ${ratio >= 0.5 ? "met" : "NOT met"}); ` +
        `${at1 ? `${(at16.app.rps / at1.app.rps).toFixed(1)}× from 1 to 16 clients (${at16.app.rps > at1.app.rps ? "rises" : "does NOT rise"}); ` : ""}` +
        `lag p99 ${at16.lag.p99.toFixed(0)} ms (target < 1 s: ${at16.lag.p99 < 1000 ? "met" : "NOT met"})`,
    );
  }
  console.log(
    `  sequencer: a backlog of ${per * batches} events appended and signed in ${sequencedIn.toFixed(2)} s = ${backlogRate.toFixed(0)} events/s (target ≥ 1,000: ${backlogRate >= 1000 ? "met" : "NOT met"}); ${cp!.n} checkpoints in all${left ? `; ${left} left unsequenced` : ""}`,
  );
  console.log(
    `  machine load average ${load.toFixed(1)} on ${os.cpus().length} CPUs (the same machine runs clients, app, bare handler and PostgreSQL)`,
  );
  if (process.env.BENCH_JSON) {
    fs.writeFileSync(
      process.env.BENCH_JSON,
      JSON.stringify({ results, backlog: { events: per * batches - left, seconds: sequencedIn, rate: backlogRate } }, null, 2),
    );
  }
} finally {
  await sql.end();
  await stopAll();
  await db.drop();
}
process.exit(0);
