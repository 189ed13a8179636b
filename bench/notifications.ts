// Notification delivery latency: commit of the outbox row → the SMTP server accepted the mail, with
// the production worker (its 250 ms poll, 4 sends in flight) against a real SMTP catcher, after a
// warm-up (the first render and the pooled connections are not what a mail usually waits for). PGlite, or BENCH_DATABASE_URL when set.
// Run as the production server runs (no react-server condition: React Email renders with react-dom):
//   npx tsx bench/notifications.ts
import { register } from "node:module";
import { eq } from "drizzle-orm";
import { startSmtpCatcher } from "../tests/support/smtp-catcher";

register("../server/http/server-only-hook.mjs", import.meta.url);
const { openDatabase } = await import("../db/client");
const { seedDemo } = await import("../db/demo");
const { users } = await import("../db/schema");
const { notify } = await import("../server/notifications/notify");
const { startNotificationWorker } = await import("../server/notifications/worker");
const { smtpSender } = await import("../server/mail/transport");

const N = Number(process.env.BENCH_N ?? 60);
// One change every 200 ms (5 a second, more than a regional pilot makes); BENCH_SPACING_MS=0 is a burst.
const SPACING_MS = Number(process.env.BENCH_SPACING_MS ?? 200);
// BENCH_DATABASE_URL: a database of its own (it is migrated and seeded); never the shared default.
const handle = await openDatabase({ url: process.env.BENCH_DATABASE_URL, pgliteDir: "memory://", migrate: true });
await seedDemo(handle.db, { listings: false });
const [host] = await handle.db.select().from(users).where(eq(users.email, "host@tessera.test"));
const catcher = await startSmtpCatcher();
const worker = startNotificationWorker({
  db: handle.db,
  sender: smtpSender(catcher.url),
  kioskOfflineMinutes: 10,
  kioskCheckEveryMs: 3_600_000,
});
const committed = new Map<string, number>();
for (let i = 0; i < 8; i++) {
  await notify(handle.db, {
    userId: host!.id,
    kind: "REVIEW_RECEIVED",
    subjectType: "bench-warm-up",
    subjectId: String(i),
    link: "/host",
    data: { listingTitle: `Warm-up ${i}`, rating: 5 },
  });
}
while (catcher.mails.length < 8) await new Promise((r) => setTimeout(r, 50));
catcher.mails.length = 0;
for (let i = 0; i < N; i++) {
  const title = `Bench ${i}`;
  await handle.db.transaction(async (tx) => {
    await notify(tx as never, {
      userId: host!.id,
      kind: "REVIEW_RECEIVED",
      subjectType: "bench",
      subjectId: String(i),
      link: "/host",
      data: { listingTitle: title, rating: 5 },
    });
  });
  committed.set(`New review of “${title}”`, Date.now());
  await new Promise((r) => setTimeout(r, SPACING_MS));
}
const deadline = Date.now() + 30_000;
while (catcher.mails.length < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
const latencies = catcher.mails.map((m) => m.receivedAt.getTime() - committed.get(m.subject)!).sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
console.log(
  `${handle.kind}: ${latencies.length}/${N} delivered, one change every ${SPACING_MS} ms; commit → SMTP accepted p50 ${pct(50)} ms, p99 ${pct(99)} ms`,
);
await worker.stop();
await catcher.close();
await handle.close();
process.exit(0);
