// Enrollment's timed move: a case sent back for changes that the person has not resubmitted within
// ENROLLMENT_CHANGES_REQUESTED_DAYS (30 d) of the request (its decidedAt) closes as REJECTED with a
// note, through the enrollment table as the SYSTEM actor. Their KYC status follows as for any
// rejection, and they may start a new case.
import { and, asc, eq, lte } from "drizzle-orm";
import type { Database } from "@/db/client";
import { enrollmentCases } from "@/db/schema/identity";
import { appendAuditEvents, type AuditEntry } from "@/server/audit/log";
import { env } from "@/server/env";
import { notifyTimedTransition } from "@/server/scheduler/notify-hook";
import { DAY_MS, SYSTEM_ACTOR, TIMER_BATCH, type Timer } from "@/server/scheduler/timer";
import { moveCase, setKycStatus } from "./cases";

export const LAPSED_NOTE =
  "Closed because the requested changes were not sent within the time allowed. You can start a new enrollment.";

export const closeLapsedChangeRequests: Timer = {
  name: "identity.closeLapsedChangeRequests",
  async run(db, now) {
    const cutoff = new Date(now.getTime() - env.ENROLLMENT_CHANGES_REQUESTED_DAYS * DAY_MS);
    let total = 0;
    for (;;) {
      const moved = await db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as Database;
        // SKIP LOCKED: a person resubmitting right now holds nothing we wait on; moveCase's
        // conditional update then lets exactly one of the two moves land.
        const due = await tx
          .select()
          .from(enrollmentCases)
          .where(and(eq(enrollmentCases.status, "CHANGES_REQUESTED"), lte(enrollmentCases.decidedAt, cutoff)))
          .orderBy(asc(enrollmentCases.decidedAt))
          .limit(TIMER_BATCH)
          .for("update", { skipLocked: true });
        const entries: AuditEntry[] = [];
        for (const current of due) {
          const after = await moveCase(tx, current, "lapse", "SYSTEM", {
            decidedBy: null,
            decidedAt: now,
            decisionNote: LAPSED_NOTE,
          });
          entries.push({
            action: "ENROLLMENT_LAPSED",
            targetType: "enrollment_case",
            targetId: current.id,
            changes: {
              status: { before: current.status, after: after.status },
              changesRequestedAt: current.decidedAt?.toISOString(),
            },
          });
          await setKycStatus(tx, current.userId, "REJECTED", (e) => entries.push(e), current.id);
          await notifyTimedTransition(tx, {
            kind: "ENROLLMENT_LAPSED",
            userIds: [current.userId],
            targetType: "enrollment_case",
            targetId: current.id,
          });
        }
        await appendAuditEvents(tx, SYSTEM_ACTOR, entries);
        return due.length;
      });
      total += moved;
      if (moved < TIMER_BATCH) return total;
    }
  },
};

export const IDENTITY_TIMERS: readonly Timer[] = [closeLapsedChangeRequests];
