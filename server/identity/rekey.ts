// Re-keys citizen profiles to the newest national-ID key version, in batches. Each profile moves
// from its stored hash alone (hash at version n = HMAC(key n, hash at n−1)), so no number is needed.
// Resumable: each batch commits on its own and picks the next profiles still below the newest
// version; stopping half-way leaves every profile valid at the version it records.
import { and, asc, eq, lt } from "drizzle-orm";
import type { Database } from "@/db/client";
import { citizenProfiles } from "@/db/schema/identity";
import { appendAuditEvents } from "@/server/audit";
import { newestNidVersion, nidKeys, rekeyHash } from "./nid";
import type { NidKey } from "./nid-keys";

export async function rekeyProfiles(
  db: Database,
  opts: { batchSize?: number; keys?: NidKey[]; onBatch?: (done: number) => void } = {},
): Promise<{ rekeyed: number; newestVersion: number }> {
  const keys = opts.keys ?? nidKeys();
  const newest = newestNidVersion(keys);
  const batchSize = opts.batchSize ?? 500;
  let rekeyed = 0;
  for (;;) {
    const moved = await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Database;
      const batch = await tx
        .select({ id: citizenProfiles.id, nidHash: citizenProfiles.nidHash, nidKeyVersion: citizenProfiles.nidKeyVersion })
        .from(citizenProfiles)
        .where(lt(citizenProfiles.nidKeyVersion, newest))
        .orderBy(asc(citizenProfiles.id))
        .limit(batchSize)
        .for("update", { skipLocked: true });
      for (const row of batch) {
        const nidHash = rekeyHash(row.nidHash, row.nidKeyVersion, newest, keys);
        // Conditional on the version read: a profile re-keyed meanwhile (the person re-entered the number) is left alone.
        await tx
          .update(citizenProfiles)
          .set({ nidHash, nidKeyVersion: newest, updatedAt: new Date() })
          .where(and(eq(citizenProfiles.id, row.id), eq(citizenProfiles.nidKeyVersion, row.nidKeyVersion)));
      }
      if (batch.length > 0) {
        await appendAuditEvents(
          tx,
          { actorType: "SYSTEM", actorId: null, actorRole: null, ip: null, userAgent: "nid:rekey", requestId: null },
          [{ action: "NID_PROFILES_REKEYED", targetType: "system", changes: { profiles: batch.length, toVersion: newest } }],
          { inTransaction: true },
        );
      }
      return batch.length;
    });
    rekeyed += moved;
    opts.onBatch?.(rekeyed);
    if (moved < batchSize) break;
  }
  return { rekeyed, newestVersion: newest };
}
