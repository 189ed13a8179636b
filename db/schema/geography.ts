// Regions and districts: the only notion of place that exists (no coordinates, ever).
import { sql } from "drizzle-orm";
import { check, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const regions = pgTable("regions", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const districts = pgTable(
  "districts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    regionId: uuid("region_id")
      .notNull()
      .references(() => regions.id),
    name: text("name").notNull(),
    /** Current crowd density, 0–100 (percent of comfortable capacity). */
    crowdDensity: integer("crowd_density").notNull().default(0),
    /** Density above which promotions stop, 0–100. */
    densityThreshold: integer("density_threshold").notNull().default(80),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("districts_region_name_uq").on(t.regionId, t.name),
    check("districts_density_range", sql`${t.crowdDensity} between 0 and 100`),
    check("districts_threshold_range", sql`${t.densityThreshold} between 0 and 100`),
  ],
);
