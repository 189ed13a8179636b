// Listings (hotspots and services) with their photos, and hosts' promotions on them.
import { sql } from "drizzle-orm";
import {
  check,
  customType,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { districts } from "./geography";
import { uploadAssets } from "./uploads";
import { CONTENT_STATUSES, LISTING_KINDS, LISTING_STATUSES } from "./values";

export const listingKindEnum = pgEnum("listing_kind", LISTING_KINDS);
export const listingStatusEnum = pgEnum("listing_status", LISTING_STATUSES);
/**
 * VISIBLE, HELD (a keyword awaits a moderator), HIDDEN (by one): for promotions here, and messages and
 * reviews (re-exported by ./orders). Declared here, the first module of the chain, so that each
 * module using it finds it defined whichever is loaded first.
 */
export const contentStatusEnum = pgEnum("content_status", CONTENT_STATUSES);

const tsvector = customType<{ data: string }>({
  dataType: () => "tsvector",
});

export const listings = pgTable(
  "listings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    hostId: uuid("host_id")
      .notNull()
      .references(() => users.id),
    districtId: uuid("district_id")
      .notNull()
      .references(() => districts.id),
    kind: listingKindEnum("kind").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    category: text("category").notNull(),
    /** Price in minor units (cents); with its ISO 4217 currency, or neither. */
    priceMinor: integer("price_minor"),
    currency: text("currency"),
    // Sensitive: shown only where the rule `listing.viewSensitive` allows.
    contact: text("contact"),
    meetingPoint: text("meeting_point"),
    status: listingStatusEnum("status").notNull().default("DRAFT"),
    /** The moderator's reason for the latest rejection or hiding, shown to the host. */
    moderationNote: text("moderation_note"),
    coverAssetId: uuid("cover_asset_id").references(() => uploadAssets.id),
    ratingAverage: numeric("rating_average", { precision: 3, scale: 2 }),
    ratingCount: integer("rating_count").notNull().default(0),
    search: tsvector("search").generatedAlwaysAs(
      // search_fold (migration 0013): Greek transliterated, accents removed, lower case.
      sql`setweight(to_tsvector('simple', search_fold(coalesce("title", ''))), 'A') || setweight(to_tsvector('simple', search_fold(coalesce("description", ''))), 'B') || setweight(to_tsvector('simple', search_fold(coalesce("category", ''))), 'C')`,
    ),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("listings_price_pair", sql`(${t.priceMinor} is null) = (${t.currency} is null)`),
    check("listings_price_positive", sql`${t.priceMinor} is null or ${t.priceMinor} >= 0`),
    check("listings_currency_format", sql`${t.currency} is null or ${t.currency} ~ '^[A-Z]{3}$'`),
    index("listings_search_idx").using("gin", t.search),
    // Suggestions: title words only (migration 0013).
    index("listings_title_search_idx").using("gin", sql`to_tsvector('simple', search_fold(${t.title}))`),
    // Explore's default page (a district's newest approved listings) and its all-districts form.
    index("listings_browse_idx").on(t.status, t.districtId, t.approvedAt.desc()),
    index("listings_newest_idx").on(t.status, t.approvedAt.desc()),
    index("listings_host_idx").on(t.hostId),
  ],
);

export const listingMedia = pgTable(
  "listing_media",
  {
    listingId: uuid("listing_id")
      .notNull()
      .references(() => listings.id, { onDelete: "cascade" }),
    assetId: uuid("asset_id")
      .notNull()
      .references(() => uploadAssets.id),
    position: integer("position").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.listingId, t.assetId] })],
);

export const promotions = pgTable(
  "promotions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    listingId: uuid("listing_id")
      .notNull()
      .references(() => listings.id),
    hostId: uuid("host_id")
      .notNull()
      .references(() => users.id),
    title: text("title").notNull(),
    discountPercent: integer("discount_percent"),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    /** HELD while a REQUIRE_APPROVAL term in the title waits for a moderator (migration 0021). */
    status: contentStatusEnum("status").notNull().default("VISIBLE"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("promotions_window", sql`${t.endsAt} > ${t.startsAt}`),
    check("promotions_discount_range", sql`${t.discountPercent} is null or ${t.discountPercent} between 1 and 90`),
    index("promotions_listing_idx").on(t.listingId, t.endsAt),
  ],
);

/** The words of approved listings and how many listings use each (migration 0013's triggers keep it). */
export const searchWords = pgTable("search_words", {
  word: text("word").primaryKey(),
  listings: integer("listings").notNull(),
});

export type Listing = typeof listings.$inferSelect;
export type Promotion = typeof promotions.$inferSelect;
