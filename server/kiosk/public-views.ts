// What a kiosk shows: its own district's approved listings, public fields only, and whether
// EMERGENCY_MODE is on there. Nothing about any person (no host names, no contact details).
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { districts, regions } from "@/db/schema/geography";
import { kioskDevices } from "@/db/schema/kiosk";
import { listings } from "@/db/schema/listings";
import { uploadAssets } from "@/db/schema/uploads";
import { LISTING_KINDS } from "@/db/schema/values";
import type { KioskIdentity } from "./identity";
import { flagOn } from "@/server/context";
import { env } from "@/server/env";
import type { FlagSnapshot } from "@/server/flags/evaluate";

/** How many listings a kiosk shows (newest approved first). */
export const KIOSK_LISTING_LIMIT = 24;

// Strict: a field added to the query without being named here fails the call instead of leaking.
export const kioskListingView = z.strictObject({
  id: z.string().uuid(),
  kind: z.enum(LISTING_KINDS),
  title: z.string(),
  category: z.string(),
  description: z.string(),
  coverUrl: z.string().nullable(),
  priceMinor: z.number().int().nullable(),
  currency: z.string().nullable(),
  /** The listing's public page, for the QR code that continues on a phone. */
  pageUrl: z.string().url(),
});

export const kioskHomeView = z.strictObject({
  district: z.strictObject({ name: z.string(), regionName: z.string() }),
  emergency: z.boolean(),
  listings: z.array(kioskListingView),
  /** When the server produced this (the kiosk shows it when it has to fall back on it offline). */
  generatedAt: z.string().datetime(),
});

export const kioskHeartbeatView = z.strictObject({ ok: z.literal(true), serverTime: z.string().datetime() });

export type KioskHome = z.infer<typeof kioskHomeView>;

export async function kioskHome(
  deps: { db: Database; flagSnapshot: (db: Database) => Promise<FlagSnapshot> },
  kiosk: KioskIdentity,
): Promise<KioskHome> {
  const db = deps.db;
  const environment = {
    // Evaluated for the kiosk's district, with no user: only a full rollout counts.
    emergency: await flagOn({ ...deps, user: null }, "EMERGENCY_MODE", kiosk.districtId),
    appUrl: env.APP_URL,
  };
  const [district] = await db
    .select({ name: districts.name, regionName: regions.name })
    .from(districts)
    .innerJoin(regions, eq(regions.id, districts.regionId))
    .where(eq(districts.id, kiosk.districtId));
  const rows = await db
    .select({
      id: listings.id,
      kind: listings.kind,
      title: listings.title,
      category: listings.category,
      description: listings.description,
      coverUrl: uploadAssets.url,
      priceMinor: listings.priceMinor,
      currency: listings.currency,
    })
    .from(listings)
    .leftJoin(uploadAssets, eq(uploadAssets.id, listings.coverAssetId))
    .where(and(eq(listings.status, "APPROVED"), eq(listings.districtId, kiosk.districtId)))
    .orderBy(desc(listings.approvedAt), desc(listings.id))
    .limit(KIOSK_LISTING_LIMIT);
  return {
    district: district!,
    emergency: environment.emergency,
    listings: rows.map((r) => ({ ...r, pageUrl: new URL(`/listings/${r.id}`, environment.appUrl).toString() })),
    generatedAt: new Date().toISOString(),
  };
}

/**
 * The heartbeat: only `lastSeenAt` changes. Not audited: a device saying "still here" once a
 * minute is liveness, not a state change anyone decides; an event per kiosk per minute would
 * drown the audit log (and its hash chain) in noise. Registration, rotation and revocation are.
 */
export async function recordHeartbeat(db: Database, kiosk: KioskIdentity, now = new Date()) {
  await db
    .update(kioskDevices)
    .set({ lastSeenAt: now })
    .where(and(eq(kioskDevices.id, kiosk.id), eq(kioskDevices.active, true)));
  return { ok: true as const, serverTime: now.toISOString() };
}
