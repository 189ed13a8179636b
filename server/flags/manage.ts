// Admin management of feature flags (the flags domain); every change is audited with its before and after.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { featureFlagDistricts, featureFlags } from "@/db/schema/flags";
import { districts } from "@/db/schema/geography";
import type { AuditEntry } from "@/server/audit";
import { AppError } from "@/server/errors";
import { enforce } from "@/server/policy/authorize";
import type { Subject } from "@/server/policy/subject";
import type { AuditFn } from "@/server/audit";

/** The flags; an ADMIN sees only the districts of their own region among each flag's districts. */
export async function listFlags(db: Database, viewer: Pick<Subject, "role" | "regionId">) {
  const flags = await db.select().from(featureFlags).orderBy(asc(featureFlags.key));
  const links = await db
    .select({ flagKey: featureFlagDistricts.flagKey, districtId: featureFlagDistricts.districtId, regionId: districts.regionId })
    .from(featureFlagDistricts)
    .innerJoin(districts, eq(districts.id, featureFlagDistricts.districtId));
  const visible = links.filter(
    (l) => viewer.role === "SUPER_ADMIN" || (viewer.regionId !== null && l.regionId === viewer.regionId),
  );
  return flags.map((f) => ({
    ...f,
    districtIds: visible.filter((l) => l.flagKey === f.key).map((l) => l.districtId),
  }));
}

export async function updateFlag(
  deps: { db: Database; user: Subject; audit: AuditFn; securityEvents: AuditEntry[] },
  input: { key: string; isGlobalEnabled?: boolean; rolloutPercentage?: number; districtIds?: string[] },
) {
  const [flag] = await deps.db.select().from(featureFlags).where(eq(featureFlags.key, input.key)).limit(1);
  if (!flag) throw new AppError("NOT_FOUND", "That flag does not exist.");
  const current = await deps.db
    .select({ districtId: featureFlagDistricts.districtId, regionId: districts.regionId })
    .from(featureFlagDistricts)
    .innerJoin(districts, eq(districts.id, featureFlagDistricts.districtId))
    .where(eq(featureFlagDistricts.flagKey, flag.key));
  const currentIds = current.map((l) => l.districtId);
  // An ADMIN sees, and so sends, only their own region's districts (listFlags): other regions' stay as they are.
  const untouchable =
    deps.user.role === "SUPER_ADMIN" ? [] : current.filter((l) => l.regionId !== deps.user.regionId).map((l) => l.districtId);
  const nextIds = input.districtIds ? [...new Set([...input.districtIds, ...untouchable])] : currentIds;
  const added = nextIds.filter((id) => !currentIds.includes(id));
  const removed = currentIds.filter((id) => !nextIds.includes(id));
  const touched = [...added, ...removed];
  const touchedRows = touched.length
    ? await deps.db
        .select({ id: districts.id, regionId: districts.regionId })
        .from(districts)
        .where(inArray(districts.id, touched))
    : [];
  if (added.some((id) => !touchedRows.find((r) => r.id === id))) {
    throw new AppError("NOT_FOUND", "One of the chosen districts does not exist.", {
      fieldErrors: { districtIds: ["One of the chosen districts does not exist."] },
    });
  }
  const changesGlobal =
    (input.isGlobalEnabled !== undefined && input.isGlobalEnabled !== flag.isGlobalEnabled) ||
    (input.rolloutPercentage !== undefined && input.rolloutPercentage !== flag.rolloutPercentage);
  enforce(deps.securityEvents, "flag.manage", deps.user, {
    changesGlobal,
    touchedDistrictRegionIds: touchedRows.map((r) => r.regionId),
  });

  const changes: Record<string, { before: unknown; after: unknown }> = {};
  const patch: Partial<typeof flag> = {};
  if (input.isGlobalEnabled !== undefined && input.isGlobalEnabled !== flag.isGlobalEnabled) {
    patch.isGlobalEnabled = input.isGlobalEnabled;
    changes.isGlobalEnabled = { before: flag.isGlobalEnabled, after: input.isGlobalEnabled };
  }
  if (input.rolloutPercentage !== undefined && input.rolloutPercentage !== flag.rolloutPercentage) {
    patch.rolloutPercentage = input.rolloutPercentage;
    changes.rolloutPercentage = { before: flag.rolloutPercentage, after: input.rolloutPercentage };
  }
  if (touched.length) changes.districtIds = { before: [...currentIds].sort(), after: [...nextIds].sort() };
  if (Object.keys(changes).length === 0) throw new AppError("INVALID_STATE", "Nothing to change.");

  await deps.db
    .update(featureFlags)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(featureFlags.key, flag.key));
  if (removed.length) {
    await deps.db
      .delete(featureFlagDistricts)
      .where(and(eq(featureFlagDistricts.flagKey, flag.key), inArray(featureFlagDistricts.districtId, removed)));
  }
  if (added.length) {
    await deps.db.insert(featureFlagDistricts).values(added.map((districtId) => ({ flagKey: flag.key, districtId })));
  }
  deps.audit({ action: "FLAG_UPDATED", targetType: "feature_flag", targetId: flag.key, changes });
}
