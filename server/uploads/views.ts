// What the uploads procedures send out.
import { z } from "zod";

/** A stored file (a photo, or an enrollment document, which may be a PDF with no pixel size). */
export const storedUploadView = z.object({
  assetId: z.string().uuid(),
  url: z.string(),
  format: z.string(),
  bytes: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
});

/** Signed parameters for a direct browser upload to Cloudinary (the API secret never leaves). */
export const signedUploadView = z.object({
  cloudName: z.string(),
  apiKey: z.string(),
  uploadUrl: z.string(),
  params: z.object({ timestamp: z.number().int(), folder: z.string(), allowed_formats: z.string() }),
  signature: z.string(),
});

export const widgetSignatureView = z.object({ signature: z.string() });
