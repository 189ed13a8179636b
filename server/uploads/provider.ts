// Which storage provider holds uploads, chosen by settings: CLOUDINARY when its three settings are
// present, LOCAL (files on disk, served by an authorised route) otherwise.
import path from "node:path";
import { env } from "@/server/env";

export type UploadProvider = "LOCAL" | "CLOUDINARY";

export interface CloudinarySettings {
  cloudName: string;
  apiKey: string;
  apiSecret: string;
}

/** The Cloudinary settings when all three are set, else null. Read per call (tests change them). */
export function cloudinarySettings(): CloudinarySettings | null {
  const { CLOUDINARY_CLOUD_NAME: cloudName, CLOUDINARY_API_KEY: apiKey, CLOUDINARY_API_SECRET: apiSecret } = env;
  return cloudName && apiKey && apiSecret ? { cloudName, apiKey, apiSecret } : null;
}

/** For pages: which upload flow the browser should use. */
export function uploadProvider(): UploadProvider {
  return cloudinarySettings() ? "CLOUDINARY" : "LOCAL";
}

/** The LOCAL provider's folder, absolute. */
export function localUploadsDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), env.UPLOADS_DIR);
}
