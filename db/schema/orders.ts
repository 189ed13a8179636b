// Orders between a traveler and a host, their timeline, check-in codes, and moderators' warnings to
// people. Messages and reviews, which belong to an order, have their own modules.
import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { districts } from "./geography";
import { contentStatusEnum, listings } from "./listings";
import { ORDER_STATUSES, PAYMENT_PROVIDERS, PAYMENT_STATUSES } from "./values";

export const orderStatusEnum = pgEnum("order_status", ORDER_STATUSES);
export const paymentStatusEnum = pgEnum("payment_status", PAYMENT_STATUSES);
export const paymentProviderEnum = pgEnum("payment_provider", PAYMENT_PROVIDERS);
export { contentStatusEnum };

export const orders = pgTable(
  "orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    listingId: uuid("listing_id")
      .notNull()
      .references(() => listings.id),
    travelerId: uuid("traveler_id")
      .notNull()
      .references(() => users.id),
    hostId: uuid("host_id")
      .notNull()
      .references(() => users.id),
    /** The listing's district when the order was made (emergency mode, moderation scope). */
    districtId: uuid("district_id")
      .notNull()
      .references(() => districts.id),
    status: orderStatusEnum("status").notNull(),
    /** Snapshot of the listing's title and price when the order was made. */
    listingTitle: text("listing_title").notNull(),
    priceMinor: integer("price_minor"),
    currency: text("currency"),
    paymentProvider: paymentProviderEnum("payment_provider"),
    paymentStatus: paymentStatusEnum("payment_status").notNull().default("NONE"),
    paymentRef: text("payment_ref"),
    /** Bumped by every status change. */
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** When the scheduler closed the review window of a COMPLETED order (server/reviews/timers.ts). */
    reviewWindowClosedAt: timestamp("review_window_closed_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [
    index("orders_review_window_open_idx")
      .on(t.id)
      .where(sql`${t.status} = 'COMPLETED' and ${t.reviewWindowClosedAt} is null`),
    check("orders_not_own_listing", sql`${t.travelerId} <> ${t.hostId}`),
    check("orders_price_pair", sql`(${t.priceMinor} is null) = (${t.currency} is null)`),
    // One running order per traveler and listing: a second question joins the first one's thread.
    uniqueIndex("orders_open_uq")
      .on(t.listingId, t.travelerId)
      .where(sql`${t.status} in ('INQUIRY', 'REQUESTED', 'ACCEPTED', 'IN_PROGRESS')`),
    index("orders_traveler_idx").on(t.travelerId, t.updatedAt.desc()),
    index("orders_host_idx").on(t.hostId, t.status, t.updatedAt.desc()),
  ],
);

/** The order's timeline: every status change (and payment mark) with who made it. */
export const orderEvents = pgTable(
  "order_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    actorId: uuid("actor_id").references(() => users.id),
    event: text("event").notNull(),
    fromStatus: orderStatusEnum("from_status"),
    toStatus: orderStatusEnum("to_status"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("order_events_order_idx").on(t.orderId, t.createdAt)],
);

/** Single-use, short-lived check-in codes (the QR's signed token names one of these). */
export const checkinCodes = pgTable(
  "checkin_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    /** SHA-256 of the short form the host may type instead of scanning. */
    shortCodeHash: text("short_code_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("checkin_codes_order_idx").on(t.orderId, t.expiresAt)],
);

/** A moderator's warning to a person (about a message, review or their conduct), shown to them. */
export const userWarnings = pgTable(
  "user_warnings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    reason: text("reason").notNull(),
    targetType: text("target_type").notNull(),
    targetId: uuid("target_id").notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("user_warnings_user_idx").on(t.userId, t.createdAt)],
);

export type Order = typeof orders.$inferSelect;
