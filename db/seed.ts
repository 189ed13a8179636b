// `npm run db:seed`: loads the demo data (idempotent) and prints what a person needs to try the app.
import { openDatabase } from "./client";
import { DEMO_ACCOUNTS, DEMO_INVITES, DEMO_PASSWORD, seedDemo } from "./demo";
import { DEMO_IDENTITIES } from "./seed-identity";
import { DEMO_STAFF } from "./seed-verification";

const url = process.env.DATABASE_URL || undefined;
const handle = await openDatabase({ url, pgliteDir: process.env.PGLITE_DIR, migrate: !url, max: 1 });
try {
  const { createdUsers, kiosk } = await seedDemo(handle.db);
  const appUrl = process.env.APP_URL ?? "http://localhost:3000";
  console.log(`\nTessera demo data is ready (${handle.kind}; ${createdUsers} new accounts).\n`);
  console.log(`Sign in at ${appUrl}/login with any of these (password for all: ${DEMO_PASSWORD}):`);
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.role.padEnd(12)} ${a.email}`);
  for (const p of DEMO_IDENTITIES.filter((i) => i.sample)) {
    console.log(
      `  ${p.role!.padEnd(12)} ${p.email} (identity enrollment ${p.status === "SUBMITTED" ? "waiting for review" : "sent back for changes"})`,
    );
  }
  console.log(`\nVerifier organizations' staff (same password):`);
  for (const s of DEMO_STAFF) console.log(`  ${s.organization.padEnd(16)} ${s.orgRole.padEnd(10)} ${s.email}`);
  console.log(`\nInvite links (50 uses each):`);
  for (const i of DEMO_INVITES) console.log(`  ${i.role.padEnd(12)} ${appUrl}/signup?invite=${i.code}`);
  console.log(`\nDemo kiosk (Naxos Old Town): open ${appUrl}/kiosk and enter`);
  console.log(`  device id  ${kiosk.id}`);
  console.log(
    kiosk.key
      ? `  key        ${kiosk.key}`
      : "  key        (shown only when first created; rotate it in /admin/kiosks for a new one)",
  );
  console.log("");
} finally {
  await handle.close();
}
