// `npm run bench:messages`: live message delivery and order creation on two production servers
// (server.ts) sharing one PostgreSQL.
//   1. 200 travelers each hold a live stream (messages.live, SSE), half on each server. The host
//      sends a message into each traveler's order, alternately through server A and B; latency is
//      from the send request leaving to the message arriving on the traveler's stream.
//   2. Order creation: travelers request listings (orders.request) through both servers at once.
// Needs DATABASE_URL (a scratch database is created and dropped) and a production build (made if absent).
//   BENCH_STREAMS (200), BENCH_MESSAGES (600), BENCH_SEND_CONCURRENCY (8), BENCH_ORDER_CONCURRENCY (16)
import { eq, inArray } from "drizzle-orm";
import postgres from "postgres";
import { listings, orders, users } from "../db/schema";
import { AUDIT_CHANNEL } from "../server/audit/sequencer";
import {
  callProcedure,
  ensureBuild,
  freshSeededDatabase,
  openStream,
  serverEnv,
  sessionCookie,
  startServer,
  type Server,
} from "./live-cluster";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("bench:messages needs DATABASE_URL (PostgreSQL): two servers cannot share PGlite.");
  process.exit(1);
}
const STREAMS = Number(process.env.BENCH_STREAMS ?? 200);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 600);
const SEND_CONCURRENCY = Number(process.env.BENCH_SEND_CONCURRENCY ?? 8);
const ORDER_CONCURRENCY = Number(process.env.BENCH_ORDER_CONCURRENCY ?? 16);
const PORT = Number(process.env.BENCH_PORT ?? Number(process.env.E2E_PORT ?? 3220) + 7);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function pool<T>(items: T[], concurrency: number, run: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await run(items[i]!, i);
      }
    }),
  );
}

const db = await freshSeededDatabase(url, `tessera_bench_messages${process.env.TEST_DB_SUFFIX ?? ""}`);
const servers: Server[] = [];
const closers: (() => void)[] = [];
try {
  ensureBuild(serverEnv(db.url));
  servers.push(...(await Promise.all([startServer(PORT, db.url), startServer(PORT + 1, db.url)])));
  const [a, b] = servers as [Server, Server];
  const d = db.handle.db;
  const [host] = await d.select().from(users).where(eq(users.email, "host@tessera.test"));
  const [template] = await d.select().from(users).where(eq(users.email, "traveler@tessera.test"));
  const demoListings = await d.select().from(listings).where(eq(listings.hostId, host!.id));
  const [walk] = demoListings.filter((l) => l.title.startsWith("Sunset"));
  const orderable = demoListings.filter((l) => !l.title.startsWith("Sunset"));

  // Travelers, each with an open question to the host (their own thread).
  const travelers = await d
    .insert(users)
    .values(
      Array.from({ length: STREAMS }, (_, i) => ({
        email: `bench-traveler-${i}@tessera.test`,
        passwordHash: template!.passwordHash,
        displayName: `Bench traveler ${i}`,
        role: "TRAVELER" as const,
        districtId: template!.districtId,
        kycStatus: "VERIFIED" as const,
      })),
    )
    .returning();
  const threads = await d
    .insert(orders)
    .values(
      travelers.map((t) => ({
        listingId: walk!.id,
        travelerId: t.id,
        hostId: host!.id,
        districtId: walk!.districtId,
        status: "INQUIRY" as const,
        listingTitle: walk!.title,
        priceMinor: walk!.priceMinor,
        currency: walk!.currency,
      })),
    )
    .returning();
  const hostCookie = await sessionCookie(d, host!);
  const cookies = await Promise.all(travelers.map((t) => sessionCookie(d, t)));

  // 1. Streams: half on each server.
  const waiting = new Map<string, (at: number) => void>();
  const streams = await Promise.all(
    travelers.map((_, i) =>
      openStream(i % 2 === 0 ? a.base : b.base, cookies[i]!, "messages.live", {}, (e) => {
        const data = e.data as { kind: string; message?: { body: string } };
        if (data.kind !== "message") return;
        waiting.get(data.message!.body)?.(performance.now());
      }),
    ),
  );
  closers.push(...streams.map((s) => s.close));
  await Promise.all(streams.map((s) => s.ready));
  console.log(
    `${streams.length} live streams open (${Math.ceil(streams.length / 2)} on :${a.port}, ${Math.floor(streams.length / 2)} on :${b.port})`,
  );

  // Warm-up (JIT, pools), not measured.
  await pool(threads.slice(0, 20), SEND_CONCURRENCY, async (o, i) => {
    await callProcedure(i % 2 ? a.base : b.base, hostCookie, "messages.send", { orderId: o.id, body: `warm-up ${i}` });
  });

  // The bench's own LISTEN on the sequencer's channel: one NOTIFY per sequenced batch (business
  // transactions send none). The latest one before a message arrives is the one that woke the
  // servers' hubs: the latency splits into the send up to the sequenced batch, and the fan-out.
  const listener = postgres(db.url, { max: 1, onnotice: () => {} });
  let lastNotifyAt = 0;
  await listener.listen(AUDIT_CHANNEL, () => {
    lastNotifyAt = performance.now();
  });
  const fanOut: number[] = [];
  const latencies: number[] = [];
  const crossServer: number[] = [];
  const requests: number[] = [];
  let beforeResponse = 0;
  const started = performance.now();
  await pool(
    Array.from({ length: MESSAGES }, (_, i) => i),
    SEND_CONCURRENCY,
    async (i) => {
      const t = i % threads.length;
      const body = `bench message ${i}`;
      // Traveler t's stream is on A when t is even; sending through A for i % 4 in {0, 1} makes half
      // of the messages cross from one server to the other.
      const viaA = i % 4 < 2;
      const arrived = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`message ${i} not delivered in 10 s`)), 10_000);
        waiting.set(body, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
      const sentAt = performance.now();
      await callProcedure(viaA ? a.base : b.base, hostCookie, "messages.send", { orderId: threads[t]!.id, body });
      requests.push(performance.now() - sentAt);
      const respondedAt = performance.now();
      const at = await arrived;
      if (at <= respondedAt) beforeResponse += 1;
      if (lastNotifyAt > sentAt) fanOut.push(at - lastNotifyAt);
      waiting.delete(body);
      const ms = at - sentAt;
      latencies.push(ms);
      // Stream of traveler t is on A when t is even: the message crossed servers when that differs.
      if (viaA !== (t % 2 === 0)) crossServer.push(ms);
    },
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((x, y) => x - y);
  crossServer.sort((x, y) => x - y);
  requests.sort((x, y) => x - y);
  fanOut.sort((x, y) => x - y);
  await listener.end();
  console.log(
    `\nmessages: ${MESSAGES} sent (concurrency ${SEND_CONCURRENCY}) in ${elapsed.toFixed(1)} s, ${(MESSAGES / elapsed).toFixed(0)} msg/s, with ${STREAMS} streams open`,
  );
  console.log(
    `  send → delivered   p50 ${percentile(latencies, 50).toFixed(1)} ms   p99 ${percentile(latencies, 99).toFixed(1)} ms   max ${latencies.at(-1)!.toFixed(1)} ms`,
  );
  console.log(
    `  across servers     p50 ${percentile(crossServer, 50).toFixed(1)} ms   p99 ${percentile(crossServer, 99).toFixed(1)} ms   (${crossServer.length} messages)`,
  );
  console.log(
    `  the send request     p50 ${percentile(requests, 50).toFixed(1)} ms   p99 ${percentile(requests, 99).toFixed(1)} ms   (session check, audited transaction; no NOTIFY on the commit path)`,
  );
  console.log(
    `  NOTIFY → stream      p50 ${percentile(fanOut, 50).toFixed(1)} ms   p99 ${percentile(fanOut, 99).toFixed(1)} ms   (from the sequencer's batch NOTIFY: each hub reads what is new, SSE to the client)`,
  );
  console.log(
    `  delivered before the send's own response arrived: ${((100 * beforeResponse) / MESSAGES).toFixed(0)}% (delivery follows the commit; the rest of the time is the request)`,
  );
  console.log(`  target p99 < 250 ms: ${percentile(latencies, 99) < 250 ? "met" : "NOT met"}`);
  const [load] = (await import("node:os")).loadavg();
  console.log(`  machine load average: ${load!.toFixed(1)} on ${(await import("node:os")).cpus().length} CPUs`);
  for (const close of closers.splice(0)) close();

  // 2. Order creation throughput: every traveler requests each other listing.
  const jobs = orderable.flatMap((l) => travelers.map((_, i) => ({ listingId: l.id, i })));
  const t0 = performance.now();
  let failed = 0;
  await pool(jobs, ORDER_CONCURRENCY, async (job, k) => {
    try {
      await callProcedure(k % 2 ? a.base : b.base, cookies[job.i]!, "orders.request", { listingId: job.listingId });
    } catch {
      failed += 1;
    }
  });
  const secs = (performance.now() - t0) / 1000;
  const made = await d
    .select({ id: orders.id })
    .from(orders)
    .where(
      inArray(
        orders.listingId,
        orderable.map((l) => l.id),
      ),
    );
  console.log(
    `\norders: ${jobs.length - failed} created through both servers (concurrency ${ORDER_CONCURRENCY}) in ${secs.toFixed(1)} s: ${((jobs.length - failed) / secs).toFixed(0)} orders/s${failed ? `, ${failed} failed` : ""} (${made.length} order rows on those listings)`,
  );
} finally {
  for (const close of closers) close();
  await Promise.all(servers.map((s) => s.stop()));
  await db.drop();
}
process.exit(0);
