// Who may see an enrollment document, and the address each viewer gets for it: LOCAL files through
// the authorised route (/api/uploads/<id>, no-store), Cloudinary files through a download URL that
// is signed for this view and expires within minutes.
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { enrollmentCases, enrollmentDocuments } from "@/db/schema/identity";
import { moderationItems } from "@/db/schema/moderation";
import type { UploadAsset } from "@/db/schema/uploads";
import { check } from "@/server/policy/authorize";
import type { Role } from "@/server/policy/roles";
import { CLAIM_LAPSES_AFTER_MS } from "@/server/moderation/queue";
import { signedDocumentUrl } from "@/server/uploads/cloudinary";
import { localUrl } from "@/server/uploads/local";
import { cloudinarySettings } from "@/server/uploads/provider";

/** The moderator holding a case's open queue item (claimed, claim not lapsed), or null. */
export async function caseHolder(db: Database, caseId: string): Promise<string | null> {
  const lapsedBefore = new Date(Date.now() - CLAIM_LAPSES_AFTER_MS).toISOString();
  const [item] = await db
    .select({ claimedBy: moderationItems.claimedBy })
    .from(moderationItems)
    .where(
      and(
        eq(moderationItems.targetType, "ENROLLMENT_CASE"),
        eq(moderationItems.targetId, caseId),
        eq(moderationItems.status, "OPEN"),
        sql`${moderationItems.claimedAt} >= ${lapsedBefore}::timestamptz`,
      ),
    )
    .limit(1);
  return item?.claimedBy ?? null;
}

/** Whether `viewer` may see this ENROLLMENT_DOCUMENT asset (rule enrollment.viewDocument). */
export async function mayViewEnrollmentDocument(
  db: Database,
  viewer: { id: string; role: Role },
  asset: UploadAsset,
): Promise<boolean> {
  if (viewer.id === asset.ownerId) return true;
  const [doc] = await db
    .select({ caseId: enrollmentDocuments.caseId, ownerId: enrollmentCases.userId })
    .from(enrollmentDocuments)
    .innerJoin(enrollmentCases, eq(enrollmentCases.id, enrollmentDocuments.caseId))
    .where(eq(enrollmentDocuments.assetId, asset.id))
    .limit(1);
  if (!doc) return false;
  return check("enrollment.viewDocument", viewer, { ownerId: doc.ownerId, holderId: await caseHolder(db, doc.caseId) }).allow;
}

/** The address a permitted viewer opens the document at. */
export function documentUrl(asset: Pick<UploadAsset, "id" | "provider" | "publicId" | "format">, now = new Date()): string {
  if (asset.provider === "LOCAL") return localUrl(asset.id);
  const settings = cloudinarySettings();
  // Without the settings the file cannot be signed for; the page shows it as unavailable.
  return settings ? signedDocumentUrl(settings, asset.publicId, asset.format, now) : "";
}
