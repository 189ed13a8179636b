// Verifying the whole log: every leaf recomputed from its event, every checkpoint's signature, its
// root against the recomputed tree, and a consistency proof from each checkpoint to the next. Names
// the first broken event or checkpoint.
import "server-only";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditCheckpoints, auditEvents, auditLogLeaves, auditLogNodes } from "@/db/schema/audit";
import { leafData } from "./canonical";
import { openCheckpoint } from "./checkpoint";
import { getAuditKeyring, type AuditKeyring } from "./keys";
import { consistencyProof, leafHash, MemoryTree, rootHash, verifyConsistency, type NodeReader } from "./merkle";
import { auditOrigin } from "./sequencer";

export type Broken =
  | { kind: "event"; logIndex: number; id: string | null; reason: string }
  | { kind: "checkpoint"; treeSize: number; reason: string };

export type LogVerdict =
  { ok: true; checked: number; checkpoints: number } | { ok: false; checked: number; checkpoints: number; brokenAt: Broken };

/** Reads stored tree nodes (what proofs are served from). */
export function storedNodes(db: Database): NodeReader {
  return async (level, index) => {
    const [row] = await db
      .select({ hash: auditLogNodes.hash })
      .from(auditLogNodes)
      .where(and(eq(auditLogNodes.level, level), eq(auditLogNodes.nodeIndex, index)))
      .limit(1);
    if (!row) throw new Error(`audit tree node (${level}, ${index}) is missing`);
    return Buffer.from(row.hash, "hex");
  };
}

export async function verifyAuditLog(
  db: Database,
  options: { batchSize?: number; keyring?: AuditKeyring; origin?: string } = {},
): Promise<LogVerdict> {
  const batchSize = options.batchSize ?? 1000;
  const keyring = options.keyring ?? (await getAuditKeyring());
  const origin = options.origin ?? auditOrigin();
  const checkpoints = await db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.treeSize));
  const tree = new MemoryTree();
  let checked = 0;
  let cpIndex = 0;
  let previous: { size: number; root: Buffer } = { size: 0, root: Buffer.alloc(0) };
  const fail = (brokenAt: Broken): LogVerdict => ({ ok: false, checked, checkpoints: cpIndex, brokenAt });

  const checkCheckpointsUpTo = async (size: number): Promise<LogVerdict | null> => {
    while (cpIndex < checkpoints.length && checkpoints[cpIndex]!.treeSize <= size) {
      const cp = checkpoints[cpIndex]!;
      const broken = (reason: string) => fail({ kind: "checkpoint", treeSize: cp.treeSize, reason });
      const key = keyring.keys.find((k) => k.kid === cp.kid);
      if (!key) return broken(`signed by an unknown key "${cp.kid}"`);
      const opened = openCheckpoint(cp.note, origin, key.publicKey);
      if (!opened.ok) return broken(opened.reason);
      const { checkpoint } = opened;
      if (checkpoint.size !== cp.treeSize || checkpoint.root.toString("hex") !== cp.rootHash)
        return broken("the stored size or root differs from the signed one");
      const recomputed = await rootHash(tree.read, checkpoint.size);
      if (!recomputed.equals(checkpoint.root)) return broken("the signed root does not match the events it covers");
      if (previous.size > 0) {
        const proof = await consistencyProof(tree.read, previous.size, checkpoint.size);
        if (!verifyConsistency(previous.size, checkpoint.size, proof, previous.root, checkpoint.root))
          return broken(`not consistent with the checkpoint of size ${previous.size}`);
      }
      previous = { size: checkpoint.size, root: checkpoint.root };
      cpIndex += 1;
    }
    return null;
  };

  let next = 0;
  for (;;) {
    const batch = await db
      .select({ leaf: auditLogLeaves, event: auditEvents })
      .from(auditLogLeaves)
      .leftJoin(
        auditEvents,
        and(eq(auditEvents.id, auditLogLeaves.eventId), eq(auditEvents.createdAt, auditLogLeaves.eventCreatedAt)),
      )
      .where(gt(auditLogLeaves.logIndex, next - 1))
      .orderBy(asc(auditLogLeaves.logIndex))
      .limit(batchSize);
    if (batch.length === 0) break;
    for (const { leaf, event } of batch) {
      const broken = (reason: string) => fail({ kind: "event", logIndex: leaf.logIndex, id: leaf.eventId, reason });
      if (leaf.logIndex !== next)
        return fail({
          kind: "event",
          logIndex: next,
          id: null,
          reason: `missing from the log (the next entry is #${leaf.logIndex})`,
        });
      if (!event) return broken("the event was deleted");
      const hash = leafHash(leafData(event));
      if (hash.toString("hex") !== leaf.leafHash) return broken("the event's contents do not match its leaf hash");
      tree.append(hash);
      next += 1;
      checked += 1;
      const verdict = await checkCheckpointsUpTo(tree.size);
      if (verdict) return verdict;
    }
  }
  if (cpIndex < checkpoints.length) {
    const cp = checkpoints[cpIndex]!;
    return fail({ kind: "checkpoint", treeSize: cp.treeSize, reason: `covers ${cp.treeSize} events but the log has ${next}` });
  }
  if (next > previous.size)
    return fail({ kind: "event", logIndex: previous.size, id: null, reason: "in the log but covered by no signed checkpoint" });
  // Proofs are served from the stored nodes: they must give the signed root too.
  if (previous.size > 0 && !(await rootHash(storedNodes(db), previous.size)).equals(previous.root))
    return fail({ kind: "checkpoint", treeSize: previous.size, reason: "the stored tree nodes do not give the signed root" });
  return { ok: true, checked, checkpoints: cpIndex };
}

/** How many events are not sequenced yet (they are verified once they are). */
export async function pendingCount(db: Database): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditEvents)
    .where(sql`not exists (select 1 from ${auditLogLeaves} l where l.event_id = ${auditEvents.id})`);
  return row?.n ?? 0;
}
