// What the feature-flag admin page receives.
import { z } from "zod";

export const flagView = z.object({
  key: z.string(),
  description: z.string(),
  isGlobalEnabled: z.boolean(),
  rolloutPercentage: z.number().int(),
  districtIds: z.array(z.string().uuid()),
  updatedAt: z.date(),
});
