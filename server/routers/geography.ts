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
import { text } from "@/server/validation";

const percent = z.number().int().min(0, "0 to 100.").max(100, "0 to 100.");
const name = text(80, 2);

export const geographyRouter = router({
  districts: publicProcedure.query(({ ctx }) => listDistricts(ctx.db)),

  regions: hasRole(["ADMIN", "SUPER_ADMIN"]).query(({ ctx }) => listRegions(ctx.db)),

  adminDistricts: hasRole(["ADMIN", "SUPER_ADMIN"]).query(({ ctx }) => listDistrictsForAdmin(ctx.db)),

  createRegion: auditedHasRole(["SUPER_ADMIN"])
    .input(z.object({ name }))
    .mutation(({ ctx, input }) => createRegion(ctx, input)),

  createDistrict: auditedHasRole(["SUPER_ADMIN"])
    .input(
      z.object({
        regionId: z.string().uuid(),
        name,
        crowdDensity: percent.default(0),
        densityThreshold: percent.default(80),
      }),
    )
    .mutation(({ ctx, input }) => createDistrict(ctx, input)),

  updateDistrict: auditedHasRole(["ADMIN", "SUPER_ADMIN"])
    .input(
      z.object({
        districtId: z.string().uuid(),
        name: name.optional(),
        crowdDensity: percent.optional(),
        densityThreshold: percent.optional(),
      }),
    )
    .mutation(({ ctx, input }) => updateDistrict(ctx, input)),
});
