// Attribute rules: named pure functions of (subject, resource, environment) → allow, or deny with a reason.
import type { Role } from "@/db/schema/accounts";
import { isAtLeast } from "./roles";

export type Decision = { allow: true } | { allow: false; reason: DenyReason; message: string };

export const DENY_REASONS = {
  PILOT_INACTIVE: "The pilot is not open for sign-in right now.",
  PILOT_NOT_STARTED: "The pilot has not started yet.",
  OUT_OF_REGION: "That district is outside your region.",
  NO_REGION: "Your account has no region to administer.",
  INVITE_ROLE_NOT_ALLOWED: "You cannot invite people with that role.",
  INVITE_DISTRICT_NOT_ALLOWED: "You can only invite people into your own district.",
  TARGET_OUTRANKS: "You can only act on people whose role is below your own.",
  SELF_ACTION: "You cannot do this to your own account.",
  GLOBAL_FLAG_SUPER_ADMIN_ONLY: "Only a super admin can switch a flag for everyone or change its rollout.",
  NOT_A_HOST: "Only hosts create listings.",
  KYC_NOT_VERIFIED: "Your identity must be verified (KYC) before you can create listings.",
  HOST_ONBOARDING_DISABLED: "Creating listings is not open in your district yet.",
  NOT_LISTING_HOST: "This is not your listing.",
  LISTING_NOT_APPROVED: "Promotions are for approved listings only.",
  PROMOTIONS_DISABLED: "Promotions are switched off in this district.",
  EMERGENCY_MODE: "Promotions are paused while emergency mode is on.",
  DISTRICT_OVER_CAPACITY: "This district is over its crowd threshold, so promotions are paused.",
  SENSITIVE_HIDDEN: "Contact details are shown to verified travelers of the listing's district.",
} as const;
export type DenyReason = keyof typeof DENY_REASONS;

const allow: Decision = { allow: true };
function deny(reason: DenyReason, message: string = DENY_REASONS[reason]): Decision {
  return { allow: false, reason, message };
}

/** `auth.login`: the pilot is active and has started, or the user is an admin. */
export function authLogin(
  subject: { role: Role },
  _resource: null,
  environment: { pilotActive: boolean; pilotStartAt?: Date; now: Date },
): Decision {
  if (isAtLeast(subject.role, "ADMIN")) return allow;
  if (!environment.pilotActive) return deny("PILOT_INACTIVE");
  if (environment.pilotStartAt && environment.now < environment.pilotStartAt) {
    return deny(
      "PILOT_NOT_STARTED",
      `The pilot starts on ${environment.pilotStartAt.toUTCString()}; sign-in opens then.`,
    );
  }
  return allow;
}

/** `admin.scope`: an ADMIN acts only on districts of their own region; a SUPER_ADMIN acts anywhere. */
export function adminScope(
  subject: { role: Role; regionId: string | null },
  resource: { regionId: string | null },
  _environment?: unknown,
): Decision {
  if (subject.role === "SUPER_ADMIN") return allow;
  if (subject.role !== "ADMIN") return deny("OUT_OF_REGION");
  if (!subject.regionId) return deny("NO_REGION");
  if (resource.regionId !== subject.regionId) return deny("OUT_OF_REGION");
  return allow;
}

/**
 * `invite.create`: super admins invite any role below their own (admins included), anywhere;
 * admins invite roles below their own into districts of their region; hosts invite travelers
 * into their own district. Nobody else invites, and nobody invites a kiosk (a kiosk is a device).
 */
export function inviteCreate(
  subject: { role: Role; districtId: string | null; regionId: string | null },
  resource: { role: Role; districtId: string; regionId: string | null },
  _environment?: unknown,
): Decision {
  if (resource.role === "PUBLIC_KIOSK") return deny("INVITE_ROLE_NOT_ALLOWED");
  switch (subject.role) {
    case "SUPER_ADMIN":
      return resource.role === "SUPER_ADMIN" ? deny("INVITE_ROLE_NOT_ALLOWED") : allow;
    case "ADMIN":
      if (isAtLeast(resource.role, "ADMIN")) return deny("INVITE_ROLE_NOT_ALLOWED");
      return adminScope(subject, resource);
    case "HOST":
      if (resource.role !== "TRAVELER") return deny("INVITE_ROLE_NOT_ALLOWED");
      if (resource.districtId !== subject.districtId) return deny("INVITE_DISTRICT_NOT_ALLOWED");
      return allow;
    default:
      return deny("INVITE_ROLE_NOT_ALLOWED");
  }
}

/** `user.manage`: act on another person's account (suspend, ban, reinstate, change role). */
export function userManage(
  subject: { id: string; role: Role; regionId: string | null },
  resource: { id: string; role: Role; regionId: string | null; newRole?: Role },
  _environment?: unknown,
): Decision {
  if (subject.id === resource.id) return deny("SELF_ACTION");
  if (!isAtLeast(subject.role, "ADMIN")) return deny("TARGET_OUTRANKS");
  if (isAtLeast(resource.role, subject.role)) return deny("TARGET_OUTRANKS");
  if (resource.newRole && (isAtLeast(resource.newRole, subject.role) || resource.newRole === "PUBLIC_KIOSK")) {
    return deny("INVITE_ROLE_NOT_ALLOWED", "You can only give roles below your own.");
  }
  return adminScope(subject, resource);
}

/**
 * `flag.manage`: a flag's global switch and rollout reach every region, so only super admins set
 * them; admins enable or disable it for districts of their own region.
 */
export function flagManage(
  subject: { role: Role; regionId: string | null },
  resource: { changesGlobal: boolean; touchedDistrictRegionIds: (string | null)[] },
  _environment?: unknown,
): Decision {
  if (subject.role === "SUPER_ADMIN") return allow;
  if (resource.changesGlobal) return deny("GLOBAL_FLAG_SUPER_ADMIN_ONLY");
  for (const regionId of resource.touchedDistrictRegionIds) {
    const scoped = adminScope(subject, { regionId });
    if (!scoped.allow) return scoped;
  }
  return allow;
}

/** `listing.create`: the user is a KYC-verified host and HOST_ONBOARDING_ENABLED is on for their district. */
export function listingCreate(
  subject: { role: Role; kycStatus: string },
  _resource: null,
  environment: { hostOnboardingEnabled: boolean },
): Decision {
  if (subject.role !== "HOST") return deny("NOT_A_HOST");
  if (subject.kycStatus !== "VERIFIED") return deny("KYC_NOT_VERIFIED");
  if (!environment.hostOnboardingEnabled) return deny("HOST_ONBOARDING_DISABLED");
  return allow;
}

/**
 * `listing.viewSensitive` (contact, meeting point): admins, and moderators, who judge those fields
 * too (keywords apply to them); the listing's host; someone with an order on it; or, for an
 * approved listing, a KYC-verified viewer in the listing's district.
 */
export function listingViewSensitive(
  subject: { id: string; role: Role; kycStatus: string; districtId: string | null } | null,
  resource: { hostId: string; status: string; districtId: string },
  environment: { viewerHasOrder: boolean },
): Decision {
  if (!subject) return deny("SENSITIVE_HIDDEN");
  if (isAtLeast(subject.role, "MODERATOR")) return allow;
  if (subject.id === resource.hostId) return allow;
  if (environment.viewerHasOrder) return allow;
  if (resource.status === "APPROVED" && subject.kycStatus === "VERIFIED" && subject.districtId === resource.districtId) {
    return allow;
  }
  return deny("SENSITIVE_HIDDEN");
}

/**
 * `promotion.issue`: on the host's own approved listing, while the district's crowd density is at
 * or below its threshold, PROMOTIONS_ENABLED is on and EMERGENCY_MODE is off.
 */
export function promotionIssue(
  subject: { id: string },
  resource: { hostId: string; status: string; crowdDensity: number; densityThreshold: number },
  environment: { promotionsEnabled: boolean; emergencyMode: boolean },
): Decision {
  if (subject.id !== resource.hostId) return deny("NOT_LISTING_HOST");
  if (resource.status !== "APPROVED") return deny("LISTING_NOT_APPROVED");
  if (environment.emergencyMode) return deny("EMERGENCY_MODE");
  if (!environment.promotionsEnabled) return deny("PROMOTIONS_DISABLED");
  if (resource.crowdDensity > resource.densityThreshold) {
    return deny(
      "DISTRICT_OVER_CAPACITY",
      `This district is at ${resource.crowdDensity}% crowd density, above its ${resource.densityThreshold}% threshold, so promotions are paused.`,
    );
  }
  return allow;
}

export const rules = {
  "listing.create": listingCreate,
  "listing.viewSensitive": listingViewSensitive,
  "promotion.issue": promotionIssue,
  "flag.manage": flagManage,
  "auth.login": authLogin,
  "admin.scope": adminScope,
  "invite.create": inviteCreate,
  "user.manage": userManage,
} as const;
export type RuleName = keyof typeof rules;
