// The role order of PRODUCT.md: each role outranks those listed before it.
import { ROLES, type Role } from "@/db/schema/values";

export { ROLES, type Role };

// Role groups: the only place a list of roles is written out. Procedures, pages and rules use these.
export const ADMINS = ["ADMIN", "SUPER_ADMIN"] as const satisfies readonly Role[];
/** Who governs every region: create regions and districts, see everything an admin sees anywhere. */
export const SUPER_ADMINS = ["SUPER_ADMIN"] as const satisfies readonly Role[];
export const MODERATORS = ["MODERATOR"] as const satisfies readonly Role[];
/** Who may read unpublished content to judge or govern it. */
export const STAFF = ["MODERATOR", "ADMIN", "SUPER_ADMIN"] as const satisfies readonly Role[];
export const HOSTS = ["HOST"] as const satisfies readonly Role[];
export const TRAVELERS = ["TRAVELER"] as const satisfies readonly Role[];
/** People who can hold an identity (enroll, consent, be verified) and order from hosts. */
export const CITIZENS = ["TRAVELER", "HOST"] as const satisfies readonly Role[];
export const VERIFIER_STAFF = ["ORG_USER"] as const satisfies readonly Role[];
export const INVITERS = ["HOST", "ADMIN", "SUPER_ADMIN"] as const satisfies readonly Role[];

/** Whether `role` belongs to `group` (one of the groups above). */
export function inGroup(role: Role, group: readonly Role[]): boolean {
  return group.includes(role);
}

export function isAdmin(role: Role): boolean {
  return inGroup(role, ADMINS);
}

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

export function isAtLeast(role: Role, minimum: Role): boolean {
  return roleRank(role) >= roleRank(minimum);
}

// Labels and landing pages are display constants the browser needs too: they live in shared/.
export { ROLE_HOME, ROLE_LABELS } from "@/shared/role-labels";
