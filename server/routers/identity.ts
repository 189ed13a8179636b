// identity: a traveler's or host's own enrollment (details, documents, submit), the reviewer's view
// of a case held in the queue, and admins' reading of a person's enrollment history.
// The national ID number is accepted by saveDetails only, and no output schema has a field for it.
import { z } from "zod";
import { KYC_STATUSES, ROLES } from "@/db/schema/values";
import { caseForReview } from "@/server/identity/moderation";
import {
  assertCanAttach,
  attachEnrollmentDocument,
  checkDocumentKind,
  removeEnrollmentDocument,
} from "@/server/identity/enrollment-documents";
import { myEnrollment } from "@/server/identity/enrollment-views";
import { saveEnrollmentDetails, startEnrollment } from "@/server/identity/enrollment-details";
import { submitEnrollment } from "@/server/identity/submit-enrollment";
import { enrollmentHistoryOf } from "@/server/identity/history";
import { registerCloudinaryDocument, requireCloudinary, signDocumentUpload } from "@/server/uploads/cloudinary";
import { storeLocalUpload } from "@/server/uploads/local";
import { isPdf } from "@/server/uploads/pdf";
import { audited, auditedHasRole, hasRole, router } from "@/server/trpc";
import { strictInput, text } from "@/server/validation";
import { ADMINS, CITIZENS, MODERATORS } from "@/server/policy/roles";

import {
  kind,
  status,
  documentForm,
  documentView,
  profileView,
  historyRow,
  cloudinaryDocument,
  attached,
} from "@/server/identity/schemas";

export const identityRouter = router({
  /** The Identity page: KYC status, the current case with its documents, the profile (last four only), history. */
  mine: hasRole(CITIZENS)
    .output(
      z.object({
        kycStatus: z.enum(KYC_STATUSES),
        canStart: z.boolean(),
        current: z
          .object({
            id: z.string().uuid(),
            status,
            editable: z.boolean(),
            decisionNote: z.string().nullable(),
            submittedAt: z.date().nullable(),
            decidedAt: z.date().nullable(),
            documents: z.array(documentView),
          })
          .nullable(),
        profile: profileView,
        history: z.array(historyRow),
        /** The person's own Tessera reference (their global alias), once verified; never shown to an organization. */
        reference: z.string().nullable(),
      }),
    )
    .query(({ ctx }) => myEnrollment(ctx)),

  start: auditedHasRole(CITIZENS)
    .output(z.object({ id: z.string().uuid(), status }))
    .mutation(async ({ ctx }) => {
      const row = await startEnrollment(ctx);
      return { id: row.id, status: row.status };
    }),

  saveDetails: auditedHasRole(CITIZENS)
    .input(
      strictInput({
        legalName: text(120, 2, "Enter your full legal name, as on your ID card."),
        dateOfBirth: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date of birth as a date."),
        districtId: z.string().uuid("Choose your district."),
        /** Only ever hashed; left out (or empty) to keep the number already given. */
        nationalId: z.string().max(40, "A national ID number has at most 20 letters and digits.").optional(),
      }),
    )
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) => saveEnrollmentDetails(ctx, input)),

  /** LOCAL: one document as multipart form data (`file`, `kind`), read and checked before the transaction opens. */
  uploadDocument: hasRole(CITIZENS)
    .input(documentForm)
    .meta({ audited: true })
    .use(audited)
    .output(attached)
    .mutation(async ({ ctx, input }) => {
      await assertCanAttach(ctx);
      const head = Buffer.from(await input.file.slice(0, 8).arrayBuffer());
      checkDocumentKind(input.kind, isPdf(head) ? "pdf" : "image");
      const stored = await storeLocalUpload(ctx, { file: input.file, purpose: "ENROLLMENT_DOCUMENT" });
      return attachEnrollmentDocument(ctx, input.kind, stored);
    }),

  /** CLOUDINARY: signed parameters for a private (authenticated) document upload. */
  signDocumentUpload: hasRole(CITIZENS)
    .output(
      z.object({
        cloudName: z.string(),
        apiKey: z.string(),
        uploadUrl: z.string(),
        params: z.object({ timestamp: z.number(), folder: z.string(), type: z.string(), allowed_formats: z.string() }),
        signature: z.string(),
      }),
    )
    .query(() => signDocumentUpload(requireCloudinary())),

  /** CLOUDINARY: files a private upload as a document after checking its signature and the rules. */
  registerCloudinaryDocument: auditedHasRole(CITIZENS)
    .input(cloudinaryDocument)
    .output(attached)
    .mutation(async ({ ctx, input }) => {
      const settings = requireCloudinary();
      await assertCanAttach(ctx);
      const { kind: k, ...result } = input;
      checkDocumentKind(k, result.format.toLowerCase() === "pdf" ? "pdf" : "image");
      const stored = await registerCloudinaryDocument(ctx, settings, result);
      return attachEnrollmentDocument(ctx, k, stored);
    }),

  removeDocument: auditedHasRole(CITIZENS)
    .input(strictInput({ kind }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) => removeEnrollmentDocument(ctx, input.kind)),

  submit: auditedHasRole(CITIZENS)
    .output(z.object({ id: z.string().uuid(), status }))
    .mutation(({ ctx }) => submitEnrollment(ctx)),

  /** The case of a queue item for its reviewer: personal details and documents only while the caller holds the item. */
  review: hasRole(MODERATORS)
    .input(strictInput({ itemId: z.string().uuid() }))
    .output(
      z.object({
        caseId: z.string().uuid(),
        status,
        submittedAt: z.date().nullable(),
        decisionNote: z.string().nullable(),
        holding: z.boolean(),
        person: z.object({
          displayName: z.string(),
          role: z.enum(ROLES),
          districtName: z.string().nullable(),
          kycStatus: z.enum(KYC_STATUSES),
          createdAt: z.date(),
        }),
        profile: profileView,
        documents: z.array(documentView),
        earlierCases: z.array(
          z.object({ id: z.string().uuid(), status, decidedAt: z.date().nullable(), decisionNote: z.string().nullable() }),
        ),
      }),
    )
    .query(({ ctx, input }) => caseForReview(ctx, input.itemId)),

  /** Admins: a person's KYC status and every enrollment case, within their region (no national ID). */
  historyOf: hasRole(ADMINS)
    .input(strictInput({ userId: z.string().uuid() }))
    .output(
      z.object({
        userId: z.string().uuid(),
        kycStatus: z.enum(KYC_STATUSES),
        cases: z.array(historyRow.extend({ decidedByName: z.string().nullable() })),
      }),
    )
    .query(({ ctx, input }) => enrollmentHistoryOf(ctx, input.userId)),
});
