// Where a notification points, per the recipient's area of the app (hosts have theirs under /host).
import type { Role } from "@/db/schema/values";

export function orderLink(recipientIsHost: boolean, orderId: string): string {
  return recipientIsHost ? `/host/orders/${orderId}` : `/orders/${orderId}`;
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
