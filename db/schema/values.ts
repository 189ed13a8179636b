// The vocabulary of the accounts domain as plain constants: usable by the schema, the server and the browser.
export const ROLES = ["PUBLIC_KIOSK", "TRAVELER", "HOST", "ORG_USER", "MODERATOR", "ADMIN", "SUPER_ADMIN"] as const;
export const KYC_STATUSES = ["UNVERIFIED", "PENDING", "VERIFIED", "REJECTED"] as const;
export const USER_STATUSES = ["ACTIVE", "SUSPENDED", "BANNED"] as const;

export type Role = (typeof ROLES)[number];
export type KycStatus = (typeof KYC_STATUSES)[number];
export type UserStatus = (typeof USER_STATUSES)[number];

export const LISTING_KINDS = ["HOTSPOT", "SERVICE"] as const;
export const LISTING_STATUSES = ["DRAFT", "PENDING_REVIEW", "APPROVED", "REJECTED", "ARCHIVED"] as const;
/** Categories travelers filter by; the label is what people read. */
export const LISTING_CATEGORIES = {
  "food-drink": "Food & drink",
  tours: "Tours & walks",
  outdoors: "Outdoors",
  culture: "Culture & heritage",
  wellness: "Wellness",
  crafts: "Crafts & workshops",
  transport: "Transport",
  stay: "Places to stay",
} as const;
export const UPLOAD_PROVIDERS = ["CLOUDINARY", "LOCAL"] as const;
export const UPLOAD_PURPOSES = ["LISTING_MEDIA", "ENROLLMENT_DOCUMENT"] as const;
export const KEYWORD_ACTIONS = ["FLAG", "REQUIRE_APPROVAL", "BLOCK"] as const;
export const MODERATION_TARGET_TYPES = [
  "LISTING",
  "REVIEW",
  /** A host's reply to a review, judged apart from the review (its author is the host). */
  "REVIEW_REPLY",
  /** A host's promotion whose title a keyword caught. */
  "PROMOTION",
  "MESSAGE",
  "USER",
  "ENROLLMENT_CASE",
  "VERIFICATION_EVENT",
] as const;
export const MODERATION_DECISIONS = ["APPROVE", "REJECT", "HIDE", "WARN", "SUSPEND", "BAN", "REQUEST_CHANGES"] as const;
export const ENROLLMENT_STATUSES = ["DRAFT", "SUBMITTED", "IN_REVIEW", "APPROVED", "REJECTED", "CHANGES_REQUESTED"] as const;
/** The papers an enrollment takes. Never a face photo: Tessera processes no face data. */
export const ENROLLMENT_DOCUMENT_KINDS = ["ID_FRONT", "ID_BACK", "PROOF_OF_ADDRESS"] as const;

export type ListingKind = (typeof LISTING_KINDS)[number];
export type ListingStatus = (typeof LISTING_STATUSES)[number];
export type ListingCategory = keyof typeof LISTING_CATEGORIES;
export type KeywordAction = (typeof KEYWORD_ACTIONS)[number];
export type ModerationTargetType = (typeof MODERATION_TARGET_TYPES)[number];
export type ModerationDecision = (typeof MODERATION_DECISIONS)[number];
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];
export type EnrollmentDocumentKind = (typeof ENROLLMENT_DOCUMENT_KINDS)[number];

// ---------------------------------------------------------------- verification (organizations, consent, tokens)
export const ORGANIZATION_STATUSES = ["ACTIVE", "SUSPENDED"] as const;
export const ORG_ROLES = ["STAFF", "ORG_ADMIN"] as const;
/** What a traveler can consent to show an organization. */
export const CONSENT_SCOPES = ["identity.verified", "identity.name", "identity.ageOver18", "identity.district"] as const;
export const CONSENT_SCOPE_LABELS: Record<(typeof CONSENT_SCOPES)[number], string> = {
  "identity.verified": "verified identity",
  "identity.name": "name",
  "identity.ageOver18": "over 18",
  "identity.district": "district",
};
export const ALIAS_KINDS = ["GLOBAL", "PAIRWISE"] as const;
export const VERIFICATION_REQUEST_STATUSES = ["PENDING", "APPROVED", "DECLINED", "COMPLETED", "EXPIRED"] as const;
export const VERIFICATION_OUTCOMES = ["VERIFIED", "REFUSED"] as const;
/** Why a token was refused; each has words for people in shared/verification-reasons.ts. */
export const VERIFICATION_REASONS = [
  "MALFORMED",
  "BAD_SIGNATURE",
  "WRONG_AUDIENCE",
  "EXPIRED",
  "NOT_YET_VALID",
  "REPLAYED",
  "ORGANIZATION_SUSPENDED",
  "CONSENT_REVOKED",
  "NOT_VERIFIED",
] as const;

export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];
export type OrgRole = (typeof ORG_ROLES)[number];
export type ConsentScope = (typeof CONSENT_SCOPES)[number];
export type AliasKind = (typeof ALIAS_KINDS)[number];
export type VerificationRequestStatus = (typeof VERIFICATION_REQUEST_STATUSES)[number];
export type VerificationOutcome = (typeof VERIFICATION_OUTCOMES)[number];
export type VerificationReason = (typeof VERIFICATION_REASONS)[number];

export const ORDER_STATUSES = [
  "INQUIRY",
  "REQUESTED",
  "ACCEPTED",
  "DECLINED",
  "IN_PROGRESS",
  "COMPLETED",
  "CANCELLED",
  "EXPIRED",
] as const;
/** Orders that are still running: one of these per (traveler, listing) at a time. */
export const OPEN_ORDER_STATUSES = ["INQUIRY", "REQUESTED", "ACCEPTED", "IN_PROGRESS"] as const;
export const PAYMENT_STATUSES = ["NONE", "PENDING", "PAID", "REFUNDED"] as const;
export const PAYMENT_PROVIDERS = ["IN_PERSON"] as const;
/** Messages and reviews: shown, held by a keyword until a moderator approves, or hidden by one. */
export const CONTENT_STATUSES = ["VISIBLE", "HELD", "HIDDEN"] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export type PaymentProviderName = (typeof PAYMENT_PROVIDERS)[number];
export type ContentStatus = (typeof CONTENT_STATUSES)[number];
