// A person attaches and removes the papers of their open case (never a face photo).
import { and, eq, sql } from "drizzle-orm";
import { enrollmentCases, enrollmentDocuments, type EnrollmentCase } from "@/db/schema/identity";
import { uploadAssets } from "@/db/schema/uploads";
import type { EnrollmentDocumentKind } from "@/db/schema/values";
import type { Deps } from "@/server/context";
import { AppError } from "@/server/errors";
import type { StoredUpload } from "@/server/uploads/local";
import { rejectUpload } from "@/server/uploads/rules";
import { editableCase, DOCUMENT_LABELS } from "./cases";

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
