// Regions and districts. Super admins manage all; admins edit their own region's districts.
import { asc, eq, inArray, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { preparedFor } from "@/db/prepared";
import { districts, regions } from "@/db/schema/geography";
import { diff } from "@/server/audit";
import { AppError } from "@/server/errors";
import { enforce } from "@/server/policy/authorize";
import type { Subject } from "@/server/policy/subject";
import { inGroup, SUPER_ADMINS } from "@/server/policy/roles";
import type { Deps } from "@/server/context";
import { duplicateOf, refuseDuplicates } from "@/server/db-errors";

const DISTRICT_NAME_TAKEN = duplicateOf("name", "That region already has a district with that name.");

/** A district and its region; NOT_FOUND (beside the district field) when there is none. */
export async function districtWithRegion(db: Database, districtId: string) {
  const [row] = await db
    .select({ id: districts.id, name: districts.name, regionId: districts.regionId })
    .from(districts)
    .where(eq(districts.id, districtId))
    .limit(1);
  if (!row)
    throw new AppError("NOT_FOUND", "That district does not exist.", { fieldErrors: { districtId: ["Choose a district."] } });
  return row;
}

/** The ids of a region's districts, as a subquery (none for a user without a region). */
export function districtsOfRegion(db: Database, regionId: string | null) {
  return db
    .select({ id: districts.id })
    .from(districts)
    .where(regionId ? eq(districts.regionId, regionId) : sql`false`);
}

/**
 * What an admin's lists are limited to: rows whose district (`districtColumn`) lies in the admin's
 * region; no limit for a super admin. The SQL side of the `admin.scope` rule.
 */
export function regionScope(db: Database, user: Pick<Subject, "role" | "regionId">, districtColumn: AnyColumn): SQL | undefined {
  if (inGroup(user.role, SUPER_ADMINS)) return undefined;
  return inArray(districtColumn, districtsOfRegion(db, user.regionId));
}

const districtsQuery = preparedFor((db) =>
  db
    .select({
      id: districts.id,
      name: districts.name,
      regionId: regions.id,
      regionName: regions.name,
    })
    .from(districts)
    .innerJoin(regions, eq(regions.id, districts.regionId))
    .orderBy(asc(regions.name), asc(districts.name))
    .prepare("list_districts"),
);

/** Public names only: which regions and districts exist. */
export async function listDistricts(db: Database) {
  return districtsQuery(db).execute();
}

/** Districts with their crowd figures: an ADMIN's own region's, a SUPER_ADMIN's all. */
export async function listDistrictsForAdmin(db: Database, viewer: Pick<Subject, "role" | "regionId">) {
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
    .where(regionScope(db, viewer, districts.id))
    .orderBy(asc(regions.name), asc(districts.name));
}

/** Regions: an ADMIN's own, a SUPER_ADMIN's all. */
export async function listRegions(db: Database, viewer: Pick<Subject, "role" | "regionId">) {
  const own = inGroup(viewer.role, SUPER_ADMINS) ? undefined : viewer.regionId ? eq(regions.id, viewer.regionId) : sql`false`;
  return db.select({ id: regions.id, name: regions.name }).from(regions).where(own).orderBy(asc(regions.name));
}

export async function createRegion(deps: Deps, input: { name: string }) {
  const [region] = await refuseDuplicates(
    () => deps.db.insert(regions).values({ name: input.name }).returning(),
    duplicateOf("name", "A region with that name exists."),
  );
  deps.audit({ action: "REGION_CREATED", targetType: "region", targetId: region!.id, changes: { name: input.name } });
  return region!;
}

export async function createDistrict(
  deps: Deps,
  input: { regionId: string; name: string; crowdDensity: number; densityThreshold: number },
) {
  enforce(deps.securityEvents, "admin.scope", deps.user, { regionId: input.regionId });
  const [region] = await deps.db.select({ id: regions.id }).from(regions).where(eq(regions.id, input.regionId)).limit(1);
  if (!region)
    throw new AppError("NOT_FOUND", "That region does not exist.", { fieldErrors: { regionId: ["Choose a region."] } });
  const [district] = await refuseDuplicates(() => deps.db.insert(districts).values(input).returning(), DISTRICT_NAME_TAKEN);
  deps.audit({ action: "DISTRICT_CREATED", targetType: "district", targetId: district!.id, changes: input });
  return district!;
}

export async function updateDistrict(
  deps: Deps,
  input: { districtId: string; name?: string; crowdDensity?: number; densityThreshold?: number },
) {
  const [current] = await deps.db.select().from(districts).where(eq(districts.id, input.districtId)).limit(1);
  if (!current) throw new AppError("NOT_FOUND", "That district does not exist.");
  enforce(deps.securityEvents, "admin.scope", deps.user, { regionId: current.regionId });
  const { districtId: _id, ...patch } = input;
  const changes = diff(current, patch);
  if (Object.keys(changes).length === 0) throw new AppError("INVALID_STATE", "Nothing to change.");
  const [updated] = await refuseDuplicates(
    () =>
      deps.db
        .update(districts)
        .set({ ...patch, updatedAt: new Date() })
        .where(eq(districts.id, current.id))
        .returning(),
    DISTRICT_NAME_TAKEN,
  );
  deps.audit({ action: "DISTRICT_UPDATED", targetType: "district", targetId: current.id, changes });
  return updated!;
}
