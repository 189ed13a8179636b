// `npm run audit:verify`: checks every leaf, checkpoint signature, root and consistency proof of the
// audit log; exits non-zero naming the first broken event or checkpoint. Events not sequenced yet
// are counted, not checked (the sequencer has not committed to them).
import { openDatabase } from "@/db/client";
import { verifyAuditLog } from "@/server/audit/verify";
import { pendingCount } from "@/server/audit/verify";

const handle = await openDatabase({
  url: process.env.DATABASE_URL || undefined,
  pgliteDir: process.env.PGLITE_DIR,
  migrate: !process.env.DATABASE_URL,
  max: 1,
});
try {
  const verdict = await verifyAuditLog(handle.db);
  const pending = await pendingCount(handle.db);
  if (verdict.ok) {
    console.log(
      `Audit log OK: ${verdict.checked} events and ${verdict.checkpoints} signed checkpoints checked; ${pending} not sequenced yet.`,
    );
  } else {
    const b = verdict.brokenAt;
    console.error(
      b.kind === "event"
        ? `Audit log BROKEN at event #${b.logIndex}${b.id ? ` (id ${b.id})` : ""}: ${b.reason}. ${verdict.checked} events before it are intact.`
        : `Audit log BROKEN at the checkpoint of size ${b.treeSize}: ${b.reason}. ${verdict.checked} events checked before it.`,
    );
    process.exitCode = 1;
  }
} finally {
  await handle.close();
}
