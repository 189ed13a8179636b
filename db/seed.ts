// `npm run db:seed`: loads the demo data (idempotent) and prints what a person needs to try the app.
import { openDatabase } from "./client";
import { DEMO_ACCOUNTS, DEMO_INVITES, DEMO_PASSWORD, seedDemo } from "./demo";

const url = process.env.DATABASE_URL || undefined;
const handle = await openDatabase({ url, pgliteDir: process.env.PGLITE_DIR, migrate: !url, max: 1 });
try {
  const { createdUsers } = await seedDemo(handle.db);
  const appUrl = process.env.APP_URL ?? "http://localhost:3000";
  console.log(`\nTessera demo data is ready (${handle.kind}; ${createdUsers} new accounts).\n`);
  console.log(`Sign in at ${appUrl}/login with any of these (password for all: ${DEMO_PASSWORD}):`);
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.role.padEnd(12)} ${a.email}`);
  console.log(`\nInvite links (50 uses each):`);
  for (const i of DEMO_INVITES) console.log(`  ${i.role.padEnd(12)} ${appUrl}/signup?invite=${i.code}`);
  console.log("");
} finally {
  await handle.close();
}
