// Who a kiosk request comes from: the device named by X-Kiosk-ID, if the X-Kiosk-Key matches its
// current key and it is active. Read once per request, in the context.
import { eq, sql } from "drizzle-orm";
import { preparedFor } from "@/db/prepared";
import type { Database } from "@/db/client";
import { districts } from "@/db/schema/geography";
import { kioskDevices } from "@/db/schema/kiosk";
import { hashKioskKey, kioskKeyMatches, looksLikeKioskKey } from "./keys";
import { isUuid } from "@/shared/uuid";

export const KIOSK_ID_HEADER = "x-kiosk-id";
export const KIOSK_KEY_HEADER = "x-kiosk-key";

/** What the request presented; either header present makes it a kiosk request. */
export interface KioskCredentials {
  id: string | null;
  key: string | null;
}

/** A verified kiosk: a device, never a user. */
export interface KioskIdentity {
  id: string;
  name: string;
  districtId: string;
  regionId: string;
}

/** Why presented credentials failed; kept for the security event, never told to the caller. */
export type KioskProblem = "MISSING_ID" | "MISSING_KEY" | "UNKNOWN_DEVICE" | "WRONG_KEY" | "REVOKED";

/** Compared against when there is no device, so an unknown id costs the same as a wrong key. */
const DUMMY_HASH = hashKioskKey("tsk_live_unknown-device");

export function kioskCredentialsFrom(headers: Headers): KioskCredentials | null {
  if (!headers.has(KIOSK_ID_HEADER) && !headers.has(KIOSK_KEY_HEADER)) return null;
  return { id: headers.get(KIOSK_ID_HEADER)?.trim() || null, key: headers.get(KIOSK_KEY_HEADER)?.trim() || null };
}

/** The device a kiosk request names, with its district's region (every kiosk request reads it). */
const deviceQuery = preparedFor((db) =>
  db
    .select({
      id: kioskDevices.id,
      name: kioskDevices.name,
      districtId: kioskDevices.districtId,
      regionId: districts.regionId,
      keyHash: kioskDevices.keyHash,
      active: kioskDevices.active,
    })
    .from(kioskDevices)
    .innerJoin(districts, eq(districts.id, kioskDevices.districtId))
    .where(eq(kioskDevices.id, sql.placeholder("id")))
    .limit(1)
    .prepare("kiosk_device"),
);

export async function authenticateKiosk(
  db: Database,
  credentials: KioskCredentials,
): Promise<{ kiosk: KioskIdentity | null; problem: KioskProblem | null }> {
  if (!credentials.id) return { kiosk: null, problem: "MISSING_ID" };
  if (!credentials.key) return { kiosk: null, problem: "MISSING_KEY" };
  const key = credentials.key.slice(0, 200);
  if (!isUuid(credentials.id)) {
    kioskKeyMatches(key, DUMMY_HASH);
    return { kiosk: null, problem: "UNKNOWN_DEVICE" };
  }
  const [row] = await deviceQuery(db).execute({ id: credentials.id.toLowerCase() });
  const matches = kioskKeyMatches(key, row?.keyHash ?? DUMMY_HASH) && looksLikeKioskKey(key);
  if (!row) return { kiosk: null, problem: "UNKNOWN_DEVICE" };
  if (!matches) return { kiosk: null, problem: "WRONG_KEY" };
  if (!row.active) return { kiosk: null, problem: "REVOKED" };
  return { kiosk: { id: row.id, name: row.name, districtId: row.districtId, regionId: row.regionId }, problem: null };
}
