// The role order of PRODUCT.md: each role outranks those listed before it.
import { ROLES, type Role } from "@/db/schema/values";

export { ROLES, type Role };

export const USER_ROLES = ROLES.filter((r) => r !== "PUBLIC_KIOSK") as Exclude<Role, "PUBLIC_KIOSK">[];

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

export function isAtLeast(role: Role, minimum: Role): boolean {
  return roleRank(role) >= roleRank(minimum);
}

export const ROLE_LABELS: Record<Role, string> = {
  PUBLIC_KIOSK: "Kiosk",
  TRAVELER: "Traveler",
  HOST: "Host",
  ORG_USER: "Verifier staff",
  MODERATOR: "Moderator",
  ADMIN: "Admin",
  SUPER_ADMIN: "Super admin",
};

/** Where each role lands after signing in. */
export const ROLE_HOME: Record<Role, string> = {
  PUBLIC_KIOSK: "/kiosk",
  TRAVELER: "/explore",
  HOST: "/host",
  ORG_USER: "/verify",
  MODERATOR: "/moderation",
  ADMIN: "/admin",
  SUPER_ADMIN: "/admin",
};
