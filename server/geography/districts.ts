// Regions and districts. Super admins manage all; admins edit their own region's districts.
import { asc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { districts, regions } from "@/db/schema/geography";
import type { AuditEntry } from "@/server/audit";
import { diff } from "@/server/audit";
import { AppError } from "@/server/errors";
import { enforce } from "@/server/policy/authorize";
import type { Subject } from "@/server/policy/subject";
import type { AuditFn } from "@/server/trpc";
import { uniqueViolation } from "@/server/accounts/errors-pg";

export interface GeoDeps {
  db: Database;
  user: Subject;
  audit: AuditFn;
  securityEvents: AuditEntry[];
}

/** Public names only: which regions and districts exist. */
export async function listDistricts(db: Database) {
  return db
    .select({
      id: districts.id,
      name: districts.name,
      regionId: regions.id,
      regionName: regions.name,
    })
    .from(districts)
    .innerJoin(regions, eq(regions.id, districts.regionId))
    .orderBy(asc(regions.name), asc(districts.name));
}

/** With crowd figures, for admins. */
export async function listDistrictsForAdmin(db: Database) {
  return db
    .select({
      id: districts.id,
      name: districts.name,
      regionId: regions.id,
      regionName: regions.name,
      crowdDensity: districts.crowdDensity,
      densityThreshold: districts.densityThreshold,
      updatedAt: districts.updatedAt,
    })
    .from(districts)
    .innerJoin(regions, eq(regions.id, districts.regionId))
    .orderBy(asc(regions.name), asc(districts.name));
}

export async function listRegions(db: Database) {
  return db.select({ id: regions.id, name: regions.name }).from(regions).orderBy(asc(regions.name));
}

export async function createRegion(deps: GeoDeps, input: { name: string }) {
  try {
    const [region] = await deps.db.insert(regions).values({ name: input.name }).returning();
    deps.audit({ action: "REGION_CREATED", targetType: "region", targetId: region!.id, changes: { name: input.name } });
    return region!;
  } catch (err) {
    if (uniqueViolation(err)) {
      throw new AppError("CONFLICT", "A region with that name exists.", { fieldErrors: { name: ["A region with that name exists."] } });
    }
    throw err;
  }
}

export async function createDistrict(
  deps: GeoDeps,
  input: { regionId: string; name: string; crowdDensity: number; densityThreshold: number },
) {
  enforce(deps.securityEvents, "admin.scope", deps.user, { regionId: input.regionId });
  const [region] = await deps.db.select({ id: regions.id }).from(regions).where(eq(regions.id, input.regionId)).limit(1);
  if (!region) throw new AppError("NOT_FOUND", "That region does not exist.", { fieldErrors: { regionId: ["Choose a region."] } });
  try {
    const [district] = await deps.db.insert(districts).values(input).returning();
    deps.audit({ action: "DISTRICT_CREATED", targetType: "district", targetId: district!.id, changes: input });
    return district!;
  } catch (err) {
    if (uniqueViolation(err)) {
      throw new AppError("CONFLICT", "That region already has a district with that name.", {
        fieldErrors: { name: ["That region already has a district with that name."] },
      });
    }
    throw err;
  }
}

export async function updateDistrict(
  deps: GeoDeps,
  input: { districtId: string; name?: string; crowdDensity?: number; densityThreshold?: number },
) {
  const [current] = await deps.db.select().from(districts).where(eq(districts.id, input.districtId)).limit(1);
  if (!current) throw new AppError("NOT_FOUND", "That district does not exist.");
  enforce(deps.securityEvents, "admin.scope", deps.user, { regionId: current.regionId });
  const { districtId: _id, ...patch } = input;
  const changes = diff(current, patch);
  if (Object.keys(changes).length === 0) throw new AppError("INVALID_STATE", "Nothing to change.");
  let updated;
  try {
    [updated] = await deps.db
      .update(districts)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(districts.id, current.id))
      .returning();
  } catch (err) {
    if (uniqueViolation(err)) {
      throw new AppError("CONFLICT", "That region already has a district with that name.", {
        fieldErrors: { name: ["That region already has a district with that name."] },
      });
    }
    throw err;
  }
  deps.audit({ action: "DISTRICT_UPDATED", targetType: "district", targetId: current.id, changes });
  return updated!;
}
