// Identity (citizen enrollment, KYC): who a person legally is. The national ID number is never
// stored: only its keyed hash (HMAC-SHA256, keys from the environment), the key's version, and
// its last characters for display. One profile per national ID (unique on the hash).
// Enrollment cases move through a transition table (server/identity/transitions.ts); their
// documents are private uploads (ID front and back, proof of address; never a face photo).
import { sql } from "drizzle-orm";
import { date, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { districts } from "./geography";
import { uploadAssets } from "./uploads";
import { ENROLLMENT_DOCUMENT_KINDS, ENROLLMENT_STATUSES } from "./values";

export const citizenProfiles = pgTable(
  "citizen_profiles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .unique()
      .references(() => users.id),
    legalName: text("legal_name").notNull(),
    dateOfBirth: date("date_of_birth", { mode: "string" }).notNull(),
    districtId: uuid("district_id")
      .notNull()
      .references(() => districts.id),
    /**
     * Keyed hash (hex) of the normalised national ID number at key version `nidKeyVersion`:
     * version n is HMAC-SHA256(key n, hash at version n−1), version 0 the number itself, so a
     * profile is re-keyed to a newer version without the number (server/identity/nid.ts).
     */
    nidHash: text("nid_hash").notNull(),
    nidKeyVersion: integer("nid_key_version").notNull(),
    /** The last characters, for the person and reviewers to recognise the number. */
    nidLast4: text("nid_last4").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("citizen_profiles_nid_hash_idx").on(t.nidHash),
    index("citizen_profiles_district_idx").on(t.districtId),
    index("citizen_profiles_key_version_idx").on(t.nidKeyVersion),
  ],
);

export type CitizenProfile = typeof citizenProfiles.$inferSelect;

export const enrollmentStatusEnum = pgEnum("enrollment_status", ENROLLMENT_STATUSES);
export const enrollmentDocumentKindEnum = pgEnum("enrollment_document_kind", ENROLLMENT_DOCUMENT_KINDS);

export const enrollmentCases = pgTable(
  "enrollment_cases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    status: enrollmentStatusEnum("status").notNull().default("DRAFT"),
    /** Bumped by every change, so a decision made on an older view is refused. */
    version: integer("version").notNull().default(1),
    /** What the reviewer told the person: the reason of a rejection, or what to change. */
    decisionNote: text("decision_note"),
    decidedBy: uuid("decided_by").references(() => users.id),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("enrollment_cases_user_idx").on(t.userId, t.createdAt),
    // At most one case in progress per person; decided ones (approved, rejected) stay as history.
    uniqueIndex("enrollment_cases_one_open_uq")
      .on(t.userId)
      .where(sql`${t.status} not in ('APPROVED', 'REJECTED')`),
  ],
);

export type EnrollmentCase = typeof enrollmentCases.$inferSelect;

export const enrollmentDocuments = pgTable(
  "enrollment_documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => enrollmentCases.id),
    kind: enrollmentDocumentKindEnum("kind").notNull(),
    /** An upload with purpose ENROLLMENT_DOCUMENT, owned by the case's person. */
    assetId: uuid("asset_id")
      .notNull()
      .unique()
      .references(() => uploadAssets.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("enrollment_documents_case_kind_uq").on(t.caseId, t.kind)],
);

export type EnrollmentDocument = typeof enrollmentDocuments.$inferSelect;
