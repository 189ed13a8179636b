// What a listing looks like to the outside: the public view can never carry a sensitive field,
// because it is a separate output schema (zod drops every key it does not name).
import { z } from "zod";
import { CONTENT_STATUSES, LISTING_KINDS, LISTING_STATUSES } from "@/db/schema/values";
import { decisionView } from "@/server/policy/decision-view";

export const mediaView = z.object({
  assetId: z.string().uuid(),
  url: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  position: z.number().int(),
  /** WebP variants for `srcset`: a card's size and the listing page's. */
  cardUrl: z.string(),
  largeUrl: z.string(),
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
  promotion: z.object({ title: z.string(), discountPercent: z.number().int().nullable(), endsAt: z.date() }).nullable(),
  approvedAt: z.date().nullable(),
});

export const sensitiveListingView = z.object({
  contact: z.string().nullable(),
  meetingPoint: z.string().nullable(),
});

/** A listing card in search results: public fields only. */
export const listingCardView = publicListingView
  .pick({
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
  })
  .extend({
    excerpt: z.string(),
    promoted: z.boolean(),
  });

export type PublicListing = z.infer<typeof publicListingView>;
export type ListingCard = z.infer<typeof listingCardView>;

const status = z.enum(LISTING_STATUSES);

/** The explore page: a page of cards, the cursor of the next, the district searched. */
export const explorePageView = z.object({
  items: z.array(listingCardView),
  nextCursor: z.string().nullable(),
  districtId: z.string().nullable(),
  /** Only when near matches fill the page: the first `exactCount` items match the words as typed. */
  exactCount: z.number().int().min(0).optional(),
  /** Only when the words are spelled otherwise by most listings: that spelling. */
  didYouMean: z.string().optional(),
});

/** A listing page: public fields for anyone, sensitive ones where the rule allows, the note for its host. */
export const listingPageView = z.object({
  listing: publicListingView,
  sensitive: sensitiveListingView.nullable(),
  sensitiveHiddenReason: z.string().nullable(),
  moderationNote: z.string().nullable(),
});

/** Whether a host may create listings now, and if not, why. */
export const canCreateView = decisionView;

export const listingCreatedView = z.object({ id: z.string().uuid() });
export const listingStatusView = z.object({ id: z.string().uuid(), status });

/** The host's dashboard: their listings and a count per status. */
export const hostListingsView = z.object({
  listings: z.array(
    z.object({
      id: z.string().uuid(),
      title: z.string(),
      kind: z.enum(LISTING_KINDS),
      category: z.string(),
      status,
      moderationNote: z.string().nullable(),
      updatedAt: z.date(),
      photoCount: z.number().int(),
      coverUrl: z.string().nullable(),
    }),
  ),
  counts: z.record(status, z.number().int()),
});

/** The host's edit form: every field of their own listing (sensitive ones included), and its photos. */
export const listingEditView = z.object({
  listing: z.object({
    id: z.string().uuid(),
    districtId: z.string().uuid(),
    kind: z.enum(LISTING_KINDS),
    title: z.string(),
    description: z.string(),
    category: z.string(),
    priceMinor: z.number().int().nullable(),
    currency: z.string().nullable(),
    contact: z.string().nullable(),
    meetingPoint: z.string().nullable(),
    status,
    moderationNote: z.string().nullable(),
    coverAssetId: z.string().uuid().nullable(),
    updatedAt: z.date(),
  }),
  media: z.array(mediaView),
});

/** A host's promotion, on their promotions page. */
export const promotionView = z.object({
  id: z.string().uuid(),
  listingId: z.string().uuid(),
  listingTitle: z.string(),
  title: z.string(),
  discountPercent: z.number().int().nullable(),
  startsAt: z.date(),
  endsAt: z.date(),
  cancelledAt: z.date().nullable(),
  /** HELD: waiting for a moderator (a keyword in its title); HIDDEN: taken down by one. */
  status: z.enum(CONTENT_STATUSES),
});
