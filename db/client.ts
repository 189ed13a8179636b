// The database: postgres.js against DATABASE_URL when set, else embedded PGlite in a local folder.
import "server-only";
import path from "node:path";
import fs from "node:fs";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface DatabaseHandle {
  db: Database;
  kind: "postgres" | "pglite";
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations");

export interface DatabaseConfig {
  /** postgres:// URL; when absent, PGlite at `pgliteDir`. */
  url?: string;
  pgliteDir?: string;
  /** Run migrations before returning (always true for PGlite: "migrated on first use"). */
  migrate?: boolean;
  max?: number;
}

// A global symbol: Next bundles this module more than once in a process (instrumentation, routes).
const ORIGIN = Symbol.for("tessera.databaseOrigin");
type Origin = { kind: DatabaseHandle["kind"]; url?: string };

/** Which driver a database came from, and its URL: background work (the audit sequencer) opens its own connection. */
export function databaseOrigin(db: Database): Origin | undefined {
  return (db as unknown as Record<symbol, Origin | undefined>)[ORIGIN];
}

/** Opens a database. Tests use this for private databases; the app uses getDb(). */
export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(config.url, {
      max: config.max ?? 10,
      onnotice: () => {},
      prepare: true,
      // A database that does not answer a connection attempt: give up in 10 s (the person is told
      // to try again, 503) rather than holding the request for postgres.js's default 30 s.
      connect_timeout: 10,
    });
    const db = drizzle(client, { schema }) as unknown as Database;
    if (config.migrate) {
      const { migrate } = await import("drizzle-orm/postgres-js/migrator");
      await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    }
    Object.defineProperty(db, ORIGIN, { value: { kind: "postgres", url: config.url } satisfies Origin });
    return { db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const dir = config.pgliteDir ?? ".data/pglite";
  if (!dir.startsWith("memory://")) fs.mkdirSync(path.dirname(path.resolve(/*turbopackIgnore: true*/ dir)), { recursive: true });
  // Search folds accents and corrects misspellings with these (migration 0013).
  const [{ pg_trgm }, { unaccent }, { fuzzystrmatch }] = await Promise.all([
    import("@electric-sql/pglite/contrib/pg_trgm"),
    import("@electric-sql/pglite/contrib/unaccent"),
    import("@electric-sql/pglite/contrib/fuzzystrmatch"),
  ]);
  const client = await PGlite.create(dir.startsWith("memory://") ? undefined : dir, {
    extensions: { pg_trgm, unaccent, fuzzystrmatch },
  });
  const db = drizzle(client, { schema }) as unknown as Database;
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  Object.defineProperty(db, ORIGIN, { value: { kind: "pglite" } satisfies Origin });
  return { db, kind: "pglite", close: () => client.close() };
}

const globalForDb = globalThis as unknown as { __tesseraDb?: Promise<DatabaseHandle> };

/** The process-wide database, opened once (cached on globalThis so dev reloads reuse it). */
export function getDatabase(): Promise<DatabaseHandle> {
  if (!globalForDb.__tesseraDb) {
    const url = process.env.DATABASE_URL || undefined;
    globalForDb.__tesseraDb = openDatabase({
      url,
      pgliteDir: process.env.PGLITE_DIR || ".data/pglite",
      migrate: !url,
    }).catch((err) => {
      globalForDb.__tesseraDb = undefined;
      throw err;
    });
  }
  return globalForDb.__tesseraDb;
}

export async function getDb(): Promise<Database> {
  return (await getDatabase()).db;
}

/** Rows of a raw `db.execute(sql…)` result, whichever driver produced it. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** Closes the process-wide database if it was opened (the server's graceful stop). */
export async function closeDatabase(): Promise<void> {
  const opened = globalForDb.__tesseraDb;
  globalForDb.__tesseraDb = undefined;
  if (opened) await (await opened).close();
}
