// `npm run nid:rekey [batch size]`: moves every citizen profile to the newest key of NID_HMAC_KEYS.
import { openDatabase } from "@/db/client";
import { rekeyProfiles } from "./rekey";

const batchSize = Number(process.argv[2] ?? 500);
const url = process.env.DATABASE_URL || undefined;
const handle = await openDatabase({ url, pgliteDir: process.env.PGLITE_DIR, migrate: !url, max: 1 });
try {
  const { rekeyed, newestVersion } = await rekeyProfiles(handle.db, {
    batchSize: Number.isInteger(batchSize) && batchSize > 0 ? batchSize : 500,
    onBatch: (done) => console.log(`  ${done} profiles re-keyed so far`),
  });
  console.log(`Done: ${rekeyed} profiles re-keyed; every profile is now at key version ${newestVersion}.`);
} finally {
  await handle.close();
}
