// Feature flags: global switch, per-district enablement and a percentage rollout.
import { sql } from "drizzle-orm";
import { boolean, check, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { districts } from "./geography";

export const featureFlags = pgTable(
  "feature_flags",
  {
    key: text("key").primaryKey(),
    description: text("description").notNull().default(""),
    isGlobalEnabled: boolean("is_global_enabled").notNull().default(false),
    rolloutPercentage: integer("rollout_percentage").notNull().default(100),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("feature_flags_rollout_range", sql`${t.rolloutPercentage} between 0 and 100`)],
);

export const featureFlagDistricts = pgTable(
  "feature_flag_districts",
  {
    flagKey: text("flag_key")
      .notNull()
      .references(() => featureFlags.key, { onDelete: "cascade" }),
    districtId: uuid("district_id")
      .notNull()
      .references(() => districts.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.flagKey, t.districtId] })],
);

export type FeatureFlag = typeof featureFlags.$inferSelect;
