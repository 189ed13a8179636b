// What a domain declares for the scheduler: a named piece of timed work that, given the database
// and the time, moves whatever is due and says how many things it moved. It reads everything it
// needs from the database (never from in-memory timers), so a restart or a second server loses or
// repeats nothing: running it twice at the same `now` moves nothing the second time.
import type { Database } from "@/db/client";
import type { AuditActor } from "@/server/audit/log";

export interface Timer {
  /** Stable name, for logs and the README's table. */
  name: string;
  /** Moves what is due at `now`, in its own transaction(s); returns how many things moved. */
  run(db: Database, now: Date): Promise<number>;
}

/** The scheduler acts as the system: no person, no request. */
export const SYSTEM_ACTOR: AuditActor = {
  actorType: "SYSTEM",
  actorId: null,
  actorRole: null,
  ip: null,
  userAgent: null,
  requestId: null,
};

/** How many rows one transaction moves, so a backlog never holds many row locks for long. */
export const TIMER_BATCH = 200;

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
