// Reading enrollment: a case's documents, the profile, the history, and a person's own view of it.
import { desc, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { districts } from "@/db/schema/geography";
import { citizenProfiles, enrollmentCases, enrollmentDocuments } from "@/db/schema/identity";
import { uploadAssets } from "@/db/schema/uploads";
import type { EnrollmentDocumentKind } from "@/db/schema/values";
import type { Deps } from "@/server/context";
import { check } from "@/server/policy/authorize";
import { issuedGlobalAlias } from "@/server/verification/aliases";
import { documentUrl } from "./documents";
import { CLOSED_STATUSES, EDITABLE_STATUSES } from "./transitions";
import { DOCUMENT_LABELS } from "./cases";

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
