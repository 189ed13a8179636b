// Shared test helpers: a fresh seeded database, the demo people, callers acting as them, and the
// error a client would see (run through the app's own errorFormatter, as the HTTP handler does).
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { getErrorShape } from "@trpc/server/unstable-core-do-not-import";
import type { Database, DatabaseHandle } from "@/db/client";
import { DEMO_ACCOUNTS, DEMO_GEOGRAPHY, seedDemo } from "@/db/demo";
import { auditEvents, districts, regions, users, type Role } from "@/db/schema";
import { appRouter, createCaller } from "@/server/root";
import { createContextInner } from "@/server/trpc";
import { freshDatabase } from "./db";

export type DemoRole = (typeof DEMO_ACCOUNTS)[number]["role"];

export interface DemoUser {
  id: string;
  email: string;
  role: Role;
  sessionVersion: number;
  districtId: string | null;
}

export interface SessionLike {
  id: string;
  sessionVersion: number;
}

export type Caller = ReturnType<typeof createCaller>;

export interface TestWorld {
  handle: DatabaseHandle;
  db: Database;
  /** The seeded demo accounts, by role. */
  demo: Record<DemoRole, DemoUser>;
  /** District ids by name (see DEMO_GEOGRAPHY). */
  district: (name: string) => string;
  /** Region ids by name. */
  region: (name: string) => string;
  /** A caller acting as a user with the given session claims (the stored version unless overridden). */
  as: (user: SessionLike, opts?: { ip?: string }) => Promise<Caller>;
  /** A caller with no session. */
  anonymous: (opts?: { ip?: string }) => Promise<Caller>;
  /** Re-reads a user's current row (role, status, session version...). */
  reload: (userId: string) => Promise<DemoUser & { status: string }>;
  /** Inserts an extra user directly (no signup), reusing the demo password hash. */
  addUser: (fields: { role: Role; district: string | null; status?: "ACTIVE" | "SUSPENDED" | "BANNED"; email?: string; displayName?: string }) => Promise<DemoUser>;
  close: () => Promise<void>;
}

export const NAXOS = "Naxos Old Town";
export const PAROS = "Paros Harbour";
export const SYROS = "Syros Hermoupolis";
export const ZAGORI = "Zagori Villages";
export const METSOVO = "Metsovo";
export const AEGEAN = "Aegean Islands";
export const HIGHLANDS = "Northern Highlands";

let userCounter = 0;

/** A private migrated database with the demo data, and ways to act as each demo person. */
export async function seededWorld(): Promise<TestWorld> {
  const handle = await freshDatabase();
  const db = handle.db;
  await seedDemo(db);

  const rows = await db.select().from(users);
  const demo = {} as Record<DemoRole, DemoUser>;
  for (const account of DEMO_ACCOUNTS) {
    const row = rows.find((r) => r.email === account.email);
    if (!row) throw new Error(`demo account ${account.email} missing after seed`);
    demo[account.role] = {
      id: row.id,
      email: row.email!,
      role: row.role,
      sessionVersion: row.sessionVersion,
      districtId: row.districtId,
    };
  }
  const demoHash = rows[0]!.passwordHash;

  const districtRows = await db.select().from(districts);
  const regionRows = await db.select().from(regions);
  const district = (name: string) => {
    const row = districtRows.find((d) => d.name === name);
    if (!row) throw new Error(`no district ${name}`);
    return row.id;
  };
  const region = (name: string) => {
    const row = regionRows.find((r) => r.name === name);
    if (!row) throw new Error(`no region ${name}`);
    return row.id;
  };
  // Sanity: the seed matches what the tests assume about geography.
  for (const [regionName, list] of Object.entries(DEMO_GEOGRAPHY)) {
    for (const d of list) {
      if (districtRows.find((r) => r.name === d.name)!.regionId !== region(regionName)) {
        throw new Error(`district ${d.name} not in ${regionName}`);
      }
    }
  }

  const as = async (user: SessionLike, opts: { ip?: string } = {}) =>
    createCaller(
      await createContextInner({
        db,
        session: { userId: user.id, sessionVersion: user.sessionVersion },
        request: { ip: opts.ip ?? "127.0.0.1", userAgent: "vitest", requestId: randomUUID() },
      }),
    );
  const anonymous = async (opts: { ip?: string } = {}) =>
    createCaller(
      await createContextInner({
        db,
        session: null,
        request: { ip: opts.ip ?? "127.0.0.1", userAgent: "vitest", requestId: randomUUID() },
      }),
    );
  const reload = async (userId: string) => {
    const [row] = await db.select().from(users).where(eq(users.id, userId));
    if (!row) throw new Error(`no user ${userId}`);
    return {
      id: row.id,
      email: row.email ?? "",
      role: row.role,
      sessionVersion: row.sessionVersion,
      districtId: row.districtId,
      status: row.status,
    };
  };
  const addUser: TestWorld["addUser"] = async (fields) => {
    userCounter += 1;
    const email = fields.email ?? `extra-${userCounter}-${randomUUID().slice(0, 8)}@tessera.test`;
    const [row] = await db
      .insert(users)
      .values({
        email,
        passwordHash: demoHash,
        displayName: fields.displayName ?? `Extra ${fields.role.toLowerCase()} ${userCounter}`,
        role: fields.role,
        districtId: fields.district ? district(fields.district) : null,
        status: fields.status ?? "ACTIVE",
      })
      .returning();
    return { id: row!.id, email, role: row!.role, sessionVersion: row!.sessionVersion, districtId: row!.districtId };
  };

  return { handle, db, demo, district, region, as, anonymous, reload, addUser, close: () => handle.close() };
}

// ---------------------------------------------------------------- outcomes as a client sees them

export type Outcome<T = unknown> =
  | { ok: true; data: T }
  | {
      ok: false;
      code: string;
      appCode: string | null;
      reason: string | null;
      fieldErrors: Record<string, string[]> | null;
      message: string;
      error: unknown;
    };

/** Runs a call and returns its result, or the error shape the app's errorFormatter gives a client. */
export async function outcome<T>(promise: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, data: await promise };
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const shape = getErrorShape({
      config: appRouter._def._config,
      error,
      type: "unknown",
      path: undefined,
      input: undefined,
      ctx: undefined,
    }) as unknown as {
      message: string;
      data: { code: string; appCode: string | null; reason: string | null; fieldErrors: Record<string, string[]> | null };
    };
    return {
      ok: false,
      code: shape.data.code,
      appCode: shape.data.appCode,
      reason: shape.data.reason,
      fieldErrors: shape.data.fieldErrors,
      message: shape.message,
      error,
    };
  }
}

/** Asserts the call failed with the given tRPC code (and appCode / reason when given); returns the outcome. */
export async function expectError<T>(
  promise: Promise<T>,
  code: string,
  appCode?: string | null,
  reason?: string | null,
): Promise<Extract<Outcome, { ok: false }>> {
  const out = await outcome(promise);
  if (out.ok) throw new Error(`expected ${code}/${appCode ?? "-"} but the call succeeded with ${JSON.stringify(out.data)}`);
  const seen = { code: out.code, appCode: out.appCode, reason: out.reason };
  const want: Record<string, unknown> = { code };
  if (appCode !== undefined) want.appCode = appCode;
  if (reason !== undefined) want.reason = reason;
  const got: Record<string, unknown> = { code: seen.code };
  if (appCode !== undefined) got.appCode = seen.appCode;
  if (reason !== undefined) got.reason = seen.reason;
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    throw new Error(`expected ${JSON.stringify(want)} but got ${JSON.stringify(seen)}: ${out.message}`);
  }
  return out;
}

// ---------------------------------------------------------------- audit reading

export async function auditRows(db: Database, filter: { action?: string; targetId?: string } = {}) {
  return db
    .select()
    .from(auditEvents)
    .where(
      and(
        filter.action ? eq(auditEvents.action, filter.action) : undefined,
        filter.targetId ? eq(auditEvents.targetId, filter.targetId) : undefined,
      ),
    )
    .orderBy(asc(auditEvents.seq));
}

export async function countAudit(db: Database, filter: { action?: string; targetId?: string } = {}) {
  return (await auditRows(db, filter)).length;
}

export const ROOT = new URL("..", import.meta.url).pathname;
