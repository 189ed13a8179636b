// Feature flags, evaluated on the server only. Rollout is Unleash's flexible rollout, bit for bit.
// Importing this module opens no database connection: loading takes the database as an argument.
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { featureFlagDistricts, featureFlags } from "@/db/schema/flags";

export const KNOWN_FLAGS = {
  PILOT_ACTIVE: "The pilot is open: non-admins may sign in.",
  HOST_ONBOARDING_ENABLED: "Hosts may create listings.",
  PROMOTIONS_ENABLED: "Hosts may issue promotions.",
  MESSAGING_ENABLED: "Travelers and hosts may message each other.",
  EMERGENCY_MODE: "Emergency banner on kiosks and pages; new orders and promotions stop.",
} as const;
export type FlagKey = keyof typeof KNOWN_FLAGS;
export const FLAG_KEYS = Object.keys(KNOWN_FLAGS) as FlagKey[];

/** MurmurHash3 x86 32-bit over the UTF-8 bytes of `key`. */
export function murmur3_32(key: string, seed = 0): number {
  const data = new TextEncoder().encode(key);
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed >>> 0;
  const blocks = data.length >>> 2;
  for (let i = 0; i < blocks; i++) {
    const o = i * 4;
    let k = data[o]! | (data[o + 1]! << 8) | (data[o + 2]! << 16) | (data[o + 3]! << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = blocks * 4;
  let k1 = 0;
  switch (data.length & 3) {
    case 3:
      k1 ^= data[tail + 2]! << 16;
    // falls through
    case 2:
      k1 ^= data[tail + 1]! << 8;
    // falls through
    case 1:
      k1 ^= data[tail]!;
      k1 = Math.imul(k1, c1);
      k1 = (k1 << 15) | (k1 >>> 17);
      k1 = Math.imul(k1, c2);
      h ^= k1;
  }
  h ^= data.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Unleash's normalised bucket, 1–100: murmur3_32(`${groupId}:${stickiness}`, 0) % 100 + 1. */
export function rolloutBucket(groupId: string, stickiness: string): number {
  return (murmur3_32(`${groupId}:${stickiness}`, 0) % 100) + 1;
}

/** In the rollout when rollout > 0 and bucket ≤ rollout; so raising the percentage never removes anyone. */
export function inRollout(flagKey: string, userId: string, rolloutPercentage: number): boolean {
  return rolloutPercentage > 0 && rolloutBucket(flagKey, userId) <= rolloutPercentage;
}

export interface FlagState {
  key: string;
  isGlobalEnabled: boolean;
  rolloutPercentage: number;
  districtIds: ReadonlySet<string>;
}

/**
 * On for (user, district) when globally enabled or enabled for that district, and the user falls
 * inside the rollout. Without a user (kiosks, anonymous pages) only a full rollout counts.
 */
export function isFlagOn(flag: FlagState | undefined, userId: string | null, districtId: string | null): boolean {
  if (!flag) return false;
  const targeted = flag.isGlobalEnabled || (districtId !== null && flag.districtIds.has(districtId));
  if (!targeted) return false;
  if (userId === null) return flag.rolloutPercentage >= 100;
  return inRollout(flag.key, userId, flag.rolloutPercentage);
}

export type FlagSnapshot = ReadonlyMap<string, FlagState>;

/** Reads every flag once; callers evaluate against the snapshot for the rest of the request. */
export async function loadFlagSnapshot(db: Database): Promise<FlagSnapshot> {
  const rows = await db
    .select({
      key: featureFlags.key,
      isGlobalEnabled: featureFlags.isGlobalEnabled,
      rolloutPercentage: featureFlags.rolloutPercentage,
      districtId: featureFlagDistricts.districtId,
    })
    .from(featureFlags)
    .leftJoin(featureFlagDistricts, eq(featureFlagDistricts.flagKey, featureFlags.key));
  const map = new Map<string, FlagState & { districtIds: Set<string> }>();
  for (const row of rows) {
    let state = map.get(row.key);
    if (!state) {
      state = {
        key: row.key,
        isGlobalEnabled: row.isGlobalEnabled,
        rolloutPercentage: row.rolloutPercentage,
        districtIds: new Set(),
      };
      map.set(row.key, state);
    }
    if (row.districtId) state.districtIds.add(row.districtId);
  }
  return map;
}
