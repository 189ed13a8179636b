// Demo data for kiosks: one kiosk in Naxos Old Town. Its id and key are printed by `npm run db:seed`.
// The fixed key is used only where demo secrets are (development, tests, TESSERA_DEMO=1); a seed
// run as a production start gets a random key, printed once, and never again.
import { eq } from "drizzle-orm";
import type { Database } from "./client";
import { kioskDevices } from "./schema";
import { generateKioskKey, hashKioskKey, kioskKeyPrefix } from "@/server/kiosk/keys";

export const DEMO_KIOSK = {
  id: "5e7a4b10-0000-4000-8000-00000000a001",
  name: "Old Town harbour square",
  district: "Naxos Old Town",
  key: "tsk_demo_4EBV6I2J4SCLOWHENHBMVIFF7F6SPR7TR4WC7LZ6VMDNVVPI7R5Q",
} as const;

function demoSecretsAllowed(): boolean {
  return process.env.NODE_ENV !== "production" || process.env.TESSERA_DEMO === "1";
}

/** Idempotent. Returns the kiosk's id, and its key when it can be shown (fixed demo key, or just created). */
export async function seedKiosk(db: Database, districtIds: ReadonlyMap<string, string>) {
  const [existing] = await db
    .select({ id: kioskDevices.id, keyHash: kioskDevices.keyHash })
    .from(kioskDevices)
    .where(eq(kioskDevices.id, DEMO_KIOSK.id));
  const demo = demoSecretsAllowed();
  if (existing) {
    const key = demo && existing.keyHash === hashKioskKey(DEMO_KIOSK.key) ? DEMO_KIOSK.key : null;
    return { id: DEMO_KIOSK.id, key, created: false };
  }
  const key = demo ? DEMO_KIOSK.key : generateKioskKey();
  await db
    .insert(kioskDevices)
    .values({
      id: DEMO_KIOSK.id,
      districtId: districtIds.get(DEMO_KIOSK.district)!,
      name: DEMO_KIOSK.name,
      keyHash: hashKioskKey(key),
      keyPrefix: kioskKeyPrefix(key),
    })
    .onConflictDoNothing();
  return { id: DEMO_KIOSK.id, key, created: true };
}
