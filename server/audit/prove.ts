// An event's inclusion proof against the latest signed checkpoint: everything the offline checker
// (check-proof-cli.ts) needs besides the public key.
import "server-only";
import { and, desc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditCheckpoints, auditEvents, auditLogLeaves } from "@/db/schema/audit";
import type { Subject } from "@/server/policy/subject";
import { AppError } from "@/server/errors";
import { leafFields, type LeafFields } from "./canonical";
import { auditScope } from "./browse";
import { inclusionProof } from "./merkle";
import { auditOrigin } from "./sequencer";
import { storedNodes } from "./verify";

export type EventProof =
  | { status: "PENDING"; eventId: string }
  | {
      status: "SEQUENCED";
      eventId: string;
      /** The event exactly as its leaf commits to it. */
      event: LeafFields;
      logIndex: number;
      treeSize: number;
      leafHash: string;
      /** Sibling hashes, leaf to root, hex. */
      proof: string[];
      /** The signed checkpoint (C2SP signed note) the proof leads to. */
      checkpoint: string;
      keyName: string;
      kid: string;
    };

export async function proveEvent(db: Database, viewer: Pick<Subject, "role" | "regionId">, eventId: string): Promise<EventProof> {
  const [event] = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.id, eventId), auditScope(viewer)))
    .limit(1);
  if (!event) throw new AppError("NOT_FOUND", "No such audit event in your scope.");
  const [leaf] = await db.select().from(auditLogLeaves).where(eq(auditLogLeaves.eventId, eventId)).limit(1);
  const [checkpoint] = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.treeSize)).limit(1);
  if (!leaf || !checkpoint || checkpoint.treeSize <= leaf.logIndex) return { status: "PENDING", eventId };
  const proof = await inclusionProof(storedNodes(db), leaf.logIndex, checkpoint.treeSize);
  return {
    status: "SEQUENCED",
    eventId,
    event: leafFields(event),
    logIndex: leaf.logIndex,
    treeSize: checkpoint.treeSize,
    leafHash: leaf.leafHash,
    proof: proof.map((h) => h.toString("hex")),
    checkpoint: checkpoint.note,
    keyName: auditOrigin(),
    kid: checkpoint.kid,
  };
}
