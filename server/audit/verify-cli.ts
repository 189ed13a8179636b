// `npm run audit:verify`: checks the whole audit chain; exits non-zero naming the first broken link.
import { openDatabase } from "@/db/client";
import { verifyAuditChain } from "@/server/audit";

const handle = await openDatabase({
  url: process.env.DATABASE_URL || undefined,
  pgliteDir: process.env.PGLITE_DIR,
  migrate: !process.env.DATABASE_URL,
  max: 1,
});
try {
  const verdict = await verifyAuditChain(handle.db);
  if (verdict.ok) {
    console.log(`Audit chain OK: ${verdict.checked} events checked.`);
  } else {
    console.error(
      `Audit chain BROKEN at event #${verdict.brokenAt.seq} (id ${verdict.brokenAt.id}): ${verdict.brokenAt.reason}. ` +
        `${verdict.checked} events before it are intact.`,
    );
    process.exitCode = 1;
  }
} finally {
  await handle.close();
}
