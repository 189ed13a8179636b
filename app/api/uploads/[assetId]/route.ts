// Serves LOCAL uploads: to anyone when the photo belongs to an approved listing, otherwise only
// to its owner, moderators and admins; 404 for everything else (see server/uploads/access.ts).
import { createContext } from "@/server/context";
import { serveUpload } from "@/server/uploads/access";

export async function GET(req: Request, { params }: { params: Promise<{ assetId: string }> }) {
  const { assetId } = await params;
  const ctx = await createContext(req.headers);
  return serveUpload(ctx.db, ctx.user, assetId, req.headers);
}
