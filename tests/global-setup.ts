// On real Postgres (DATABASE_URL set): builds one migrated template database; each test file
// then gets its own copy of it (CREATE DATABASE … TEMPLATE), so files never see each other's data.
import postgres from "postgres";
import { openDatabase } from "../db/client";

// TEST_DB_SUFFIX lets several checkouts run their suites on one PostgreSQL server at once.
export const TEMPLATE_DB = `tessera_vitest_template${process.env.TEST_DB_SUFFIX ?? ""}`;

export default async function setup() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.log("[tests] database: embedded PGlite (in memory, one per test file)");
    return;
  }
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${TEMPLATE_DB}`);
  const templateUrl = withDatabase(url, TEMPLATE_DB);
  const handle = await openDatabase({ url: templateUrl, migrate: true, max: 1 });
  await handle.close();
  await admin.end();
  console.log(`[tests] database: PostgreSQL at ${new URL(url).host}, template ${TEMPLATE_DB}`);
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
