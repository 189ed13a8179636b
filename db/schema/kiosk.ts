// Kiosks: registered devices in public places. A kiosk is a device, not a person: it holds a bearer
// key (stored only as a SHA-256 hash, shown once) and reads its own district's public information.
import { boolean, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { districts } from "./geography";

export const kioskDevices = pgTable(
  "kiosk_devices",
  {
    /** The device id the kiosk sends in X-Kiosk-ID. */
    id: uuid("id").primaryKey().defaultRandom(),
    districtId: uuid("district_id")
      .notNull()
      .references(() => districts.id),
    /** Where it stands, for admins ("Harbour square, by the ferry ticket office"). */
    name: text("name").notNull(),
    /** SHA-256 (hex) of the current key; a rotation replaces it, so the old key stops at once. */
    keyHash: text("key_hash").notNull().unique(),
    /** The key's first characters (e.g. `tsk_live_AB3D`), so admins can tell keys apart in logs. */
    keyPrefix: text("key_prefix").notNull(),
    active: boolean("active").notNull().default(true),
    /** Last heartbeat (every minute while the kiosk page runs). */
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    rotatedAt: timestamp("rotated_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("kiosk_devices_district_idx").on(t.districtId)],
);

export type KioskDevice = typeof kioskDevices.$inferSelect;
