// verification: admins govern organizations; verifier staff verify tokens, ask travelers, read their
// organization's history, and (org admins) manage members; travelers consent, answer requests,
// show wallet tokens, and read and dispute their history. Bodies only delegate.
import { z } from "zod";
import {
  CONSENT_SCOPES,
  ORG_ROLES,
  ORGANIZATION_STATUSES,
  VERIFICATION_OUTCOMES,
  VERIFICATION_REASONS,
  VERIFICATION_REQUEST_STATUSES,
} from "@/db/schema/values";
import { env } from "@/server/env";
import { ADMINS, CITIZENS, VERIFIER_STAFF } from "@/server/policy/roles";
import { auditedHasRole, hasRole, router } from "@/server/trpc";
import { strictInput, text } from "@/server/validation";
import { CONSENT_MAX_DAYS, grantConsent, myConsents, revokeConsent } from "@/server/verification/consents";
import { disputeVerification, myVerificationHistory, organizationHistory } from "@/server/verification/history";
import { issueToken } from "@/server/verification/issue";
import { inviteStaff, listMembers, listStaffInvites, revokeStaffInvite, setMemberRole } from "@/server/verification/members";
import {
  consentableOrganizations,
  createOrganization,
  listOrganizations,
  myOrganization,
  setOrganizationPolicy,
  setOrganizationRegions,
  setOrganizationStatus,
} from "@/server/verification/organizations";
import { claimRequest, createRequest, myRequests, organizationRequests, respondToRequest } from "@/server/verification/requests";
import { verifyPresentedToken } from "@/server/verification/verify";

const id = z.string().uuid();
const scope = z.enum(CONSENT_SCOPES);
const scopes = z.array(scope).max(CONSENT_SCOPES.length);
const ok = z.object({ ok: z.literal(true) });

// ---------------------------------------------------------------- output schemas
const organizationAdminView = z.object({
  id,
  name: z.string(),
  status: z.enum(ORGANIZATION_STATUSES),
  scopePolicy: z.array(scope),
  regionId: id,
  regionName: z.string(),
  servedRegions: z.array(z.object({ id, name: z.string() })),
  /** Whether the caller may move it or let it serve further regions (super admins). */
  regionsEditable: z.boolean(),
  createdAt: z.date(),
  memberCount: z.number(),
});
const myOrganizationView = z
  .object({
    id,
    name: z.string(),
    status: z.enum(ORGANIZATION_STATUSES),
    scopePolicy: z.array(scope),
    orgRole: z.enum(ORG_ROLES),
  })
  .nullable();
const attribute = z.object({ scope, label: z.string(), value: z.union([z.string(), z.boolean()]) });
const verificationResult = z.discriminatedUnion("outcome", [
  z.object({
    outcome: z.literal("VERIFIED"),
    eventId: id,
    checkedAt: z.date(),
    subject: z.string(),
    attributes: z.array(attribute),
  }),
  z.object({
    outcome: z.literal("REFUSED"),
    eventId: id,
    checkedAt: z.date(),
    reason: z.enum(VERIFICATION_REASONS),
    title: z.string(),
    message: z.string(),
  }),
]);
const requestStatus = z.enum([...VERIFICATION_REQUEST_STATUSES, "EXPIRED"]);
const orgEventView = z.object({
  id,
  staffName: z.string(),
  outcome: z.enum(VERIFICATION_OUTCOMES),
  reasonCode: z.enum(VERIFICATION_REASONS).nullable(),
  disclosedScopes: z.array(scope),
  subject: z.string().nullable(),
  createdAt: z.date(),
});
const travelerEventView = z.object({
  id,
  organizationId: id,
  organizationName: z.string(),
  outcome: z.enum(VERIFICATION_OUTCOMES),
  reasonCode: z.enum(VERIFICATION_REASONS).nullable(),
  disclosedScopes: z.array(scope),
  disputedAt: z.date().nullable(),
  createdAt: z.date(),
});
const inviteState = z.enum(["ACTIVE", "USED_UP", "EXPIRED", "REVOKED"]);
const tokenView = z.object({
  token: z.string(),
  expiresAt: z.date(),
  ttlSeconds: z.number(),
  organizationName: z.string(),
  scopes: z.array(scope),
});

export const verificationRouter = router({
  // ---------------------------------------------------------------- admins: organizations
  organizations: hasRole(ADMINS)
    .output(z.array(organizationAdminView))
    .query(({ ctx }) => listOrganizations(ctx)),

  createOrganization: auditedHasRole(ADMINS)
    .input(
      strictInput({
        name: text(120, 2, "A name of at least 2 characters."),
        scopePolicy: scopes,
        /** Required of a super admin; an admin's organization is of their own region. */
        regionId: id.optional(),
      }),
    )
    .output(z.object({ id }))
    .mutation(({ ctx, input }) => createOrganization(ctx, input)),

  setOrganizationStatus: auditedHasRole(ADMINS)
    .input(strictInput({ organizationId: id, status: z.enum(ORGANIZATION_STATUSES) }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await setOrganizationStatus(ctx, input);
      return { ok: true as const };
    }),

  setOrganizationPolicy: auditedHasRole(ADMINS)
    .input(strictInput({ organizationId: id, scopePolicy: scopes }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await setOrganizationPolicy(ctx, input);
      return { ok: true as const };
    }),

  // Admins reach the rule, which refuses anyone but a super admin with a reason they can read.
  setOrganizationRegions: auditedHasRole(ADMINS)
    .input(strictInput({ organizationId: id, regionId: id, servedRegionIds: z.array(id).max(20) }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await setOrganizationRegions(ctx, input);
      return { ok: true as const };
    }),

  // ---------------------------------------------------------------- verifier staff
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

  // ---------------------------------------------------------------- travelers (citizens)
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
});
