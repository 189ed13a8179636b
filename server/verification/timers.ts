// Consents warn their traveler CONSENT_WARNING_DAYS (3 d) before they lapse, once per expiry: the
// warned expiry is stored on the grant, so a restart or a second server never warns twice, and a
// renewal (a new expiresAt) arms the next warning. Nothing changes state: the warning is the event.
import { and, asc, eq, gt, isNull, lte, ne, or } from "drizzle-orm";
import type { Database } from "@/db/client";
import { consentGrants } from "@/db/schema/verification";
import { appendAuditEvents } from "@/server/audit/log";
import { env } from "@/server/env";
import { notifyTimedTransition } from "@/server/scheduler/notify-hook";
import { DAY_MS, SYSTEM_ACTOR, TIMER_BATCH, type Timer } from "@/server/scheduler/timer";

export const warnLapsingConsents: Timer = {
  name: "verification.warnLapsingConsents",
  async run(db, now) {
    const horizon = new Date(now.getTime() + env.CONSENT_WARNING_DAYS * DAY_MS);
    let total = 0;
    for (;;) {
      const warned = await db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as Database;
        const due = await tx
          .select({
            id: consentGrants.id,
            userId: consentGrants.userId,
            organizationId: consentGrants.organizationId,
            expiresAt: consentGrants.expiresAt,
          })
          .from(consentGrants)
          .where(
            and(
              isNull(consentGrants.revokedAt),
              gt(consentGrants.expiresAt, now),
              lte(consentGrants.expiresAt, horizon),
              or(isNull(consentGrants.expiryWarnedFor), ne(consentGrants.expiryWarnedFor, consentGrants.expiresAt)),
            ),
          )
          .orderBy(asc(consentGrants.expiresAt))
          .limit(TIMER_BATCH)
          .for("update", { skipLocked: true });
        for (const c of due) {
          // Only the marker: updatedAt stays the traveler's own last change.
          await tx.update(consentGrants).set({ expiryWarnedFor: c.expiresAt }).where(eq(consentGrants.id, c.id));
          await notifyTimedTransition(tx, {
            kind: "CONSENT_LAPSING",
            userIds: [c.userId],
            targetType: "consent",
            targetId: c.id,
          });
        }
        await appendAuditEvents(
          tx,
          SYSTEM_ACTOR,
          due.map((c) => ({
            action: "CONSENT_EXPIRY_WARNED",
            targetType: "consent",
            targetId: c.id,
            changes: { organizationId: c.organizationId, expiresAt: c.expiresAt.toISOString() },
          })),
        );
        return due.length;
      });
      total += warned;
      if (warned < TIMER_BATCH) return total;
    }
  },
};

export const VERIFICATION_TIMERS: readonly Timer[] = [warnLapsingConsents];
