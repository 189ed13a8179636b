// An enrollment case as stored: the open case of a person, moves by the transition table, and the
// KYC status that follows a decision. The steps people take live beside it, one file per step.
import { and, eq, notInArray, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { enrollmentCases, type EnrollmentCase } from "@/db/schema/identity";
import type { EnrollmentDocumentKind, KycStatus } from "@/db/schema/values";
import type { AuditFn } from "@/server/audit";
import type { Deps } from "@/server/context";
import { AppError } from "@/server/errors";
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

export async function editableCase(deps: Pick<Deps, "db" | "user">): Promise<EnrollmentCase> {
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
