// Admins govern kiosks of their region's districts (rule `admin.scope`): register (the key is shown
// once), rotate the key (the old one stops at once), revoke; and see each device's last heartbeat.
import { and, asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { districts, regions } from "@/db/schema/geography";
import { kioskDevices } from "@/db/schema/kiosk";
import { AppError } from "@/server/errors";
import type { Deps } from "@/server/context";
import { enforce } from "@/server/policy/authorize";
import type { Subject } from "@/server/policy/subject";
import { generateKioskKey, hashKioskKey, kioskKeyPrefix } from "./keys";

/** A kiosk counts as online when its last heartbeat (one a minute) is this recent. */
export const ONLINE_WINDOW_MS = 3 * 60_000;

const creators = alias(users, "kiosk_creators");

function adminRows(db: Database) {
  return db
    .select({
      id: kioskDevices.id,
      name: kioskDevices.name,
      districtId: kioskDevices.districtId,
      districtName: districts.name,
      regionId: districts.regionId,
      regionName: regions.name,
      keyPrefix: kioskDevices.keyPrefix,
      active: kioskDevices.active,
      lastSeenAt: kioskDevices.lastSeenAt,
      createdAt: kioskDevices.createdAt,
      createdByName: creators.displayName,
      rotatedAt: kioskDevices.rotatedAt,
      revokedAt: kioskDevices.revokedAt,
    })
    .from(kioskDevices)
    .innerJoin(districts, eq(districts.id, kioskDevices.districtId))
    .innerJoin(regions, eq(regions.id, districts.regionId))
    .leftJoin(creators, eq(creators.id, kioskDevices.createdBy));
}

type AdminRow = Awaited<ReturnType<typeof adminRows>>[number];

function withStatus(row: AdminRow, now: Date) {
  const online = row.active && row.lastSeenAt !== null && now.getTime() - row.lastSeenAt.getTime() <= ONLINE_WINDOW_MS;
  return { ...row, online };
}

export type KioskAdminView = ReturnType<typeof withStatus>;

/** The kiosks an admin may see: their region's (a super admin: all). */
export async function listKiosks(deps: { db: Database; user: Subject }, now = new Date()): Promise<KioskAdminView[]> {
  if (deps.user.role !== "SUPER_ADMIN" && !deps.user.regionId) return [];
  const rows = await adminRows(deps.db)
    .where(deps.user.role === "SUPER_ADMIN" ? undefined : eq(districts.regionId, deps.user.regionId!))
    .orderBy(asc(regions.name), asc(districts.name), asc(kioskDevices.name));
  return rows.map((r) => withStatus(r, now));
}

async function loadForAdmin(deps: Deps, kioskId: string): Promise<AdminRow> {
  const [row] = await adminRows(deps.db).where(eq(kioskDevices.id, kioskId)).limit(1);
  if (!row) throw new AppError("NOT_FOUND", "That kiosk does not exist.");
  enforce(deps.securityEvents, "admin.scope", deps.user, { regionId: row.regionId });
  return row;
}

export async function registerKiosk(deps: Deps, input: { districtId: string; name: string }) {
  const [district] = await deps.db
    .select({ id: districts.id, regionId: districts.regionId })
    .from(districts)
    .where(eq(districts.id, input.districtId))
    .limit(1);
  if (!district) {
    throw new AppError("NOT_FOUND", "That district does not exist.", { fieldErrors: { districtId: ["Choose a district."] } });
  }
  enforce(deps.securityEvents, "admin.scope", deps.user, { regionId: district.regionId });
  const key = generateKioskKey();
  const keyPrefix = kioskKeyPrefix(key);
  const [device] = await deps.db
    .insert(kioskDevices)
    .values({ districtId: district.id, name: input.name, keyHash: hashKioskKey(key), keyPrefix, createdBy: deps.user.id })
    .returning({ id: kioskDevices.id });
  // The key itself never goes into the audit log; its prefix identifies it.
  deps.audit({
    action: "KIOSK_REGISTERED",
    targetType: "kiosk",
    targetId: device!.id,
    changes: { name: input.name, districtId: district.id, keyPrefix },
  });
  const [row] = await adminRows(deps.db).where(eq(kioskDevices.id, device!.id));
  return { device: withStatus(row!, new Date()), key };
}

/** A new key; the old one stops at the commit (one conditional update, so two rotations cannot both win). */
export async function rotateKioskKey(deps: Deps, kioskId: string) {
  const current = await loadForAdmin(deps, kioskId);
  if (!current.active) throw new AppError("INVALID_STATE", "This kiosk is revoked. Register a new one instead.");
  const [stored] = await deps.db.select({ keyHash: kioskDevices.keyHash }).from(kioskDevices).where(eq(kioskDevices.id, kioskId));
  const key = generateKioskKey();
  const keyPrefix = kioskKeyPrefix(key);
  const rotatedAt = new Date();
  const updated = await deps.db
    .update(kioskDevices)
    .set({ keyHash: hashKioskKey(key), keyPrefix, rotatedAt })
    .where(and(eq(kioskDevices.id, kioskId), eq(kioskDevices.keyHash, stored!.keyHash), eq(kioskDevices.active, true)))
    .returning({ id: kioskDevices.id });
  if (updated.length === 0)
    throw new AppError("CONFLICT", "This kiosk was changed by someone else just now. Reload and try again.");
  deps.audit({
    action: "KIOSK_KEY_ROTATED",
    targetType: "kiosk",
    targetId: kioskId,
    changes: { keyPrefix: { before: current.keyPrefix, after: keyPrefix } },
  });
  return { device: withStatus({ ...current, keyPrefix, rotatedAt }, new Date()), key };
}

export async function revokeKiosk(deps: Deps, kioskId: string) {
  const current = await loadForAdmin(deps, kioskId);
  const revokedAt = new Date();
  const updated = await deps.db
    .update(kioskDevices)
    .set({ active: false, revokedAt })
    .where(and(eq(kioskDevices.id, kioskId), eq(kioskDevices.active, true)))
    .returning({ id: kioskDevices.id });
  if (updated.length === 0) throw new AppError("INVALID_STATE", "This kiosk is already revoked.");
  deps.audit({
    action: "KIOSK_REVOKED",
    targetType: "kiosk",
    targetId: kioskId,
    changes: { active: { before: true, after: false } },
  });
  return withStatus({ ...current, active: false, revokedAt }, new Date());
}
