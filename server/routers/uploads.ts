// uploads: hosts store listing photos, on disk (LOCAL) or through Cloudinary (signed browser
// uploads, registered after their signature is checked). Enrollment documents come later; the
// purpose parameter is already here and refused until then.
import { z } from "zod";
import { UPLOAD_PURPOSES } from "@/db/schema/values";
import { audited, auditedHasRole, hasRole, router } from "@/server/trpc";
import { int32, strictInput } from "@/server/validation";
import { signedUploadView, storedUploadView, widgetSignatureView } from "@/server/uploads/views";
import { registerCloudinaryUpload, requireCloudinary, signUpload, signWidgetParams } from "@/server/uploads/cloudinary";
import { storeLocalUpload } from "@/server/uploads/local";
import { HOSTS } from "@/server/policy/roles";

// Enrollment documents are uploaded through identity.uploadDocument, which files them in the case.
const purpose = z
  .enum(UPLOAD_PURPOSES, { error: "Unknown upload purpose." })
  .refine((p) => p === "LISTING_MEDIA", "Identity documents are uploaded from the Identity page.")
  .transform((p) => p as "LISTING_MEDIA")
  .default("LISTING_MEDIA");

/** A multipart form with one `file` and an optional `purpose`; nothing else. */
const formUpload = z
  .instanceof(FormData, { error: "Send the photo as a multipart form." })
  .transform((form, ctx) => {
    const unknown = [...new Set(form.keys())].filter((k) => k !== "file" && k !== "purpose");
    if (unknown.length > 0) {
      ctx.addIssue({ code: "custom", message: `Unexpected field(s): ${unknown.join(", ")}.` });
      return z.NEVER;
    }
    if (form.getAll("file").length > 1) {
      ctx.addIssue({ code: "custom", path: ["file"], message: "Upload one photo at a time." });
      return z.NEVER;
    }
    const fields: Record<string, unknown> = { file: form.get("file"), purpose: form.get("purpose") ?? undefined };
    return fields;
  })
  .pipe(
    z.object({
      file: z.instanceof(Blob, { error: "Choose a photo to upload." }),
      purpose,
    }),
  );

const cloudinaryResult = strictInput({
  purpose,
  public_id: z.string().min(1).max(255),
  version: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  signature: z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, "Not a Cloudinary signature."),
  format: z.string().min(1).max(10),
  bytes: int32().nonnegative(),
  width: int32().nonnegative(),
  height: int32().nonnegative(),
  secure_url: z.string().url().max(1000),
  resource_type: z.string().max(20),
});

export const uploadsRouter = router({
  /**
   * LOCAL: one photo as multipart form data (`file`, optional `purpose`). The form is read and
   * checked before the audited transaction opens, so a slow upload holds no database connection.
   */
  uploadLocal: hasRole(HOSTS)
    .input(formUpload)
    .meta({ audited: true })
    .use(audited)
    .output(storedUploadView)
    .mutation(({ ctx, input }) => storeLocalUpload(ctx, input)),

  /** CLOUDINARY: signed parameters for a direct browser upload to `uploadUrl`. */
  signCloudinary: hasRole(HOSTS)
    .input(strictInput({ purpose }).optional())
    .output(signedUploadView)
    .query(({ input }) => signUpload(requireCloudinary(), input?.purpose ?? "LISTING_MEDIA")),

  /** CLOUDINARY: the signature next-cloudinary's upload widget asks for (via /api/uploads/cloudinary-signature). */
  signCloudinaryParams: hasRole(HOSTS)
    .input(
      strictInput({
        purpose,
        paramsToSign: z.record(z.string().max(64), z.union([z.string().max(500), z.number()])),
      }),
    )
    .output(widgetSignatureView)
    .query(({ input }) => ({ signature: signWidgetParams(requireCloudinary(), input.paramsToSign, input.purpose) })),

  /** CLOUDINARY: registers an upload result after checking Cloudinary's signature and the rules. */
  registerCloudinary: auditedHasRole(HOSTS)
    .input(cloudinaryResult)
    .output(storedUploadView)
    .mutation(({ ctx, input }) => {
      const { purpose: p, ...result } = input;
      return registerCloudinaryUpload(ctx, requireCloudinary(), result, p);
    }),
});
