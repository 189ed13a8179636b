// verification, for admins: their region's verifier organizations (a super admin's: all).
import { z } from "zod";
import { ORGANIZATION_STATUSES } from "@/db/schema/values";
import { ADMINS } from "@/server/policy/roles";
import { auditedHasRole, hasRole } from "@/server/trpc";
import { strictInput, text } from "@/server/validation";
import {
  createOrganization,
  listOrganizations,
  setOrganizationPolicy,
  setOrganizationRegions,
  setOrganizationStatus,
} from "@/server/verification/organizations";
import { id, scopes, ok, organizationAdminView } from "@/server/verification/views";

export const organizationsProcedures = {
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
};
