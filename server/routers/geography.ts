// geography: regions and districts (names public; crowd figures and edits for admins).
import { z } from "zod";
import {
  createDistrict,
  createRegion,
  listDistricts,
  listDistrictsForAdmin,
  listRegions,
  updateDistrict,
} from "@/server/geography/districts";
import { auditedHasRole, hasRole, publicProcedure, router } from "@/server/trpc";
import { strictInput, text } from "@/server/validation";
import { adminDistrictView, districtNameView, districtView, regionView } from "@/server/geography/views";
import { ADMINS, SUPER_ADMINS } from "@/server/policy/roles";

const percent = z.number().int().min(0, "0 to 100.").max(100, "0 to 100.");
const name = text(80, 2);

export const geographyRouter = router({
  districts: publicProcedure.output(z.array(districtNameView)).query(({ ctx }) => listDistricts(ctx.db)),

  regions: hasRole(ADMINS)
    .output(z.array(regionView))
    .query(({ ctx }) => listRegions(ctx.db, ctx.user)),

  adminDistricts: hasRole(ADMINS)
    .output(z.array(adminDistrictView))
    .query(({ ctx }) => listDistrictsForAdmin(ctx.db, ctx.user)),

  createRegion: auditedHasRole(SUPER_ADMINS)
    .input(strictInput({ name }))
    .output(regionView)
    .mutation(({ ctx, input }) => createRegion(ctx, input)),

  createDistrict: auditedHasRole(SUPER_ADMINS)
    .input(
      strictInput({
        regionId: z.string().uuid(),
        name,
        crowdDensity: percent.default(0),
        densityThreshold: percent.default(80),
      }),
    )
    .output(districtView)
    .mutation(({ ctx, input }) => createDistrict(ctx, input)),

  updateDistrict: auditedHasRole(ADMINS)
    .input(
      strictInput({
        districtId: z.string().uuid(),
        name: name.optional(),
        crowdDensity: percent.optional(),
        densityThreshold: percent.optional(),
      }),
    )
    .output(districtView)
    .mutation(({ ctx, input }) => updateDistrict(ctx, input)),
});
