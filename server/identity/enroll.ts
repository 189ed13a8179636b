// A person's own enrollment: start a case, fill in who they are, upload their papers, submit, and
// read where it stands. The national ID number goes in, is hashed at once (./nid.ts), and nothing
// of it but the last four characters ever comes back out.
import { and, desc, eq, inArray, ne, notInArray, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { districts } from "@/db/schema/geography";
import { citizenProfiles, enrollmentCases, enrollmentDocuments, type EnrollmentCase } from "@/db/schema/identity";
import { uploadAssets } from "@/db/schema/uploads";
import type { EnrollmentDocumentKind, KycStatus } from "@/db/schema/values";
import type { AuditFn } from "@/server/audit";
import type { Deps } from "@/server/context";
import { AppError } from "@/server/errors";
import { uniqueViolation } from "@/server/db-errors";
import { check, enforce } from "@/server/policy/authorize";
import { openItem } from "@/server/moderation/queue";
import type { StoredUpload } from "@/server/uploads/local";
import { rejectUpload } from "@/server/uploads/rules";
import { issuedGlobalAlias } from "@/server/verification/aliases";
import { documentUrl } from "./documents";
import { digestNationalId, isPlausibleNationalId, normaliseNationalId } from "./nid";
import {
  CLOSED_STATUSES,
  EDITABLE_STATUSES,
  ENROLLMENT_STATUS_WORDS,
  nextEnrollmentStatus,
  type EnrollmentAction,
  type EnrollmentActor,
} from "./transitions";

/** Said whenever a number is already enrolled: never whose, never the number. */
export const NATIONAL_ID_TAKEN_MESSAGE =
  "This national ID number is already enrolled on another account. If it is yours, contact the pilot's support team.";

export const REQUIRED_DOCUMENTS: readonly EnrollmentDocumentKind[] = ["ID_FRONT", "ID_BACK"];

export const DOCUMENT_LABELS: Record<EnrollmentDocumentKind, string> = {
  ID_FRONT: "ID card, front",
  ID_BACK: "ID card, back",
  PROOF_OF_ADDRESS: "Proof of address",
};

/** The person's case in progress (not approved or rejected), if any. */
export async function openCaseOf(db: Database, userId: string): Promise<EnrollmentCase | null> {
  const [row] = await db
    .select()
    .from(enrollmentCases)
    .where(and(eq(enrollmentCases.userId, userId), notInArray(enrollmentCases.status, [...CLOSED_STATUSES])))
    .limit(1);
  return row ?? null;
}

async function editableCase(deps: Pick<Deps, "db" | "user">): Promise<EnrollmentCase> {
  const open = await openCaseOf(deps.db, deps.user.id);
  if (!open) throw new AppError("INVALID_STATE", "Start an identity enrollment first.", { reason: "NO_OPEN_CASE" });
  if (!EDITABLE_STATUSES.includes(open.status)) {
    throw new AppError("INVALID_STATE", `Your enrollment is ${ENROLLMENT_STATUS_WORDS[open.status]}; it cannot be changed now.`, {
      reason: "CASE_LOCKED",
    });
  }
  return open;
}

/**
 * Moves a case by the transition table with a conditional update (`WHERE status = from AND
 * version = seen`), so of two moves made at once exactly one lands; the other is told.
 */
export async function moveCase(
  db: Database,
  current: EnrollmentCase,
  action: EnrollmentAction,
  actor: EnrollmentActor,
  extra: Partial<Pick<EnrollmentCase, "decisionNote" | "decidedBy" | "decidedAt" | "submittedAt">> = {},
): Promise<EnrollmentCase> {
  const to = nextEnrollmentStatus(actor, action, current.status);
  const [moved] = await db
    .update(enrollmentCases)
    .set({ ...extra, status: to, version: sql`${enrollmentCases.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(enrollmentCases.id, current.id),
        eq(enrollmentCases.status, current.status),
        eq(enrollmentCases.version, current.version),
      ),
    )
    .returning();
  if (!moved)
    throw new AppError("STALE_VERSION", "This enrollment changed in the meantime. Reload it and try again.", {
      reason: "STALE_VERSION",
    });
  return moved;
}

/** Sets the person's KYC status (and records it), when it differs. */
export async function setKycStatus(db: Database, userId: string, to: KycStatus, audit: AuditFn, caseId: string): Promise<void> {
  const [row] = await db.select({ kycStatus: users.kycStatus }).from(users).where(eq(users.id, userId)).limit(1);
  if (!row || row.kycStatus === to) return;
  await db.update(users).set({ kycStatus: to, updatedAt: new Date() }).where(eq(users.id, userId));
  audit({
    action: "KYC_STATUS_CHANGED",
    targetType: "user",
    targetId: userId,
    changes: { kycStatus: { before: row.kycStatus, after: to }, caseId },
  });
}

// ---------------------------------------------------------------- the person's own steps

export async function startEnrollment(deps: Deps) {
  enforce(deps.securityEvents, "enrollment.start", deps.user, null);
  const open = await openCaseOf(deps.db, deps.user.id);
  if (open) {
    // Starting what is already open is a no-op (a second tab, a double click), recorded as such.
    deps.audit({
      action: "ENROLLMENT_STARTED",
      targetType: "enrollment_case",
      targetId: open.id,
      changes: { alreadyOpen: true },
    });
    return open;
  }
  try {
    const [created] = await deps.db.insert(enrollmentCases).values({ userId: deps.user.id }).returning();
    deps.audit({
      action: "ENROLLMENT_STARTED",
      targetType: "enrollment_case",
      targetId: created!.id,
      changes: { status: { before: null, after: "DRAFT" } },
    });
    return created!;
  } catch (err) {
    if (uniqueViolation(err)) throw new AppError("CONFLICT", "An enrollment is already in progress. Reload the page.");
    throw err;
  }
}

export interface DetailsInput {
  legalName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  districtId: string;
  /** As typed; optional when the profile already holds a number and it is not being changed. */
  nationalId?: string;
}

/** A date of birth that is a real day, in the past, and not more than 120 years ago. */
export function dateOfBirthProblem(value: string, now = new Date()): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== value) return "Enter the date of birth as a real date.";
  if (date.getTime() > now.getTime()) return "The date of birth cannot be in the future.";
  if (now.getUTCFullYear() - date.getUTCFullYear() > 120) return "Check the year of birth.";
  return null;
}

export async function saveEnrollmentDetails(deps: Deps, input: DetailsInput) {
  const current = await editableCase(deps);
  const dobProblem = dateOfBirthProblem(input.dateOfBirth);
  if (dobProblem) throw new AppError("INVALID_STATE", dobProblem, { fieldErrors: { dateOfBirth: [dobProblem] } });
  const [district] = await deps.db
    .select({ id: districts.id })
    .from(districts)
    .where(eq(districts.id, input.districtId))
    .limit(1);
  if (!district)
    throw new AppError("NOT_FOUND", "That district does not exist.", { fieldErrors: { districtId: ["Choose your district."] } });

  const [existing] = await deps.db.select().from(citizenProfiles).where(eq(citizenProfiles.userId, deps.user.id)).limit(1);
  let nid: { nidHash: string; nidKeyVersion: number; nidLast4: string } | null = null;
  if (input.nationalId !== undefined && input.nationalId !== "") {
    const normalised = normaliseNationalId(input.nationalId);
    if (!isPlausibleNationalId(normalised)) {
      const message = "Enter the national ID number as printed on the card: 6 to 20 letters and digits.";
      throw new AppError("INVALID_STATE", message, { fieldErrors: { nationalId: [message] } });
    }
    const digest = digestNationalId(normalised);
    const [taken] = await deps.db
      .select({ id: citizenProfiles.id })
      .from(citizenProfiles)
      .where(and(inArray(citizenProfiles.nidHash, digest.candidates), ne(citizenProfiles.userId, deps.user.id)))
      .limit(1);
    if (taken)
      throw new AppError("NATIONAL_ID_TAKEN", NATIONAL_ID_TAKEN_MESSAGE, {
        fieldErrors: { nationalId: [NATIONAL_ID_TAKEN_MESSAGE] },
      });
    // Re-entering the number also re-keys the profile to the newest key.
    nid = { nidHash: digest.hash, nidKeyVersion: digest.version, nidLast4: digest.last4 };
  } else if (!existing) {
    const message = "Enter your national ID number.";
    throw new AppError("INVALID_STATE", message, { fieldErrors: { nationalId: [message] } });
  }

  const fields = { legalName: input.legalName, dateOfBirth: input.dateOfBirth, districtId: input.districtId };
  try {
    if (existing) {
      await deps.db
        .update(citizenProfiles)
        .set({ ...fields, ...(nid ?? {}), updatedAt: new Date() })
        .where(eq(citizenProfiles.id, existing.id));
    } else {
      await deps.db.insert(citizenProfiles).values({ userId: deps.user.id, ...fields, ...nid! });
    }
  } catch (err) {
    if (uniqueViolation(err))
      throw new AppError("NATIONAL_ID_TAKEN", NATIONAL_ID_TAKEN_MESSAGE, {
        fieldErrors: { nationalId: [NATIONAL_ID_TAKEN_MESSAGE] },
      });
    throw err;
  }
  // Which fields changed, never their values beyond what the person sees anyway; the number
  // appears only as "changed", with its last four characters.
  const changed: Record<string, unknown> = {};
  if (!existing || existing.legalName !== fields.legalName) changed.legalName = true;
  if (!existing || existing.dateOfBirth !== fields.dateOfBirth) changed.dateOfBirth = true;
  if (!existing || existing.districtId !== fields.districtId)
    changed.districtId = { before: existing?.districtId ?? null, after: fields.districtId };
  if (nid && nid.nidHash !== existing?.nidHash)
    changed.nationalId = { changed: true, last4: nid.nidLast4, keyVersion: nid.nidKeyVersion };
  await deps.db
    .update(enrollmentCases)
    .set({ version: sql`${enrollmentCases.version} + 1`, updatedAt: new Date() })
    .where(eq(enrollmentCases.id, current.id));
  deps.audit({
    action: existing ? "CITIZEN_PROFILE_UPDATED" : "CITIZEN_PROFILE_CREATED",
    targetType: "enrollment_case",
    targetId: current.id,
    changes: changed,
  });
  return { ok: true as const };
}

/** Refuses a PDF for anything but proof of address, before any byte is stored. */
export function checkDocumentKind(kind: EnrollmentDocumentKind, format: string): void {
  if (format === "pdf" && kind !== "PROOF_OF_ADDRESS") {
    rejectUpload(
      "UNSUPPORTED_TYPE",
      "The ID card must be a photo or scan (JPEG, PNG or WebP); a PDF is accepted for proof of address only.",
    );
  }
}

/** Checks the case can take a document now (called before the file is stored). */
export async function assertCanAttach(deps: Pick<Deps, "db" | "user">): Promise<EnrollmentCase> {
  return editableCase(deps);
}

/** Files a stored upload as the case's document of `kind`, replacing the previous one. */
export async function attachEnrollmentDocument(deps: Deps, kind: EnrollmentDocumentKind, stored: StoredUpload) {
  const current = await editableCase(deps);
  checkDocumentKind(kind, stored.format);
  const [previous] = await deps.db
    .select()
    .from(enrollmentDocuments)
    .where(and(eq(enrollmentDocuments.caseId, current.id), eq(enrollmentDocuments.kind, kind)))
    .limit(1);
  if (previous) {
    await deps.db
      .update(enrollmentDocuments)
      .set({ assetId: stored.assetId, createdAt: new Date() })
      .where(eq(enrollmentDocuments.id, previous.id));
    await deps.db.update(uploadAssets).set({ status: "DELETED" }).where(eq(uploadAssets.id, previous.assetId));
  } else {
    await deps.db.insert(enrollmentDocuments).values({ caseId: current.id, kind, assetId: stored.assetId });
  }
  await deps.db
    .update(enrollmentCases)
    .set({ version: sql`${enrollmentCases.version} + 1`, updatedAt: new Date() })
    .where(eq(enrollmentCases.id, current.id));
  deps.audit({
    action: "ENROLLMENT_DOCUMENT_ADDED",
    targetType: "enrollment_case",
    targetId: current.id,
    changes: { kind, assetId: stored.assetId, replaced: previous?.assetId ?? null },
  });
  return { kind, assetId: stored.assetId };
}

export async function removeEnrollmentDocument(deps: Deps, kind: EnrollmentDocumentKind) {
  const current = await editableCase(deps);
  const [doc] = await deps.db
    .delete(enrollmentDocuments)
    .where(and(eq(enrollmentDocuments.caseId, current.id), eq(enrollmentDocuments.kind, kind)))
    .returning();
  if (!doc) throw new AppError("NOT_FOUND", `There is no ${DOCUMENT_LABELS[kind].toLowerCase()} to remove.`);
  await deps.db.update(uploadAssets).set({ status: "DELETED" }).where(eq(uploadAssets.id, doc.assetId));
  await deps.db
    .update(enrollmentCases)
    .set({ version: sql`${enrollmentCases.version} + 1`, updatedAt: new Date() })
    .where(eq(enrollmentCases.id, current.id));
  deps.audit({
    action: "ENROLLMENT_DOCUMENT_REMOVED",
    targetType: "enrollment_case",
    targetId: current.id,
    changes: { kind, assetId: doc.assetId },
  });
  return { ok: true as const };
}

export async function submitEnrollment(deps: Deps) {
  const current = await editableCase(deps);
  const [profile] = await deps.db
    .select({ id: citizenProfiles.id })
    .from(citizenProfiles)
    .where(eq(citizenProfiles.userId, deps.user.id))
    .limit(1);
  const docs = await deps.db
    .select({ kind: enrollmentDocuments.kind })
    .from(enrollmentDocuments)
    .where(eq(enrollmentDocuments.caseId, current.id));
  const missing = [
    ...(profile ? [] : ["your details"]),
    ...REQUIRED_DOCUMENTS.filter((k) => !docs.some((d) => d.kind === k)).map((k) => DOCUMENT_LABELS[k].toLowerCase()),
  ];
  if (missing.length > 0) {
    throw new AppError("INVALID_STATE", `Before submitting, add ${missing.join(" and ")}.`, { reason: "INCOMPLETE" });
  }
  const action: EnrollmentAction = current.status === "CHANGES_REQUESTED" ? "resubmit" : "submit";
  const moved = await moveCase(deps.db, current, action, "CITIZEN", { submittedAt: new Date() });
  await openItem(deps.db, { type: "ENROLLMENT_CASE", id: moved.id }, { kind: "SUBMITTED" }, deps.user.id);
  deps.audit({
    action: "ENROLLMENT_SUBMITTED",
    targetType: "enrollment_case",
    targetId: moved.id,
    changes: { status: { before: current.status, after: moved.status } },
  });
  await setKycStatus(deps.db, deps.user.id, "PENDING", deps.audit, moved.id);
  return { id: moved.id, status: moved.status };
}

// ---------------------------------------------------------------- reading

async function documentsOf(db: Database, caseIds: string[]) {
  if (caseIds.length === 0) return [];
  return db
    .select({
      caseId: enrollmentDocuments.caseId,
      kind: enrollmentDocuments.kind,
      id: uploadAssets.id,
      provider: uploadAssets.provider,
      publicId: uploadAssets.publicId,
      format: uploadAssets.format,
      bytes: uploadAssets.bytes,
      width: uploadAssets.width,
      height: uploadAssets.height,
    })
    .from(enrollmentDocuments)
    .innerJoin(uploadAssets, eq(uploadAssets.id, enrollmentDocuments.assetId))
    .where(inArray(enrollmentDocuments.caseId, caseIds));
}

export async function documentViews(db: Database, caseId: string, withUrls: boolean) {
  const rows = await documentsOf(db, [caseId]);
  const order: EnrollmentDocumentKind[] = ["ID_FRONT", "ID_BACK", "PROOF_OF_ADDRESS"];
  return rows
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))
    .map((d) => ({
      kind: d.kind,
      label: DOCUMENT_LABELS[d.kind],
      assetId: d.id,
      format: d.format,
      bytes: d.bytes,
      width: d.width,
      height: d.height,
      url: withUrls ? documentUrl(d) : null,
    }));
}

export async function profileView(db: Database, userId: string) {
  const [p] = await db
    .select({
      legalName: citizenProfiles.legalName,
      dateOfBirth: citizenProfiles.dateOfBirth,
      districtId: citizenProfiles.districtId,
      districtName: districts.name,
      nidLast4: citizenProfiles.nidLast4,
    })
    .from(citizenProfiles)
    .innerJoin(districts, eq(districts.id, citizenProfiles.districtId))
    .where(eq(citizenProfiles.userId, userId))
    .limit(1);
  return p ?? null;
}

export async function caseHistory(db: Database, userId: string) {
  return db
    .select({
      id: enrollmentCases.id,
      status: enrollmentCases.status,
      decisionNote: enrollmentCases.decisionNote,
      createdAt: enrollmentCases.createdAt,
      submittedAt: enrollmentCases.submittedAt,
      decidedAt: enrollmentCases.decidedAt,
      decidedByName: users.displayName,
    })
    .from(enrollmentCases)
    .leftJoin(users, eq(users.id, enrollmentCases.decidedBy))
    .where(eq(enrollmentCases.userId, userId))
    .orderBy(desc(enrollmentCases.createdAt), desc(enrollmentCases.id));
}

/** Everything the Identity page shows its own person. */
export async function myEnrollment(deps: Pick<Deps, "db" | "user">) {
  const [me] = await deps.db.select({ kycStatus: users.kycStatus }).from(users).where(eq(users.id, deps.user.id)).limit(1);
  const history = await caseHistory(deps.db, deps.user.id);
  const latest = history[0] ?? null;
  const open = latest && !CLOSED_STATUSES.includes(latest.status) ? latest : null;
  const startable = check("enrollment.start", { role: deps.user.role, kycStatus: me!.kycStatus }, null).allow;
  return {
    kycStatus: me!.kycStatus,
    canStart: startable && !open,
    current: latest
      ? {
          id: latest.id,
          status: latest.status,
          editable: EDITABLE_STATUSES.includes(latest.status),
          decisionNote: latest.decisionNote,
          submittedAt: latest.submittedAt,
          decidedAt: latest.decidedAt,
          documents: await documentViews(deps.db, latest.id, true),
        }
      : null,
    profile: await profileView(deps.db, deps.user.id),
    history: history.map(({ decidedByName: _hidden, ...h }) => h),
    /** The person's global alias (issued at approval): their reference for support. */
    reference: me!.kycStatus === "VERIFIED" ? await issuedGlobalAlias(deps.db, deps.user.id) : null,
  };
}
