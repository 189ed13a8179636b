// Where a notification points, per the recipient's area of the app (hosts have theirs under /host).
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import type { Role } from "@/db/schema/values";

/** An order's page in the recipient's area: hosts have theirs under /host, for both sides of an order. */
export function orderLink(recipientIsHost: boolean, orderId: string): string {
  return recipientIsHost ? `/host/orders/${orderId}` : `/orders/${orderId}`;
}

/**
 * The order's page for one of its two people: its host, or its traveler, who may be a host too
 * (ordering another host's listing): then their page is in the host area as well.
 */
export async function orderLinkFor(db: Database, userId: string, order: { id: string; hostId: string }): Promise<string> {
  if (userId === order.hostId) return orderLink(true, order.id);
  const [row] = await db.select({ role: users.role }).from(users).where(eq(users.id, userId)).limit(1);
  return orderLink(row?.role === "HOST", order.id);
}

/** The identity pages: travelers' at /identity, hosts' at /host/identity. */
export function identityLink(role: Role, page: "" | "/history" | "/requests" | "/consents" = ""): string {
  return `${role === "HOST" ? "/host/identity" : "/identity"}${page}`;
}

/** Each role's account page (sessions, password, notification choices). */
export function accountLink(role: Role): string {
  switch (role) {
    case "HOST":
      return "/host/account";
    case "MODERATOR":
      return "/moderation/account";
    case "ADMIN":
    case "SUPER_ADMIN":
      return "/admin/account";
    case "ORG_USER":
      return "/verify/account";
    default:
      return "/account";
  }
}
