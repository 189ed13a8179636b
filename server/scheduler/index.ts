// The scheduler: runs every domain's timers (each declared beside its domain, e.g.
// server/orders/timers.ts) every SCHEDULER_INTERVAL_SECONDS. It keeps no state of its own: each
// tick asks the database what is due at `now`, so a restart resumes where the data says. Every
// server runs it: each timer takes its due rows with FOR UPDATE SKIP LOCKED and re-checks their
// state in the UPDATE, so servers ticking at once split the work and never move a row twice (no
// leader to elect, nothing lost when a server dies mid-tick: its transaction rolls back).
import "server-only";
import type { Database } from "@/db/client";
import { env } from "@/server/env";
import { IDENTITY_TIMERS } from "@/server/identity/timers";
import { ORDER_TIMERS } from "@/server/orders/timers";
import { REVIEW_TIMERS } from "@/server/reviews/timers";
import { VERIFICATION_TIMERS } from "@/server/verification/timers";
import type { Timer } from "./timer";

export const TIMERS: readonly Timer[] = [...ORDER_TIMERS, ...REVIEW_TIMERS, ...IDENTITY_TIMERS, ...VERIFICATION_TIMERS];

/** How many things each timer moved. */
export type TickResult = Record<string, number>;

/** One pass over every timer at `now` (tests pass a controlled clock). */
export async function runTimers(db: Database, now: Date = new Date(), timers: readonly Timer[] = TIMERS): Promise<TickResult> {
  const moved: TickResult = {};
  for (const timer of timers) moved[timer.name] = await timer.run(db, now);
  return moved;
}

const started = new Map<Database, { stop: () => void }>();

/** Starts the periodic tick for this server (instrumentation.ts); once per database. */
export function startScheduler(db: Database) {
  if (started.has(db)) return;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      const moved = await runTimers(db);
      if (Object.values(moved).some((n) => n > 0) && env.NODE_ENV !== "test") console.log(`scheduler: ${JSON.stringify(moved)}`);
    } catch (err) {
      console.error("scheduler: tick failed", err);
    }
    if (!stopped) timer = setTimeout(tick, env.SCHEDULER_INTERVAL_SECONDS * 1000).unref();
  };
  timer = setTimeout(tick, 1000).unref();
  started.set(db, {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  });
}

export function stopScheduler(db: Database) {
  started.get(db)?.stop();
  started.delete(db);
}
