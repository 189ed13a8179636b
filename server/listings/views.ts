// What a listing looks like to the outside: the public view can never carry a sensitive field,
// because it is a separate output schema (zod drops every key it does not name).
import { z } from "zod";
import { LISTING_KINDS, LISTING_STATUSES } from "@/db/schema/values";

export const mediaView = z.object({
  assetId: z.string().uuid(),
  url: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  position: z.number().int(),
});

export const publicListingView = z.object({
  id: z.string().uuid(),
  kind: z.enum(LISTING_KINDS),
  title: z.string(),
  description: z.string(),
  category: z.string(),
  priceMinor: z.number().int().nullable(),
  currency: z.string().nullable(),
  status: z.enum(LISTING_STATUSES),
  districtId: z.string().uuid(),
  districtName: z.string(),
  regionName: z.string(),
  hostId: z.string().uuid(),
  hostName: z.string(),
  ratingAverage: z.number().nullable(),
  ratingCount: z.number().int(),
  cover: mediaView.nullable(),
  media: z.array(mediaView),
  promotion: z
    .object({ title: z.string(), discountPercent: z.number().int().nullable(), endsAt: z.date() })
    .nullable(),
  approvedAt: z.date().nullable(),
});

export const sensitiveListingView = z.object({
  contact: z.string().nullable(),
  meetingPoint: z.string().nullable(),
});

/** A listing card in search results: public fields only. */
export const listingCardView = publicListingView.pick({
  id: true,
  kind: true,
  title: true,
  category: true,
  priceMinor: true,
  currency: true,
  districtId: true,
  districtName: true,
  hostName: true,
  ratingAverage: true,
  ratingCount: true,
  cover: true,
}).extend({
  excerpt: z.string(),
  promoted: z.boolean(),
});

export type PublicListing = z.infer<typeof publicListingView>;
export type ListingCard = z.infer<typeof listingCardView>;
