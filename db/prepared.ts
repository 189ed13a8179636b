// Prepared queries for the hot reads: Drizzle builds the SQL text and the row mapping once per
// database handle instead of on every call (postgres.js then also reuses its server-side prepared
// statement). Keyed by the handle, so a transaction's handle gets its own (used once, then dropped).
import type { Database } from "./client";

export function preparedFor<T>(build: (db: Database) => T): (db: Database) => T {
  const byDb = new WeakMap<Database, T>();
  return (db) => {
    let prepared = byDb.get(db);
    if (!prepared) {
      prepared = build(db);
      byDb.set(db, prepared);
    }
    return prepared;
  };
}
