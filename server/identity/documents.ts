// Who may see an enrollment document, and the address each viewer gets for it: LOCAL files through
// the authorised route (/api/uploads/<id>, no-store), Cloudinary files through a download URL that
// is signed for this view and expires within minutes.
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { enrollmentDocuments } from "@/db/schema/identity";
import type { UploadAsset } from "@/db/schema/uploads";
import { holderOf } from "@/server/moderation/claims";
import { signedDocumentUrl } from "@/server/uploads/cloudinary";
import { localUrl } from "@/server/uploads/local";
import { cloudinarySettings } from "@/server/uploads/provider";

/** The moderator holding a case's open queue item (claimed, claim not lapsed), or null. */
export function caseHolder(db: Database, caseId: string): Promise<string | null> {
  return holderOf(db, "ENROLLMENT_CASE", caseId);
}

/** The moderator holding the case that this ENROLLMENT_DOCUMENT asset belongs to, or null. */
export async function documentCaseHolder(db: Database, assetId: string): Promise<string | null> {
  const [doc] = await db
    .select({ caseId: enrollmentDocuments.caseId })
    .from(enrollmentDocuments)
    .where(eq(enrollmentDocuments.assetId, assetId))
    .limit(1);
  return doc ? caseHolder(db, doc.caseId) : null;
}

/** The address a permitted viewer opens the document at. */
export function documentUrl(asset: Pick<UploadAsset, "id" | "provider" | "publicId" | "format">, now = new Date()): string {
  if (asset.provider === "LOCAL") return localUrl(asset.id);
  const settings = cloudinarySettings();
  // Without the settings the file cannot be signed for; the page shows it as unavailable.
  return settings ? signedDocumentUrl(settings, asset.publicId, asset.format, now) : "";
}
