// `npm run db:migrate`: applies the committed migrations to DATABASE_URL, or to the local PGlite folder.
import { openDatabase } from "./client";

const url = process.env.DATABASE_URL || undefined;
const handle = await openDatabase({ url, pgliteDir: process.env.PGLITE_DIR, migrate: true, max: 1 });
console.log(`Migrations applied (${handle.kind}${url ? "" : `, ${process.env.PGLITE_DIR ?? ".data/pglite"}`}).`);
await handle.close();
