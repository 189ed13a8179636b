// Whom the scheduler's transitions tell, and what: called inside each transition's transaction, so a
// move that rolls back notifies nobody (the outbox, server/notifications).
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { orders } from "@/db/schema/orders";
import { consentGrants, organizations, verificationRequests } from "@/db/schema/verification";
import { env } from "@/server/env";
import { identityLink, orderLinkFor } from "@/server/notifications/links";
import { notify } from "@/server/notifications/notify";

export interface TimedTransitionNotice {
  /**
   * The transition's audit action: "ORDER_EXPIRED", "ORDER_INQUIRY_CLOSED", "ENROLLMENT_LAPSED",
   * "CONSENT_LAPSING", "VERIFICATION_REQUEST_EXPIRED".
   */
  kind: string;
  /** Who should hear of it. */
  userIds: readonly string[];
  targetType: string;
  targetId: string;
}

async function roleOf(db: Database, userId: string) {
  const [row] = await db.select({ role: users.role }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.role ?? "TRAVELER";
}

export async function notifyTimedTransition(db: Database, notice: TimedTransitionNotice): Promise<void> {
  switch (notice.kind) {
    case "ORDER_EXPIRED":
    case "ORDER_INQUIRY_CLOSED": {
      // Both sides. An expired request: the traveler must tell silence from a decline, the host
      // learns what they missed. A closed question leaves both sides' open orders; either may ask again.
      const expired = notice.kind === "ORDER_EXPIRED";
      const [order] = await db
        .select({ id: orders.id, hostId: orders.hostId, listingTitle: orders.listingTitle })
        .from(orders)
        .where(eq(orders.id, notice.targetId))
        .limit(1);
      if (!order) return;
      for (const userId of notice.userIds) {
        await notify(db, {
          userId,
          kind: expired ? "ORDER_EXPIRED" : "ORDER_CANCELLED",
          subjectType: "order",
          subjectId: order.id,
          link: await orderLinkFor(db, userId, order),
          data: expired
            ? { listingTitle: order.listingTitle }
            : { listingTitle: order.listingTitle, closedIdle: true, idleDays: env.ORDER_INQUIRY_IDLE_DAYS },
        });
      }
      return;
    }
    case "ENROLLMENT_LAPSED":
      for (const userId of notice.userIds) {
        await notify(db, {
          userId,
          kind: "ENROLLMENT_REJECTED",
          subjectType: notice.targetType,
          subjectId: notice.targetId,
          link: identityLink(await roleOf(db, userId)),
          data: { lapsed: true },
        });
      }
      return;
    case "CONSENT_LAPSING": {
      const [consent] = await db
        .select({ expiresAt: consentGrants.expiresAt, organizationName: organizations.name })
        .from(consentGrants)
        .innerJoin(organizations, eq(organizations.id, consentGrants.organizationId))
        .where(eq(consentGrants.id, notice.targetId))
        .limit(1);
      if (!consent) return;
      for (const userId of notice.userIds) {
        await notify(db, {
          userId,
          kind: "CONSENT_EXPIRING",
          subjectType: "consent",
          subjectId: notice.targetId,
          link: identityLink(await roleOf(db, userId), "/consents"),
          data: { organizationName: consent.organizationName, expiresAt: consent.expiresAt.toISOString() },
        });
      }
      return;
    }
    case "VERIFICATION_REQUEST_EXPIRED": {
      // The staff member who asked: the traveler may have walked away from the counter.
      const [request] = await db
        .select({ createdAt: verificationRequests.createdAt })
        .from(verificationRequests)
        .where(eq(verificationRequests.id, notice.targetId))
        .limit(1);
      if (!request) return;
      for (const userId of notice.userIds) {
        await notify(db, {
          userId,
          kind: "VERIFICATION_REQUEST_EXPIRED",
          subjectType: "verification_request",
          subjectId: notice.targetId,
          link: "/verify/requests",
          data: { createdAt: request.createdAt.toISOString() },
        });
      }
      return;
    }
    default:
      return;
  }
}
