// verification, for verifier staff: verify tokens, ask travelers, read their organization's history;
// org admins manage members and staff invites.
import { z } from "zod";
import { ORG_ROLES } from "@/db/schema/values";
import { env } from "@/server/env";
import { VERIFIER_STAFF } from "@/server/policy/roles";
import { auditedHasRole, hasRole } from "@/server/trpc";
import { strictInput, text } from "@/server/validation";
import { organizationHistory } from "@/server/verification/history";
import { inviteStaff, listMembers, listStaffInvites, revokeStaffInvite, setMemberRole } from "@/server/verification/members";
import { myOrganization } from "@/server/verification/organizations";
import { createRequest, organizationRequests } from "@/server/verification/requests";
import { verifyPresentedToken } from "@/server/verification/verify";
import {
  id,
  scope,
  scopes,
  ok,
  myOrganizationView,
  verificationResult,
  requestStatus,
  orgEventView,
  inviteState,
} from "@/server/verification/views";

export const staffProcedures = {
  myOrganization: hasRole(VERIFIER_STAFF)
    .output(myOrganizationView)
    .query(({ ctx }) => myOrganization(ctx)),

  verify: auditedHasRole(VERIFIER_STAFF)
    .input(
      strictInput({ token: z.string().trim().min(1, "Paste or scan a token.").max(4096, "This is too long to be a token.") }),
    )
    .output(verificationResult)
    .mutation(({ ctx, input }) => verifyPresentedToken(ctx, input)),

  history: hasRole(VERIFIER_STAFF)
    .output(z.array(orgEventView))
    .query(({ ctx }) => organizationHistory(ctx)),

  createRequest: auditedHasRole(VERIFIER_STAFF)
    .input(
      strictInput({
        scopes: scopes.min(1, "Choose at least one thing to ask for."),
        subject: z
          .string()
          .trim()
          .max(120)
          .regex(/^[A-Za-z2-7]*$/, "A traveler reference is letters A–Z and digits 2–7.")
          .optional(),
        note: text(200).optional(),
      }),
    )
    .output(z.object({ id, code: z.string(), expiresAt: z.date() }))
    .mutation(({ ctx, input }) => createRequest(ctx, { ...input, subject: input.subject || undefined })),

  requests: hasRole(VERIFIER_STAFF)
    .output(
      z.array(
        z.object({
          id,
          scopes: z.array(scope),
          code: z.string(),
          note: z.string().nullable(),
          status: requestStatus,
          expiresAt: z.date(),
          createdAt: z.date(),
          respondedAt: z.date().nullable(),
          requestedByName: z.string(),
          subject: z.string().nullable(),
        }),
      ),
    )
    .query(({ ctx }) => organizationRequests(ctx)),

  members: hasRole(VERIFIER_STAFF)
    .output(
      z.array(
        z.object({
          userId: id,
          displayName: z.string(),
          email: z.string().nullable(),
          status: z.string(),
          orgRole: z.enum(ORG_ROLES),
          joinedAt: z.date(),
        }),
      ),
    )
    .query(({ ctx }) => listMembers(ctx)),

  setMemberRole: auditedHasRole(VERIFIER_STAFF)
    .input(strictInput({ userId: id, orgRole: z.enum(ORG_ROLES) }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await setMemberRole(ctx, input);
      return { ok: true as const };
    }),

  inviteStaff: auditedHasRole(VERIFIER_STAFF)
    .input(
      strictInput({
        orgRole: z.enum(ORG_ROLES),
        maxUses: z.number().int().min(1, "At least 1 use.").max(50, "At most 50 uses."),
        expiresInDays: z.number().int().min(1, "At least 1 day.").max(30, "At most 30 days."),
        note: text(200).optional(),
      }),
    )
    .output(z.object({ id, code: z.string(), signupUrl: z.string(), expiresAt: z.date() }))
    .mutation(({ ctx, input }) => inviteStaff(ctx, input, env.APP_URL)),

  staffInvites: hasRole(VERIFIER_STAFF)
    .output(
      z.array(
        z.object({
          id,
          codeHint: z.string(),
          orgRole: z.enum(ORG_ROLES),
          maxUses: z.number(),
          uses: z.number(),
          expiresAt: z.date(),
          isActive: z.boolean(),
          note: z.string().nullable(),
          createdAt: z.date(),
          state: inviteState,
        }),
      ),
    )
    .query(({ ctx }) => listStaffInvites(ctx)),

  revokeStaffInvite: auditedHasRole(VERIFIER_STAFF)
    .input(strictInput({ inviteId: id }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await revokeStaffInvite(ctx, input.inviteId);
      return { ok: true as const };
    }),
};
