// The shapes verification answers leave the server in (tRPC output schemas): nothing else leaves.
import { z } from "zod";
import {
  CONSENT_SCOPES,
  ORG_ROLES,
  ORGANIZATION_STATUSES,
  VERIFICATION_OUTCOMES,
  VERIFICATION_REASONS,
  VERIFICATION_REQUEST_STATUSES,
} from "@/db/schema/values";

export const id = z.string().uuid();
export const scope = z.enum(CONSENT_SCOPES);
export const scopes = z.array(scope).max(CONSENT_SCOPES.length);
export const ok = z.object({ ok: z.literal(true) });

export const organizationAdminView = z.object({
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
export const myOrganizationView = z
  .object({
    id,
    name: z.string(),
    status: z.enum(ORGANIZATION_STATUSES),
    scopePolicy: z.array(scope),
    orgRole: z.enum(ORG_ROLES),
  })
  .nullable();
export const attribute = z.object({ scope, label: z.string(), value: z.union([z.string(), z.boolean()]) });
export const verificationResult = z.discriminatedUnion("outcome", [
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
export const requestStatus = z.enum(VERIFICATION_REQUEST_STATUSES);
export const orgEventView = z.object({
  id,
  staffName: z.string(),
  outcome: z.enum(VERIFICATION_OUTCOMES),
  reasonCode: z.enum(VERIFICATION_REASONS).nullable(),
  disclosedScopes: z.array(scope),
  subject: z.string().nullable(),
  createdAt: z.date(),
});
export const travelerEventView = z.object({
  id,
  organizationId: id,
  organizationName: z.string(),
  outcome: z.enum(VERIFICATION_OUTCOMES),
  reasonCode: z.enum(VERIFICATION_REASONS).nullable(),
  disclosedScopes: z.array(scope),
  disputedAt: z.date().nullable(),
  createdAt: z.date(),
});
export const inviteState = z.enum(["ACTIVE", "USED_UP", "EXPIRED", "REVOKED"]);
export const tokenView = z.object({
  token: z.string(),
  expiresAt: z.date(),
  ttlSeconds: z.number(),
  organizationName: z.string(),
  scopes: z.array(scope),
});
