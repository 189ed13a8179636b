// Users, invites and the login throttle (onboarding domain).
import { sql } from "drizzle-orm";
import { type AnyPgColumn, check, index, integer, pgEnum, pgTable, text, timestamp, uuid, boolean } from "drizzle-orm/pg-core";
import { districts } from "./geography";

import { KYC_STATUSES, ROLES, USER_STATUSES } from "./values";

export { KYC_STATUSES, ROLES, USER_STATUSES };
export type { KycStatus, Role, UserStatus } from "./values";

export const roleEnum = pgEnum("role", ROLES);

export const kycStatusEnum = pgEnum("kyc_status", KYC_STATUSES);

export const userStatusEnum = pgEnum("user_status", USER_STATUSES);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Lower-cased, trimmed. */
    email: text("email").unique(),
    /** E.164 (+ and digits only). */
    phone: text("phone").unique(),
    passwordHash: text("password_hash").notNull(),
    displayName: text("display_name").notNull(),
    role: roleEnum("role").notNull(),
    districtId: uuid("district_id").references(() => districts.id),
    kycStatus: kycStatusEnum("kyc_status").notNull().default("UNVERIFIED"),
    status: userStatusEnum("status").notNull().default("ACTIVE"),
    invitedBy: uuid("invited_by").references((): AnyPgColumn => users.id),
    inviteId: uuid("invite_id").references((): AnyPgColumn => invites.id),
    /** Bumped by bans, suspensions, role and password changes: older sessions stop working. */
    sessionVersion: integer("session_version").notNull().default(1),
    /** When the e-mail address was confirmed (a link, or signing up through an e-mailed invite); no mail but the confirmation goes to an unconfirmed one. */
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
    // Millisecond precision: keyset cursors carry a JS Date, which has no microseconds.
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("users_email_or_phone", sql`${t.email} is not null or ${t.phone} is not null`),
    index("users_role_idx").on(t.role),
    index("users_district_idx").on(t.districtId),
  ],
);

export const invites = pgTable(
  "invites",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** SHA-256 of the normalised code; the code itself is shown once and never stored. */
    codeHash: text("code_hash").notNull().unique(),
    /** Last four characters, so people can tell their invites apart. */
    codeHint: text("code_hint").notNull(),
    role: roleEnum("role").notNull(),
    districtId: uuid("district_id").references(() => districts.id),
    maxUses: integer("max_uses").notNull().default(1),
    uses: integer("uses").notNull().default(0),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    isActive: boolean("is_active").notNull().default(true),
    createdBy: uuid("created_by").references((): AnyPgColumn => users.id),
    note: text("note"),
    /** Where the invite was e-mailed, if it was. */
    email: text("email"),
    // Millisecond precision: keyset cursors carry a JS Date, which has no microseconds.
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    check("invites_uses_range", sql`${t.uses} >= 0 and ${t.uses} <= ${t.maxUses}`),
    check("invites_max_uses_positive", sql`${t.maxUses} > 0`),
    index("invites_created_by_idx").on(t.createdBy),
  ],
);

/** Failed sign-ins per key ("account:<identifier>" or "ip:<address>"), kept in Postgres so it holds across servers. */
export const loginThrottles = pgTable("login_throttles", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  lastFailureAt: timestamp("last_failure_at", { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
});

export type User = typeof users.$inferSelect;
export type Invite = typeof invites.$inferSelect;
