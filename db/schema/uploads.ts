// Uploaded files (listing photos, enrollment documents), whichever provider stores them.
import { index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { UPLOAD_PROVIDERS, UPLOAD_PURPOSES } from "./values";

export const uploadProviderEnum = pgEnum("upload_provider", UPLOAD_PROVIDERS);
export const uploadPurposeEnum = pgEnum("upload_purpose", UPLOAD_PURPOSES);
export const uploadStatusEnum = pgEnum("upload_status", ["READY", "DELETED"]);

export const uploadAssets = pgTable(
  "upload_assets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id),
    provider: uploadProviderEnum("provider").notNull(),
    /** Cloudinary public id, or the LOCAL file's name under the uploads folder. */
    publicId: text("public_id").notNull().unique(),
    url: text("url").notNull(),
    format: text("format").notNull(),
    bytes: integer("bytes").notNull(),
    width: integer("width"),
    height: integer("height"),
    purpose: uploadPurposeEnum("purpose").notNull(),
    status: uploadStatusEnum("status").notNull().default("READY"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("upload_assets_owner_idx").on(t.ownerId)],
);

export type UploadAsset = typeof uploadAssets.$inferSelect;
