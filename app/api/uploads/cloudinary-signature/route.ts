// next-cloudinary's CldUploadWidget `signatureEndpoint`: POST {paramsToSign} → {signature}.
// Policy and validation stay in tRPC: this only adapts the widget's request to
// uploads.signCloudinaryParams, called as the signed-in user.
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { createContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { createCaller } from "@/server/root";
import { BodyTooLarge, readBodyLimited, tooLargeResponse } from "@/server/http/limits";
import { crossSiteProblem, crossSiteResponse } from "@/server/http/origin";

function failure(status: number, message: string, reason: string | null = null) {
  return Response.json({ error: { message, reason } }, { status, headers: { "Cache-Control": "no-store" } });
}

export async function POST(req: Request) {
  if (crossSiteProblem(req.headers)) return crossSiteResponse();
  if (!req.headers.get("content-type")?.startsWith("application/json")) return failure(415, "Send JSON.");
  let body: unknown;
  try {
    // Parameters to sign are a few hundred bytes: 64 KB is plenty, counted as the bytes arrive.
    body = JSON.parse(new TextDecoder().decode((await readBodyLimited(req, 64 * 1024)) ?? new Uint8Array()));
  } catch (err) {
    if (err instanceof BodyTooLarge) return tooLargeResponse();
    return failure(400, "The request body is not JSON.");
  }
  const paramsToSign = (body as { paramsToSign?: unknown } | null)?.paramsToSign;
  try {
    const caller = createCaller(await createContext(req.headers));
    const { signature } = await caller.uploads.signCloudinaryParams({
      paramsToSign: paramsToSign as Record<string, string | number>,
    });
    return Response.json({ signature }, { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    if (err instanceof TRPCError) {
      const app = err.cause instanceof AppError ? err.cause : null;
      const status = getHTTPStatusCodeFromError(err);
      const message = app
        ? app.message
        : status === 400
          ? "The parameters to sign are not valid."
          : status >= 500
            ? "Something went wrong on our side."
            : err.message;
      return failure(status, message, app?.reason ?? null);
    }
    console.error("cloudinary-signature failed:", err);
    return failure(500, "Something went wrong on our side.");
  }
}
