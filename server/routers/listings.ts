// listings: hosts create, edit, submit, archive and arrange photos; anyone reads approved listings.
import { z } from "zod";
import { LISTING_CATEGORIES, LISTING_KINDS } from "@/db/schema/values";
import { addPhoto, arrangePhotos, removePhoto } from "@/server/listings/photos";
import { archiveListing, createListing, submitListing, updateListing } from "@/server/listings/manage";
import { hostListings, listingForEdit, viewListing } from "@/server/listings/read-listing";
import { cachedExplore, cachedSuggest } from "@/server/listings/search-cache";
import { suggestionsView } from "@/server/listings/suggest";
import { namesADistrict, withoutPromotionsInEmergency } from "@/server/listings/search";
import {
  canCreateView,
  explorePageView,
  hostListingsView,
  listingCreatedView,
  listingEditView,
  listingPageView,
  listingStatusView,
} from "@/server/listings/views";
import { flagOn } from "@/server/context";
import { auditedHasRole, hasRole, publicProcedure, router } from "@/server/trpc";
import { okOutput, placeText, strictInput, text } from "@/server/validation";
import { pagingDirection } from "@/server/pagination";
import { HOSTS } from "@/server/policy/roles";
import { listingCreateDecision } from "@/server/listings/manage";
import { toDecisionView } from "@/server/policy/decision-view";

const categories = Object.keys(LISTING_CATEGORIES) as [keyof typeof LISTING_CATEGORIES, ...(keyof typeof LISTING_CATEGORIES)[]];

const price = strictInput({
  amountMinor: z.number().int("Whole cents only.").min(0, "A price cannot be negative.").max(100_000_000),
  currency: z.string().regex(/^[A-Z]{3}$/, "A three-letter currency code, e.g. EUR."),
}).nullable();

const listingFields = {
  kind: z.enum(LISTING_KINDS),
  title: placeText(120, 4, "A title of at least 4 characters."),
  description: placeText(4000, 20, "Describe it in at least 20 characters."),
  category: z.enum(categories, { error: "Choose a category." }),
  price,
  contact: placeText(300)
    .nullable()
    .transform((v) => v || null),
  meetingPoint: placeText(500)
    .nullable()
    .transform((v) => v || null),
};

const listingId = z.string().uuid();

export const listingsRouter = router({
  /** Whether the caller may create listings now, and if not, why (for the dashboard). */
  canCreate: hasRole(HOSTS)
    .output(canCreateView)
    .query(async ({ ctx }) => toDecisionView(await listingCreateDecision(ctx))),

  create: auditedHasRole(HOSTS)
    .input(strictInput(listingFields))
    .output(listingCreatedView)
    .mutation(async ({ ctx, input }) => {
      const row = await createListing(ctx, input);
      return { id: row.id };
    }),

  update: auditedHasRole(HOSTS)
    .input(
      strictInput({
        listingId,
        kind: listingFields.kind.optional(),
        title: listingFields.title.optional(),
        description: listingFields.description.optional(),
        category: listingFields.category.optional(),
        price: listingFields.price.optional(),
        contact: listingFields.contact.optional(),
        meetingPoint: listingFields.meetingPoint.optional(),
      }),
    )
    .output(listingStatusView)
    .mutation(async ({ ctx, input }) => {
      const { listingId: id, ...patch } = input;
      const row = await updateListing(ctx, id, patch);
      return { id: row.id, status: row.status };
    }),

  submit: auditedHasRole(HOSTS)
    .input(strictInput({ listingId }))
    .output(listingStatusView)
    .mutation(async ({ ctx, input }) => {
      const row = await submitListing(ctx, input.listingId);
      return { id: row.id, status: row.status };
    }),

  archive: auditedHasRole(HOSTS)
    .input(strictInput({ listingId }))
    .output(listingStatusView)
    .mutation(async ({ ctx, input }) => {
      const row = await archiveListing(ctx, input.listingId);
      return { id: row.id, status: row.status };
    }),

  addPhoto: auditedHasRole(HOSTS)
    .input(strictInput({ listingId, assetId: z.string().uuid() }))
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      await addPhoto(ctx, input.listingId, input.assetId);
      return { ok: true as const };
    }),

  removePhoto: auditedHasRole(HOSTS)
    .input(strictInput({ listingId, assetId: z.string().uuid() }))
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      await removePhoto(ctx, input.listingId, input.assetId);
      return { ok: true as const };
    }),

  arrangePhotos: auditedHasRole(HOSTS)
    .input(strictInput({ listingId, order: z.array(z.string().uuid()).min(1).max(20), coverAssetId: z.string().uuid() }))
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      await arrangePhotos(ctx, input.listingId, input);
      return { ok: true as const };
    }),

  mine: hasRole(HOSTS)
    .output(hostListingsView)
    .query(({ ctx }) => hostListings(ctx.db, ctx.user.id)),

  forEdit: hasRole(HOSTS)
    .input(strictInput({ listingId }))
    .output(listingEditView)
    .query(({ ctx, input }) => listingForEdit(ctx, input.listingId)),

  /** A listing page: public fields for anyone (approved listings), sensitive ones where the rule allows. */
  get: publicProcedure
    .input(strictInput({ listingId }))
    .output(listingPageView)
    .query(({ ctx, input }) => viewListing(ctx, input.listingId)),

  explore: publicProcedure
    .input(
      strictInput({
        q: text(200).optional(),
        /** Absent: the signed-in traveler's own district; "all": every district. */
        districtId: z.union([z.string().uuid(), z.literal("all")]).optional(),
        kind: z.enum(LISTING_KINDS).optional(),
        category: z.enum(categories).optional(),
        sort: z.enum(["relevance", "newest", "rating", "price"]).default("relevance"),
        cursor: z.string().max(400).nullish(),
        limit: z.number().int().min(1).max(50).default(12),
        direction: pagingDirection,
      }),
    )
    .output(explorePageView)
    .query(async ({ ctx, input }) => {
      // Absent: the traveler's own district, unless the words name a place (then every district).
      const own =
        input.districtId === undefined && input.q && (await namesADistrict(ctx.db, input.q)) ? undefined : ctx.user?.districtId;
      const districtId = input.districtId === "all" ? undefined : (input.districtId ?? own ?? undefined);
      const result = await withoutPromotionsInEmergency(await cachedExplore(ctx.db, { ...input, districtId }), (d) =>
        flagOn(ctx, "EMERGENCY_MODE", d),
      );
      return { ...result, districtId: districtId ?? null };
    }),

  /** Explore's search box, as a traveler types: same audience as explore, bounded input. */
  suggest: publicProcedure
    .input(strictInput({ q: text(64, 2, "Type at least two characters.") }))
    .output(suggestionsView)
    .query(async ({ ctx, input }) => ({ suggestions: await cachedSuggest(ctx.db, input.q) })),
});
