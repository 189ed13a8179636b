// The audit domain: the lock-free write (log.ts), the sequencer that orders events into a Merkle
// tree with signed checkpoints (sequencer.ts), the verifier (verify.ts), proofs (prove.ts), the
// admin browser (browse.ts), views.
export * from "./log";
export { verifyAuditLog, type LogVerdict } from "./verify";
export { sequenceAll, startSequencer, stopSequencer } from "./sequencer";

import { verifyAuditLog } from "./verify";
/** The earlier name of verifyAuditLog, kept for callers written before the log was a Merkle tree. */
export const verifyAuditChain = (db: Parameters<typeof verifyAuditLog>[0]) => verifyAuditLog(db);
