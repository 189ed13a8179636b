// verification, for travelers (and hosts): consent, answer requests, show wallet tokens, read and
// dispute their history.
import { z } from "zod";
import { ORGANIZATION_STATUSES } from "@/db/schema/values";
import { CITIZENS } from "@/server/policy/roles";
import { auditedHasRole, hasRole } from "@/server/trpc";
import { strictInput } from "@/server/validation";
import { CONSENT_MAX_DAYS, grantConsent, myConsents, revokeConsent } from "@/server/verification/consents";
import { disputeVerification, myVerificationHistory } from "@/server/verification/history";
import { issueToken } from "@/server/verification/issue";
import { consentableOrganizations } from "@/server/verification/organizations";
import { claimRequest, myRequests, respondToRequest } from "@/server/verification/requests";
import { id, scope, scopes, ok, requestStatus, travelerEventView, tokenView } from "@/server/verification/views";

export const citizensProcedures = {
  consentableOrganizations: hasRole(CITIZENS)
    .output(z.array(z.object({ id, name: z.string(), scopePolicy: z.array(scope) })))
    .query(({ ctx }) => consentableOrganizations(ctx.db)),

  consents: hasRole(CITIZENS)
    .output(
      z.array(
        z.object({
          id,
          organizationId: id,
          organizationName: z.string(),
          organizationStatus: z.enum(ORGANIZATION_STATUSES),
          scopes: z.array(scope),
          effectiveScopes: z.array(scope),
          expiresAt: z.date(),
          revokedAt: z.date().nullable(),
          grantedAt: z.date(),
          state: z.enum(["ACTIVE", "REVOKED", "EXPIRED"]),
        }),
      ),
    )
    .query(({ ctx }) => myConsents(ctx)),

  grantConsent: auditedHasRole(CITIZENS)
    .input(
      strictInput({
        organizationId: z.string().uuid("Choose an organization."),
        scopes: scopes.min(1, "Choose at least one thing to share."),
        days: z.number().int().min(1, "At least 1 day.").max(CONSENT_MAX_DAYS, `At most ${CONSENT_MAX_DAYS} days.`),
      }),
    )
    .output(z.object({ id, expiresAt: z.date() }))
    .mutation(({ ctx, input }) => grantConsent(ctx, input)),

  revokeConsent: auditedHasRole(CITIZENS)
    .input(strictInput({ organizationId: id }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await revokeConsent(ctx, input);
      return { ok: true as const };
    }),

  walletToken: auditedHasRole(CITIZENS)
    .input(strictInput({ organizationId: id }))
    .output(tokenView)
    .mutation(({ ctx, input }) => issueToken(ctx, input)),

  myRequests: hasRole(CITIZENS)
    .output(
      z.array(
        z.object({
          id,
          organizationId: id,
          organizationName: z.string(),
          scopes: z.array(scope),
          note: z.string().nullable(),
          status: requestStatus,
          expiresAt: z.date(),
          createdAt: z.date(),
        }),
      ),
    )
    .query(({ ctx }) => myRequests(ctx)),

  claimRequest: auditedHasRole(CITIZENS)
    .input(
      strictInput({
        code: z
          .string()
          .trim()
          .regex(/^[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}$/, "A request code looks like ABCD-EFGH."),
      }),
    )
    .output(z.object({ id }))
    .mutation(({ ctx, input }) => claimRequest(ctx, input)),

  respondToRequest: auditedHasRole(CITIZENS)
    .input(strictInput({ requestId: id, approve: z.boolean(), days: z.number().int().min(1).max(CONSENT_MAX_DAYS).optional() }))
    .output(z.object({ status: z.enum(["APPROVED", "DECLINED"]), token: z.string().nullable(), expiresAt: z.date().nullable() }))
    .mutation(({ ctx, input }) => respondToRequest(ctx, input)),

  myHistory: hasRole(CITIZENS)
    .output(z.array(travelerEventView))
    .query(({ ctx }) => myVerificationHistory(ctx)),

  dispute: auditedHasRole(CITIZENS)
    .input(strictInput({ eventId: id }))
    .output(z.object({ consentRevoked: z.boolean() }))
    .mutation(({ ctx, input }) => disputeVerification(ctx, input)),
};
