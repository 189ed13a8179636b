// Device sessions (one per signed-in browser) and password-reset links (accounts domain).
import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";

/**
 * One row per sign-in. Its id rides in the (encrypted) session cookie and is checked on every
 * request, in the same query that loads the user; revoking the row ends that device's session.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** Moved on at most every few minutes (SESSION_TOUCH_SECONDS), so requests rarely write. */
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** The client address last seen (as server/http/client-address.ts decided it). */
    ip: text("ip"),
    /** Truncated; shown to the person as browser and system. */
    userAgent: text("user_agent"),
    revokedAt: timestamp("revoked_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [index("sessions_user_idx").on(t.userId, t.createdAt)],
);

export const PASSWORD_RESET_PURPOSES = ["ASSISTED", "EMAILED"] as const;
export type PasswordResetPurpose = (typeof PASSWORD_RESET_PURPOSES)[number];
export const passwordResetPurposeEnum = pgEnum("password_reset_purpose", PASSWORD_RESET_PURPOSES);

/** A single-use password-reset link: only the SHA-256 of its token is kept (the token is shown or mailed once). */
export const passwordResets = pgTable(
  "password_resets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    purpose: passwordResetPurposeEnum("purpose").notNull(),
    /** The admin who issued an assisted reset; null for one the person asked for by e-mail. */
    issuedBy: uuid("issued_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }).notNull(),
    /** Set when redeemed, or when a newer link or a completed reset voided it. */
    usedAt: timestamp("used_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [
    index("password_resets_user_idx")
      .on(t.userId)
      .where(sql`${t.usedAt} is null`),
  ],
);

export type Session = typeof sessions.$inferSelect;
export type PasswordReset = typeof passwordResets.$inferSelect;
