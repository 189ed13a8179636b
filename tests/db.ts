// A private, migrated database for a test file: a copy of the Postgres template, or an in-memory PGlite.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, type DatabaseHandle } from "../db/client";
import { stopSequencer } from "../server/audit/sequencer";
import { TEMPLATE_DB, withDatabase } from "./global-setup";

export const onPostgres = Boolean(process.env.DATABASE_URL);

export async function freshDatabase(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const local = await openDatabase({ pgliteDir: "memory://", migrate: true });
    // A live stream starts the audit sequencer on the database; it stops before the database closes.
    return { ...local, close: () => stopSequencer(local.db).then(() => local.close()) };
  }
  const name = `tessera_t_${randomBytes(6).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  await admin.end();
  const handle = await openDatabase({ url: withDatabase(url, name), max: 40 });
  return {
    ...handle,
    close: async () => {
      await stopSequencer(handle.db);
      await handle.close();
      const cleanup = postgres(url, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
