// Serves LOCAL uploads and their responsive WebP variants (`?size=card|large`): to anyone when the
// photo belongs to an approved listing; enrollment documents to their owner and the moderator
// holding the case (each such view audited); other files to their owner, moderators and admins; 404
// for everything else (server/uploads/access.ts).
import { actorOf, createContext } from "@/server/context";
import { appendAuditEvents } from "@/server/audit";
import { serveUpload } from "@/server/uploads/access";
import { VARIANTS, type VariantName } from "@/server/uploads/image";

export async function GET(req: Request, { params }: { params: Promise<{ assetId: string }> }) {
  const { assetId } = await params;
  // `?size=card|large`: a responsive WebP variant; any other size is no file of ours.
  const size = new URL(req.url).searchParams.get("size");
  if (size !== null && !Object.hasOwn(VARIANTS, size)) return new Response("Not found", { status: 404 });
  const ctx = await createContext(req.headers);
  return serveUpload(ctx.db, ctx.user, assetId, req.headers, (size as VariantName | null) ?? undefined, async (asset) => {
    await appendAuditEvents(ctx.db, actorOf(ctx), [
      { action: "ENROLLMENT_DOCUMENT_VIEWED", targetType: "upload_asset", targetId: asset.id },
    ]);
  });
}
