// Verification: verifier organizations and their staff, travelers' consents, pairwise aliases,
// organizations' requests, the single-use marks of signed tokens, and the record of every check.
import { sql } from "drizzle-orm";
import { check, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { invites, users } from "./accounts";
import { regions } from "./geography";
import {
  ALIAS_KINDS,
  ORG_ROLES,
  ORGANIZATION_STATUSES,
  VERIFICATION_OUTCOMES,
  VERIFICATION_REASONS,
  VERIFICATION_REQUEST_STATUSES,
  type ConsentScope,
} from "./values";

export const organizationStatusEnum = pgEnum("organization_status", ORGANIZATION_STATUSES);
export const orgRoleEnum = pgEnum("org_role", ORG_ROLES);
export const aliasKindEnum = pgEnum("alias_kind", ALIAS_KINDS);
export const verificationRequestStatusEnum = pgEnum("verification_request_status", VERIFICATION_REQUEST_STATUSES);
export const verificationOutcomeEnum = pgEnum("verification_outcome", VERIFICATION_OUTCOMES);
export const verificationReasonEnum = pgEnum("verification_reason", VERIFICATION_REASONS);

export const organizations = pgTable(
  "organizations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull().unique(),
    status: organizationStatusEnum("status").notNull().default("ACTIVE"),
    /** The scopes this organization may ever receive, whatever a traveler consents to. */
    scopePolicy: text("scope_policy")
      .array()
      .$type<ConsentScope[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The region it belongs to: that region's admins govern it (a super admin governs all). */
    regionId: uuid("region_id")
      .notNull()
      .references(() => regions.id),
    /** Further regions it serves, set by a super admin only: their admins govern it too. */
    servedRegionIds: uuid("served_region_ids")
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("organizations_region_idx").on(t.regionId)],
);

/** An ORG_USER belongs to one organization (the user id is the key). */
export const organizationMembers = pgTable(
  "organization_members",
  {
    userId: uuid("user_id")
      .primaryKey()
      .references(() => users.id),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    orgRole: orgRoleEnum("org_role").notNull().default("STAFF"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("organization_members_org_idx").on(t.organizationId)],
);

/** An invite that makes its new ORG_USER a member of an organization (extends `invites`). */
export const organizationInvites = pgTable("organization_invites", {
  inviteId: uuid("invite_id")
    .primaryKey()
    .references(() => invites.id),
  organizationId: uuid("organization_id")
    .notNull()
    .references(() => organizations.id),
  orgRole: orgRoleEnum("org_role").notNull().default("STAFF"),
});

/**
 * A traveler's random internal id, used only to derive aliases: never the user id, never anything
 * derived from the national ID or another attribute. Organizations never see it.
 */
export const aliasSubjects = pgTable("alias_subjects", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id),
  /** 32 random bytes, base64url. */
  internalId: text("internal_id").notNull().unique(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Derived aliases, kept so a token's `sub` can be resolved: one GLOBAL per traveler (never shown to
 * an organization) and one PAIRWISE per (traveler, organization).
 */
export const aliases = pgTable(
  "aliases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    kind: aliasKindEnum("kind").notNull(),
    organizationId: uuid("organization_id").references(() => organizations.id),
    alias: text("alias").notNull().unique(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("aliases_kind_org", sql`(${t.kind} = 'GLOBAL') = (${t.organizationId} is null)`),
    uniqueIndex("aliases_user_org_idx").on(t.userId, t.organizationId),
    uniqueIndex("aliases_global_idx")
      .on(t.userId)
      .where(sql`${t.kind} = 'GLOBAL'`),
  ],
);

/** The current consent of a traveler to an organization (re-granting replaces it; revoking stamps it). */
export const consentGrants = pgTable(
  "consent_grants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    scopes: text("scopes").array().$type<ConsentScope[]>().notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /**
     * The expiry the traveler was last warned about (server/verification/timers.ts). Renewing moves
     * expiresAt away from it, which re-arms the warning without the grant code knowing of it.
     */
    expiryWarnedFor: timestamp("expiry_warned_for", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("consent_grants_user_org_idx").on(t.userId, t.organizationId),
    index("consent_grants_org_idx").on(t.organizationId),
  ],
);

/** An organization asks for scopes; the traveler (addressed by pairwise alias, or by code) answers. */
export const verificationRequests = pgTable(
  "verification_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    requestedBy: uuid("requested_by")
      .notNull()
      .references(() => users.id),
    /** The traveler, once known (from the pairwise alias the organization gave, or a claimed code). */
    travelerId: uuid("traveler_id").references(() => users.id),
    scopes: text("scopes").array().$type<ConsentScope[]>().notNull(),
    /** 128 random bits, base64url; carried in the token as `nonce`. */
    nonce: text("nonce").notNull().unique(),
    /** A short code the traveler types to find the request. */
    code: text("code").notNull().unique(),
    note: text("note"),
    status: verificationRequestStatusEnum("status").notNull().default("PENDING"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index("verification_requests_org_idx").on(t.organizationId, t.createdAt),
    index("verification_requests_traveler_idx").on(t.travelerId),
  ],
);

/** Single use: a token's `jti` is inserted when it is presented; a second insert conflicts. */
export const tokenRedemptions = pgTable("token_redemptions", {
  jti: text("jti").primaryKey(),
  organizationId: uuid("organization_id")
    .notNull()
    .references(() => organizations.id),
  /** When the mark may be dropped: the token is unusable by then anyway. */
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  redeemedAt: timestamp("redeemed_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Every check of a token, successful or not, with what was disclosed. */
export const verificationEvents = pgTable(
  "verification_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => users.id),
    /** Null when the token could not be tied to a traveler (bad signature, another audience...). */
    travelerId: uuid("traveler_id").references(() => users.id),
    /** The pairwise alias the organization saw (its own identifier for the person). */
    subject: text("subject"),
    outcome: verificationOutcomeEnum("outcome").notNull(),
    reasonCode: verificationReasonEnum("reason_code"),
    disclosedScopes: text("disclosed_scopes")
      .array()
      .$type<ConsentScope[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    requestId: uuid("request_id").references(() => verificationRequests.id),
    /** The traveler said "this wasn't me". */
    disputedAt: timestamp("disputed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index("verification_events_org_idx").on(t.organizationId, t.createdAt),
    index("verification_events_traveler_idx").on(t.travelerId, t.createdAt),
  ],
);

export type Organization = typeof organizations.$inferSelect;
export type ConsentGrant = typeof consentGrants.$inferSelect;
export type VerificationEvent = typeof verificationEvents.$inferSelect;
export type VerificationRequest = typeof verificationRequests.$inferSelect;
