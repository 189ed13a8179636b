// Verification requests still PENDING at their expiry become EXPIRED (audited, the system as actor):
// the organization's list and the traveler's pending requests agree without computing it. The staff
// member who made the request is told (the traveler may have walked away from the counter).
// Consents warn their traveler CONSENT_WARNING_DAYS (3 d) before they lapse, once per expiry: the
// warned expiry is stored on the grant, so a restart or a second server never warns twice, and a
// renewal (a new expiresAt) arms the next warning. Nothing changes state: the warning is the event.
import { and, asc, eq, gt, inArray, isNull, lte, ne, or } from "drizzle-orm";
import type { Database } from "@/db/client";
import { consentGrants, verificationRequests } from "@/db/schema/verification";
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

export const expireVerificationRequests: Timer = {
  name: "verification.expireRequests",
  async run(db, now) {
    let total = 0;
    for (;;) {
      const moved = await db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as Database;
        const due = await tx
          .select({ id: verificationRequests.id })
          .from(verificationRequests)
          .where(and(eq(verificationRequests.status, "PENDING"), lte(verificationRequests.expiresAt, now)))
          .orderBy(asc(verificationRequests.expiresAt))
          .limit(TIMER_BATCH)
          .for("update", { skipLocked: true });
        if (due.length === 0) return { due: 0, moved: 0 };
        const rows = await tx
          .update(verificationRequests)
          .set({ status: "EXPIRED" })
          .where(
            and(
              inArray(
                verificationRequests.id,
                due.map((r) => r.id),
              ),
              eq(verificationRequests.status, "PENDING"),
            ),
          )
          .returning({
            id: verificationRequests.id,
            organizationId: verificationRequests.organizationId,
            expiresAt: verificationRequests.expiresAt,
            requestedBy: verificationRequests.requestedBy,
          });
        await appendAuditEvents(
          tx,
          SYSTEM_ACTOR,
          rows.map((r) => ({
            action: "VERIFICATION_REQUEST_EXPIRED",
            targetType: "verification_request",
            targetId: r.id,
            changes: {
              status: { before: "PENDING", after: "EXPIRED" },
              organizationId: r.organizationId,
              expiresAt: r.expiresAt.toISOString(),
            },
          })),
        );
        for (const r of rows)
          await notifyTimedTransition(tx, {
            kind: "VERIFICATION_REQUEST_EXPIRED",
            userIds: [r.requestedBy],
            targetType: "verification_request",
            targetId: r.id,
          });
        return { due: due.length, moved: rows.length };
      });
      total += moved.moved;
      if (moved.due < TIMER_BATCH) return total;
    }
  },
};

export const VERIFICATION_TIMERS: readonly Timer[] = [warnLapsingConsents, expireVerificationRequests];
