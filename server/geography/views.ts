// What the geography domain sends out. District names are public; crowd figures are for admins.
import { z } from "zod";

/** Which districts exist: names only. */
export const districtNameView = z.object({
  id: z.string().uuid(),
  name: z.string(),
  regionId: z.string().uuid(),
  regionName: z.string(),
});

export const regionView = z.object({ id: z.string().uuid(), name: z.string() });

/** A district with its crowd figures (admins). */
export const adminDistrictView = districtNameView.extend({
  crowdDensity: z.number().int(),
  densityThreshold: z.number().int(),
  updatedAt: z.date(),
});

/** A district as created or updated. */
export const districtView = z.object({
  id: z.string().uuid(),
  regionId: z.string().uuid(),
  name: z.string(),
  crowdDensity: z.number().int(),
  densityThreshold: z.number().int(),
  updatedAt: z.date(),
});
