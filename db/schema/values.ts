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
