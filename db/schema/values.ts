// The vocabulary of the accounts domain as plain constants: usable by the schema, the server and the browser.
export const ROLES = [
  "PUBLIC_KIOSK",
  "TRAVELER",
  "HOST",
  "ORG_USER",
  "MODERATOR",
  "ADMIN",
  "SUPER_ADMIN",
] as const;
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
export const MODERATION_TARGET_TYPES = ["LISTING", "REVIEW", "MESSAGE", "USER", "ENROLLMENT_CASE"] as const;
export const MODERATION_DECISIONS = ["APPROVE", "REJECT", "HIDE", "WARN", "SUSPEND", "BAN"] as const;

export type ListingKind = (typeof LISTING_KINDS)[number];
export type ListingStatus = (typeof LISTING_STATUSES)[number];
export type ListingCategory = keyof typeof LISTING_CATEGORIES;
export type KeywordAction = (typeof KEYWORD_ACTIONS)[number];
export type ModerationTargetType = (typeof MODERATION_TARGET_TYPES)[number];
export type ModerationDecision = (typeof MODERATION_DECISIONS)[number];
