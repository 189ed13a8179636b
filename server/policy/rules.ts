// Attribute rules: named pure functions of (subject, resource, environment) → allow, or deny with a reason.
import type { Role } from "@/db/schema/accounts";
import { ADMINS, inGroup, isAtLeast } from "./roles";

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
  RESET_SUPER_ADMIN_ONLY: "Only a super admin can reset an administrator's password.",
  USE_FORGOT_PASSWORD:
    "They have a confirmed e-mail address: they reset their password with “Forgot password?” on the sign-in page.",
  NOT_YOUR_SESSION: "That is not one of your sessions.",
  GLOBAL_FLAG_SUPER_ADMIN_ONLY: "Only a super admin can switch a flag for everyone or change its rollout.",
  ORGANIZATION_OUT_OF_REGION: "That organization belongs to another region.",
  ORGANIZATION_REGIONS_SUPER_ADMIN_ONLY: "Only a super admin can move an organization or let it serve several regions.",
  ORGANIZATION_DISTRICT_NOT_SERVED: "That district is in a region this organization does not serve.",
  NOT_A_HOST: "Only hosts create listings.",
  KYC_NOT_VERIFIED: "Your identity must be verified (KYC) before you can create listings.",
  HOST_ONBOARDING_DISABLED: "Creating listings is not open in your district yet.",
  NOT_LISTING_HOST: "This is not your listing.",
  LISTING_NOT_PUBLISHED: "That listing does not exist or is not published.",
  NOT_INVITE_CREATOR: "You can only revoke invites you created.",
  LISTING_NOT_APPROVED: "Promotions are for approved listings only.",
  PROMOTIONS_DISABLED: "Promotions are switched off in this district.",
  EMERGENCY_MODE: "Promotions are paused while emergency mode is on.",
  DISTRICT_OVER_CAPACITY: "This district is over its crowd threshold, so promotions are paused.",
  SENSITIVE_HIDDEN: "Contact details are shown to verified travelers of the listing's district.",
  ALREADY_VERIFIED: "Your identity is already verified.",
  NOT_A_CITIZEN: "Only travelers and hosts enroll their identity.",
  OWN_ENROLLMENT: "Nobody reviews their own identity enrollment.",
  NOT_CASE_HOLDER: "Only the moderator holding this case in the queue sees its documents.",
  NOT_ORG_MEMBER: "Your account is not a member of a verifier organization. Ask your organization's admin for an invite.",
  NOT_ORG_ADMIN: "Only your organization's admins can do this.",
  ORGANIZATION_SUSPENDED: "This organization is suspended.",
  IDENTITY_NOT_VERIFIED: "Your identity must be verified before organizations can verify you.",
  SCOPE_NOT_ALLOWED: "This organization may not receive some of what you chose.",
  NOT_YOUR_VERIFICATION: "This is not about you.",
  OWN_LISTING: "You cannot order your own listing.",
  ORDER_LISTING_NOT_APPROVED: "Only approved listings can be ordered.",
  EMERGENCY_ORDERS_STOPPED: "Emergency mode is on in this district: new orders are paused.",
  NOT_ORDER_PARTICIPANT: "This is not your order.",
  MESSAGING_DISABLED: "Messaging is switched off in your district.",
  ORDER_NOT_COMPLETED: "You can review an order once it is completed.",
  NOT_ORDER_TRAVELER: "Only the traveler who placed the order can review it.",
  ALREADY_REVIEWED: "You have already reviewed this order.",
  REVIEW_WINDOW_CLOSED: "The time to review this order has passed.",
  NOT_REVIEWED_HOST: "Only the host of the reviewed listing can reply.",
  ALREADY_REPLIED: "You have already replied to this review.",
  REVIEW_NOT_VISIBLE: "This review is not public (it is waiting for a moderator, or was hidden), so it cannot be replied to.",
  CLAIMED_BY_OTHER: "Another moderator has claimed this item.",
  ITEM_CLOSED: "This item has been decided; what it showed is no longer open to moderators.",
  NOT_ITEM_HOLDER: "Claim this item first: the thread around a message is shown only to the moderator holding it.",
  THREAD_NOT_REPORTED: "Nobody reported this message (a keyword caught it), so its thread stays private.",
  UPLOAD_HIDDEN: "That file does not exist.",
  NOT_ORDER_HOST: "Only the host marks an order as paid.",
  OWN_ORG_ROLE: "You cannot change your own role; ask another admin of your organization.",
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
    return deny("PILOT_NOT_STARTED", `The pilot starts on ${environment.pilotStartAt.toUTCString()}; sign-in opens then.`);
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
 * into their own district; an organization's admins invite staff (ORG_USER) into their organization.
 * An admin's or super admin's invite into an organization needs an organization their region
 * governs (`organization.govern`) and a district of a region it serves (`organizationRegionIds`:
 * its own region and those a super admin added).
 * Nobody else invites, and nobody invites a kiosk (a kiosk is a device).
 */
export function inviteCreate(
  subject: {
    role: Role;
    districtId: string | null;
    regionId: string | null;
    organizationId?: string | null;
    orgRole?: string | null;
  },
  resource: {
    role: Role;
    districtId: string;
    regionId: string | null;
    organizationId?: string | null;
    /** The organization's own region first, then the regions it also serves; required with organizationId. */
    organizationRegionIds?: readonly string[];
  },
  _environment?: unknown,
): Decision {
  if (resource.role === "PUBLIC_KIOSK") return deny("INVITE_ROLE_NOT_ALLOWED");
  // Only verifier staff belong to an organization.
  if (resource.organizationId && resource.role !== "ORG_USER") return deny("INVITE_ROLE_NOT_ALLOWED");
  switch (subject.role) {
    case "ORG_USER":
      // An organization's admins invite staff into their own organization and district.
      if (resource.role !== "ORG_USER" || !resource.organizationId) return deny("INVITE_ROLE_NOT_ALLOWED");
      if (subject.organizationId !== resource.organizationId || subject.orgRole !== "ORG_ADMIN") return deny("NOT_ORG_ADMIN");
      if (resource.districtId !== subject.districtId) return deny("INVITE_DISTRICT_NOT_ALLOWED");
      return allow;
    case "SUPER_ADMIN":
      if (resource.role === "SUPER_ADMIN") return deny("INVITE_ROLE_NOT_ALLOWED");
      return inviteIntoOrganization(subject, resource);
    case "ADMIN": {
      if (isAtLeast(resource.role, "ADMIN")) return deny("INVITE_ROLE_NOT_ALLOWED");
      const scoped = adminScope(subject, resource);
      return scoped.allow ? inviteIntoOrganization(subject, resource) : scoped;
    }
    case "HOST":
      if (resource.role !== "TRAVELER") return deny("INVITE_ROLE_NOT_ALLOWED");
      if (resource.districtId !== subject.districtId) return deny("INVITE_DISTRICT_NOT_ALLOWED");
      return allow;
    default:
      return deny("INVITE_ROLE_NOT_ALLOWED");
  }
}

/** An admin's invite into an organization: one their region governs, into a district of a region it serves. */
function inviteIntoOrganization(
  subject: { role: Role; regionId: string | null },
  resource: { regionId: string | null; organizationId?: string | null; organizationRegionIds?: readonly string[] },
): Decision {
  if (!resource.organizationId) return allow;
  // Without the organization's regions nothing is known to be served: refuse rather than guess.
  const [home, ...served] = resource.organizationRegionIds ?? [];
  if (!home) return deny("ORGANIZATION_OUT_OF_REGION");
  const governs = organizationGovern(subject, { regionId: home, servedRegionIds: served });
  if (!governs.allow) return governs;
  if (!resource.regionId || !resource.organizationRegionIds!.includes(resource.regionId))
    return deny("ORGANIZATION_DISTRICT_NOT_SERVED");
  return allow;
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

/**
 * `organization.govern`: an organization's region's admins (and the admins of any further region a
 * super admin let it serve) create it, suspend and reinstate it and set its policy; a super admin
 * governs all, and alone moves an organization or lets it serve several regions.
 */
export function organizationGovern(
  subject: { role: Role; regionId: string | null },
  resource: { regionId: string; servedRegionIds: readonly string[]; changesRegions?: boolean },
  _environment?: unknown,
): Decision {
  if (subject.role === "SUPER_ADMIN") return allow;
  if (resource.changesRegions) return deny("ORGANIZATION_REGIONS_SUPER_ADMIN_ONLY");
  if (subject.role !== "ADMIN") return deny("ORGANIZATION_OUT_OF_REGION");
  if (!subject.regionId) return deny("NO_REGION");
  if (resource.regionId !== subject.regionId && !resource.servedRegionIds.includes(subject.regionId))
    return deny("ORGANIZATION_OUT_OF_REGION");
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
 * `listing.viewSensitive` (contact, meeting point): super admins; admins of the listing's region;
 * a moderator only inside a moderation item on it that they hold (the caller audits that view);
 * the listing's host; someone with an order on it; or, for an approved listing, a KYC-verified
 * viewer in the listing's district.
 */
export function listingViewSensitive(
  subject: { id: string; role: Role; kycStatus: string; districtId: string | null; regionId?: string | null } | null,
  resource: { hostId: string; status: string; districtId: string; regionId?: string | null },
  environment: { viewerHasOrder: boolean; holdsModerationItem?: boolean },
): Decision {
  if (!subject) return deny("SENSITIVE_HIDDEN");
  if (subject.role === "SUPER_ADMIN") return allow;
  if (subject.role === "ADMIN" && subject.regionId && subject.regionId === resource.regionId) return allow;
  if (subject.role === "MODERATOR" && environment.holdsModerationItem) return allow;
  if (subject.id === resource.hostId) return allow;
  if (environment.viewerHasOrder) return allow;
  if (resource.status === "APPROVED" && subject.kycStatus === "VERIFIED" && subject.districtId === resource.districtId) {
    return allow;
  }
  return deny("SENSITIVE_HIDDEN");
}

/** `listing.own`: the listing is the subject's own (hosts act only on their listings). */
export function listingOwn(subject: { id: string }, resource: { hostId: string }, _environment?: unknown): Decision {
  return subject.id === resource.hostId ? allow : deny("NOT_LISTING_HOST");
}

/**
 * `listing.view`: approved listings are public; others only to their host, moderators, super admins,
 * and the admins of the listing's region (`admin.scope`).
 */
export function listingView(
  subject: { id: string; role: Role; regionId?: string | null } | null,
  resource: { hostId: string; status: string; regionId: string | null },
  _environment?: unknown,
): Decision {
  if (resource.status === "APPROVED") return allow;
  if (subject && (subject.id === resource.hostId || staffReads(subject, resource))) return allow;
  return deny("LISTING_NOT_PUBLISHED");
}

/** Staff reading what is not public: moderators and super admins anywhere, an admin in their region. */
function staffReads(subject: { role: Role; regionId?: string | null }, resource: { regionId: string | null }): boolean {
  if (subject.role === "MODERATOR" || subject.role === "SUPER_ADMIN") return true;
  return subject.role === "ADMIN" && adminScope({ role: subject.role, regionId: subject.regionId ?? null }, resource).allow;
}

/**
 * `invite.revoke`: the invite's creator revokes it; otherwise an admin whose region holds its
 * district (or a super admin).
 */
export function inviteRevoke(
  subject: { id: string; role: Role; regionId: string | null },
  resource: { createdBy: string | null; regionId: string | null },
  _environment?: unknown,
): Decision {
  if (resource.createdBy === subject.id) return allow;
  if (!inGroup(subject.role, ADMINS)) return deny("NOT_INVITE_CREATOR");
  return adminScope(subject, resource);
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
  const own = listingOwn(subject, resource);
  if (!own.allow) return own;
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

/** `enrollment.start`: a traveler or host who is not verified yet starts an identity enrollment. */
export function enrollmentStart(subject: { role: Role; kycStatus: string }, _resource: null, _environment?: unknown): Decision {
  if (subject.role !== "TRAVELER" && subject.role !== "HOST") return deny("NOT_A_CITIZEN");
  if (subject.kycStatus === "VERIFIED") return deny("ALREADY_VERIFIED");
  return allow;
}

/**
 * `enrollment.review`: a moderator claims, reads and decides an enrollment case; never their own
 * (a person whose role changed keeps their old case).
 */
export function enrollmentReview(
  subject: { id: string; role: Role },
  resource: { userId: string },
  _environment?: unknown,
): Decision {
  if (subject.id === resource.userId) return deny("OWN_ENROLLMENT");
  if (subject.role !== "MODERATOR") return deny("NOT_CASE_HOLDER");
  return allow;
}

/**
 * `enrollment.viewDocument`: the case's own person, or the moderator who holds the case's open
 * queue item (claimed, not lapsed). Admins and other moderators do not see identity papers.
 */
export function enrollmentViewDocument(
  subject: { id: string; role: Role },
  resource: { ownerId: string; holderId: string | null },
  _environment?: unknown,
): Decision {
  if (subject.id === resource.ownerId) return allow;
  if (subject.role === "MODERATOR" && resource.holderId === subject.id) return allow;
  return deny("NOT_CASE_HOLDER");
}

/**
 * `upload.view`: who may see an uploaded file. Listing photos of an approved listing: anyone.
 * Enrollment documents: `enrollment.viewDocument` (the owner and the moderator holding the case).
 * Anything else (drafts, listings in review): its owner, moderators, super admins, and the admins of
 * the region it belongs to (`regionId`: its listing's district's, or its owner's when on none).
 */
export function uploadView(
  subject: { id: string; role: Role; regionId?: string | null } | null,
  resource: {
    purpose: string;
    ownerId: string;
    onApprovedListing: boolean;
    caseHolderId: string | null;
    regionId: string | null;
  },
  _environment?: unknown,
): Decision {
  if (resource.purpose === "LISTING_MEDIA" && resource.onApprovedListing) return allow;
  if (!subject) return deny("UPLOAD_HIDDEN");
  if (resource.purpose === "ENROLLMENT_DOCUMENT") {
    return enrollmentViewDocument(subject, { ownerId: resource.ownerId, holderId: resource.caseHolderId });
  }
  if (subject.id === resource.ownerId || staffReads(subject, resource)) return allow;
  return deny("UPLOAD_HIDDEN");
}

/** `organization.member`: verifier staff act only for the organization they belong to (one each). */
export function organizationMember(
  subject: { organizationId: string | null },
  _resource: null,
  _environment?: unknown,
): Decision {
  return subject.organizationId ? allow : deny("NOT_ORG_MEMBER");
}

/** `organization.admin`: an organization's admins manage its members and invite its staff. */
export function organizationAdmin(
  subject: { organizationId: string | null; orgRole: string | null },
  resource: { organizationId: string },
  _environment?: unknown,
): Decision {
  if (!subject.organizationId) return deny("NOT_ORG_MEMBER");
  if (subject.organizationId !== resource.organizationId || subject.orgRole !== "ORG_ADMIN") return deny("NOT_ORG_ADMIN");
  return allow;
}

/**
 * `consent.grant`: a KYC-verified person consents to an active organization, for scopes inside
 * the organization's policy (what it may ever receive).
 */
export function consentGrant(
  subject: { kycStatus: string },
  resource: { organizationStatus: string; scopes: readonly string[]; policy: readonly string[] },
  _environment?: unknown,
): Decision {
  if (subject.kycStatus !== "VERIFIED") return deny("IDENTITY_NOT_VERIFIED");
  if (resource.organizationStatus !== "ACTIVE") return deny("ORGANIZATION_SUSPENDED");
  const outside = resource.scopes.filter((s) => !resource.policy.includes(s));
  if (outside.length > 0) return deny("SCOPE_NOT_ALLOWED", `This organization may not receive: ${outside.join(", ")}.`);
  return allow;
}

/** `verification.own`: a traveler acts only on verifications and requests of themselves. */
export function verificationOwn(
  subject: { id: string },
  resource: { travelerId: string | null },
  _environment?: unknown,
): Decision {
  return resource.travelerId === subject.id ? allow : deny("NOT_YOUR_VERIFICATION");
}

/**
 * `order.create`: someone else's approved listing, while EMERGENCY_MODE is off in its district.
 * (Who may order at all is the procedure's role group.)
 */
export function orderCreate(
  subject: { id: string },
  resource: { hostId: string; status: string },
  environment: { emergencyMode: boolean },
): Decision {
  if (subject.id === resource.hostId) return deny("OWN_LISTING");
  if (resource.status !== "APPROVED") return deny("ORDER_LISTING_NOT_APPROVED");
  if (environment.emergencyMode) return deny("EMERGENCY_ORDERS_STOPPED");
  return allow;
}

/** `order.participant`: only the order's traveler and its host see it, act on it and message in it. */
export function orderParticipant(
  subject: { id: string },
  resource: { travelerId: string; hostId: string },
  _environment?: unknown,
): Decision {
  if (subject.id === resource.travelerId || subject.id === resource.hostId) return allow;
  return deny("NOT_ORDER_PARTICIPANT");
}

/** `message.send`: a participant of the order, with MESSAGING_ENABLED on for them. */
export function messageSend(
  subject: { id: string },
  resource: { travelerId: string; hostId: string },
  environment: { messagingEnabled: boolean },
): Decision {
  const participant = orderParticipant(subject, resource);
  if (!participant.allow) return participant;
  if (!environment.messagingEnabled) return deny("MESSAGING_DISABLED");
  return allow;
}

/**
 * `review.create`: the order is COMPLETED, the reviewer is its traveler, there is no review yet,
 * and the window is open: `now` is before completion + the window (server/reviews/window.ts).
 */
export function reviewCreate(
  subject: { id: string },
  resource: { status: string; travelerId: string },
  environment: { hasReview: boolean; completedAt: Date | null; now: Date; windowMs: number },
): Decision {
  if (subject.id !== resource.travelerId) return deny("NOT_ORDER_TRAVELER");
  if (resource.status !== "COMPLETED") return deny("ORDER_NOT_COMPLETED");
  if (environment.hasReview) return deny("ALREADY_REVIEWED");
  // A completed order always has its completion on the timeline; without one, refuse rather than guess.
  if (!environment.completedAt || environment.now.getTime() >= environment.completedAt.getTime() + environment.windowMs)
    return deny("REVIEW_WINDOW_CLOSED");
  return allow;
}

/** `order.markPaid`: the order's host records a payment made in person. */
export function orderMarkPaid(subject: { id: string }, resource: { hostId: string }, _environment?: unknown): Decision {
  return subject.id === resource.hostId ? allow : deny("NOT_ORDER_HOST");
}

/** `organization.memberRole`: an org admin changes other members' roles, never their own. */
export function organizationMemberRole(subject: { id: string }, resource: { userId: string }, _environment?: unknown): Decision {
  return subject.id === resource.userId ? deny("OWN_ORG_ROLE") : allow;
}

/**
 * `review.reply`: the host of the reviewed order replies, once, to a public review: a held one is
 * not theirs to see until a moderator lets it through, and a hidden one is down.
 */
export function reviewReply(
  subject: { id: string },
  resource: { hostId: string; status: string; reply: string | null },
  _environment?: unknown,
): Decision {
  if (subject.id !== resource.hostId) return deny("NOT_REVIEWED_HOST");
  if (resource.status !== "VISIBLE") return deny("REVIEW_NOT_VISIBLE");
  if (resource.reply !== null) return deny("ALREADY_REPLIED");
  return allow;
}

/**
 * `moderation.hold`: a moderator claims, releases or decides a queue item that nobody else holds
 * (unclaimed, or claimed so long ago that the claim lapsed: server/moderation/claims.ts).
 */
export function moderationHold(
  subject: { id: string },
  resource: { claimedBy: string | null; claimLapsed: boolean },
  _environment?: unknown,
): Decision {
  if (resource.claimedBy && resource.claimedBy !== subject.id && !resource.claimLapsed) return deny("CLAIMED_BY_OTHER");
  return allow;
}

/**
 * `moderation.viewThread`: moderators see a thread only when part of it is reported, and then only
 * the moderator holding that message's open item (claimed, not lapsed); the caller audits the view.
 */
export function moderationViewThread(
  subject: { id: string },
  resource: { status: string; claimedBy: string | null; claimLapsed: boolean; reported: boolean },
  _environment?: unknown,
): Decision {
  if (resource.status !== "OPEN") return deny("ITEM_CLOSED");
  if (resource.claimedBy !== subject.id || resource.claimLapsed) return deny("NOT_ITEM_HOLDER");
  if (!resource.reported) return deny("THREAD_NOT_REPORTED");
  return allow;
}

/** `session.own`: a person lists and ends only their own device sessions. */
export function sessionOwn(subject: { id: string }, resource: { userId: string }, _environment?: unknown): Decision {
  return subject.id === resource.userId ? allow : deny("NOT_YOUR_SESSION");
}

/**
 * `password.assistReset`: who may issue a one-time reset link for someone else. An admin of the
 * person's region for travelers, hosts, verifier staff and moderators; only a super admin for admins
 * and super admins; nobody for themselves (they change their password on their account page). Only
 * for people without a confirmed e-mail address: whoever has one resets by mail, so an admin's link
 * cannot take over an account its owner can recover themselves.
 */
export function passwordAssistReset(
  subject: { id: string; role: Role; regionId: string | null },
  resource: { id: string; role: Role; regionId: string | null; emailConfirmed: boolean },
  _environment?: unknown,
): Decision {
  if (subject.id === resource.id) return deny("SELF_ACTION");
  if (!inGroup(subject.role, ADMINS)) return deny("TARGET_OUTRANKS");
  // Who may act on the person is decided first, so the answer says nothing of their address otherwise.
  const scoped = inGroup(resource.role, ADMINS)
    ? subject.role === "SUPER_ADMIN"
      ? allow
      : deny("RESET_SUPER_ADMIN_ONLY")
    : adminScope(subject, resource);
  if (!scoped.allow) return scoped;
  return resource.emailConfirmed ? deny("USE_FORGOT_PASSWORD") : allow;
}

export const rules = {
  "moderation.hold": moderationHold,
  "moderation.viewThread": moderationViewThread,
  "order.markPaid": orderMarkPaid,
  "organization.memberRole": organizationMemberRole,
  "upload.view": uploadView,
  "session.own": sessionOwn,
  "password.assistReset": passwordAssistReset,
  "enrollment.start": enrollmentStart,
  "enrollment.review": enrollmentReview,
  "enrollment.viewDocument": enrollmentViewDocument,
  "organization.member": organizationMember,
  "organization.admin": organizationAdmin,
  "consent.grant": consentGrant,
  "verification.own": verificationOwn,
  "order.create": orderCreate,
  "order.participant": orderParticipant,
  "message.send": messageSend,
  "review.create": reviewCreate,
  "review.reply": reviewReply,
  "listing.create": listingCreate,
  "listing.own": listingOwn,
  "listing.view": listingView,
  "listing.viewSensitive": listingViewSensitive,
  "promotion.issue": promotionIssue,
  "flag.manage": flagManage,
  "organization.govern": organizationGovern,
  "auth.login": authLogin,
  "admin.scope": adminScope,
  "invite.create": inviteCreate,
  "invite.revoke": inviteRevoke,
  "user.manage": userManage,
} as const;
export type RuleName = keyof typeof rules;
