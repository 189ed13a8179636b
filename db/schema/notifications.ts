// Notifications: the outbox (one row per person and event, written in the transaction of the change
// it is about), each person's choices per kind, and single-use account tokens (password reset,
// e-mail confirmation) stored as hashes.
import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { xid8 } from "./audit";

export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Who it is for; null only for mail to an address that has no account yet (an invite). */
    userId: uuid("user_id").references(() => users.id),
    /** The address of a mail to someone without an account (invites). */
    toEmail: text("to_email"),
    kind: text("kind").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    /** A path in the app. */
    link: text("link").notNull(),
    data: jsonb("data").$type<Record<string, string | number | boolean | null>>().notNull().default({}),
    /**
     * A link that carries a secret (reset, confirmation, invite): kept only until the mail is sent
     * or given up, never shown in the app.
     */
    secretLink: text("secret_link"),
    /** Messages of one thread are mailed as one digest: `order:<id>`. */
    digestKey: text("digest_key"),
    readAt: timestamp("read_at", { withTimezone: true }),
    /**
     * PENDING until a worker claims it (SENDING, leased until emailDueAt), then SENT, SKIPPED (with
     * why in emailNote) or FAILED (gave up after the last attempt).
     */
    emailStatus: text("email_status").notNull().default("PENDING"),
    emailAttempts: integer("email_attempts").notNull().default(0),
    /** Not before: backoff after a failure, the unread delay for messages. */
    emailDueAt: timestamp("email_due_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    emailSentAt: timestamp("email_sent_at", { withTimezone: true, precision: 3 }),
    emailNote: text("email_note"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /**
     * The writing transaction, as on its audit events: once the sequencer has ordered that
     * transaction's events, live streams tell the recipient (server/live/resolve.ts).
     */
    xid: xid8("xid")
      .notNull()
      .default(sql`pg_current_xact_id()`),
  },
  (t) => [
    index("notifications_xid_idx").on(t.xid),
    index("notifications_user_idx").on(t.userId, t.createdAt),
    index("notifications_unread_idx")
      .on(t.userId)
      .where(sql`${t.readAt} is null`),
    index("notifications_email_due_idx")
      .on(t.emailDueAt)
      .where(sql`${t.emailStatus} in ('PENDING', 'SENDING')`),
    check("notifications_recipient", sql`${t.userId} is not null or ${t.toEmail} is not null`),
  ],
);

export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").notNull(),
    /** IN_APP, EMAIL (in the app and by e-mail) or OFF. */
    channel: text("channel").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.kind] }),
    check("notification_preferences_channel", sql`${t.channel} in ('IN_APP', 'EMAIL', 'OFF')`),
  ],
);

export const accountTokens = pgTable(
  "account_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    /** PASSWORD_RESET or EMAIL_CONFIRMATION. */
    purpose: text("purpose").notNull(),
    /** SHA-256 of the token; the token itself travels only in the mail. */
    tokenHash: text("token_hash").notNull().unique(),
    /** The address being confirmed (EMAIL_CONFIRMATION). */
    email: text("email"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("account_tokens_user_idx").on(t.userId, t.purpose)],
);

export type Notification = typeof notifications.$inferSelect;
