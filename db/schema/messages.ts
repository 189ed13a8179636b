// Messages inside an order, between its traveler and host, with each participant's read state.
import { bigint, bigserial, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { orders, contentStatusEnum } from "./orders";

export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Global order of messages: the live stream's event id (resume after a reconnect). */
    seq: bigserial("seq", { mode: "number" }).notNull().unique(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    senderId: uuid("sender_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    status: contentStatusEnum("status").notNull().default("VISIBLE"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("messages_order_idx").on(t.orderId, t.seq)],
);

/** How far each participant has read each order's thread. */
export const messageReads = pgTable(
  "message_reads",
  {
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    lastReadSeq: bigint("last_read_seq", { mode: "number" }).notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.userId] })],
);
export type Message = typeof messages.$inferSelect;
