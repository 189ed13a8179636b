// Admin management of feature flags; every change is audited with its before and after.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { featureFlagDistricts, featureFlags } from "@/db/schema/features";
import { districts } from "@/db/schema/geography";
import type { AuditEntry } from "@/server/audit";
import { AppError } from "@/server/errors";
import { enforce } from "@/server/policy/authorize";
import type { Subject } from "@/server/policy/subject";
import type { AuditFn } from "@/server/trpc";

export async function listFlags(db: Database) {
  const flags = await db.select().from(featureFlags).orderBy(asc(featureFlags.key));
  const links = await db.select().from(featureFlagDistricts);
  return flags.map((f) => ({
    ...f,
    districtIds: links.filter((l) => l.flagKey === f.key).map((l) => l.districtId),
  }));
}

export async function updateFlag(
  deps: { db: Database; user: Subject; audit: AuditFn; securityEvents: AuditEntry[] },
  input: { key: string; isGlobalEnabled?: boolean; rolloutPercentage?: number; districtIds?: string[] },
) {
  const [flag] = await deps.db.select().from(featureFlags).where(eq(featureFlags.key, input.key)).limit(1);
  if (!flag) throw new AppError("NOT_FOUND", "That flag does not exist.");
  const currentIds = (
    await deps.db.select().from(featureFlagDistricts).where(eq(featureFlagDistricts.flagKey, flag.key))
  ).map((l) => l.districtId);
  const nextIds = input.districtIds ? [...new Set(input.districtIds)] : currentIds;
  const added = nextIds.filter((id) => !currentIds.includes(id));
  const removed = currentIds.filter((id) => !nextIds.includes(id));
  const touched = [...added, ...removed];
  const touchedRows = touched.length
    ? await deps.db.select({ id: districts.id, regionId: districts.regionId }).from(districts).where(inArray(districts.id, touched))
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
