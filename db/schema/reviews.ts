// Reviews of completed orders by their traveler, with the host's one reply (each with its own status:
// a held reply is its author's alone until a moderator approves it).
import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { listings } from "./listings";
import { orders, contentStatusEnum } from "./orders";

export const reviews = pgTable(
  "reviews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .unique()
      .references(() => orders.id),
    listingId: uuid("listing_id")
      .notNull()
      .references(() => listings.id),
    travelerId: uuid("traveler_id")
      .notNull()
      .references(() => users.id),
    hostId: uuid("host_id")
      .notNull()
      .references(() => users.id),
    rating: integer("rating").notNull(),
    body: text("body").notNull(),
    status: contentStatusEnum("status").notNull().default("VISIBLE"),
    reply: text("reply"),
    /** Set with the reply (migration 0019): VISIBLE, HELD by a keyword, or HIDDEN by a moderator. */
    replyStatus: contentStatusEnum("reply_status"),
    repliedAt: timestamp("replied_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    check("reviews_rating_range", sql`${t.rating} between 1 and 5`),
    check("reviews_reply_status", sql`(${t.reply} is null) = (${t.replyStatus} is null)`),
    index("reviews_listing_idx").on(t.listingId, t.createdAt.desc()),
  ],
);
export type Review = typeof reviews.$inferSelect;
