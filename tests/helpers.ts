// Shared test helpers: a fresh seeded database, the demo people, callers acting as them, and the
// error a client would see (run through the app's own errorFormatter, as the HTTP handler does).
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gt, ne } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { getErrorShape } from "@trpc/server/unstable-core-do-not-import";
import type { Database, DatabaseHandle } from "@/db/client";
import { DEMO_ACCOUNTS, DEMO_GEOGRAPHY, seedDemo } from "@/db/demo";
import {
  auditEvents,
  districts,
  keywords,
  listingMedia,
  listings,
  moderationHistory,
  moderationItems,
  promotions,
  regions,
  reports,
  users,
  type KycStatus,
  type Role,
} from "@/db/schema";
import type { ListingStatus, ModerationTargetType } from "@/db/schema/values";
import { appRouter, createCaller } from "@/server/root";
import { createContextInner } from "@/server/context";
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
  addUser: (fields: {
    role: Role;
    district: string | null;
    status?: "ACTIVE" | "SUSPENDED" | "BANNED";
    /** Defaults to the schema's default, UNVERIFIED. */
    kycStatus?: KycStatus;
    email?: string;
    displayName?: string;
    /** Whether the address counts as confirmed (default: yes). */
    emailConfirmed?: boolean;
  }) => Promise<DemoUser>;
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
  // Tests make the listings they look for; the demo's own listings would only blur the results.
  await seedDemo(db, { listings: false });

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
        ...(fields.kycStatus ? { kycStatus: fields.kycStatus } : {}),
        emailVerifiedAt: fields.emailConfirmed === false ? null : new Date(),
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

// ---------------------------------------------------------------- listings, through the real procedures

export type ListingForm = Parameters<Caller["listings"]["create"]>[0];

let listingCounter = 0;

/** A valid listing form, unique per call (title and contact carry a counter); `over` replaces fields. */
export function listingForm(over: Partial<ListingForm> = {}): ListingForm {
  listingCounter += 1;
  return {
    kind: "SERVICE",
    title: `Harbour walk number ${listingCounter}`,
    description: "A gentle two-hour walk around the old harbour, with stories of the island.",
    category: "tours",
    price: { amountMinor: 2500, currency: "EUR" },
    contact: `Call Helena on +30 694 000 ${String(1000 + listingCounter).slice(-4)}`,
    meetingPoint: "By the blue door of the old customs house",
    ...over,
  };
}

/** Creates a draft as `host` through listings.create; returns its id. */
export async function createDraft(world: TestWorld, host: SessionLike, over: Partial<ListingForm> = {}): Promise<string> {
  const { id } = await (await world.as(host)).listings.create(listingForm(over));
  return id;
}

/** The queue item of a target, read straight from the database (undefined when there is none). */
export async function queueItemOf(world: TestWorld, targetId: string, targetType: ModerationTargetType = "LISTING") {
  const [row] = await world.db
    .select()
    .from(moderationItems)
    .where(and(eq(moderationItems.targetType, targetType), eq(moderationItems.targetId, targetId)));
  return row;
}

/** A moderator claims the listing's open item and decides it (the version read after the claim). */
export async function decideListing(
  world: TestWorld,
  listingId: string,
  decision: "APPROVE" | "REJECT" | "HIDE",
  opts: { moderator?: SessionLike; reason?: string } = {},
) {
  const moderator = await world.as(opts.moderator ?? world.demo.MODERATOR);
  const item = await queueItemOf(world, listingId);
  if (!item || item.status !== "OPEN") throw new Error(`listing ${listingId} has no open queue item`);
  const claimed = item.claimedBy ? item : await moderator.moderation.claim({ itemId: item.id });
  return moderator.moderation.decide({
    itemId: item.id,
    version: claimed.version,
    decision,
    reason: opts.reason ?? `Decided ${decision.toLowerCase()} by the test helper`,
  });
}

/**
 * A listing of `host` in the given status, reached only through the procedures: create → (submit →
 * claim → approve | reject) or archive.
 */
export async function listingIn(
  world: TestWorld,
  host: SessionLike,
  status: ListingStatus,
  over: Partial<ListingForm> = {},
): Promise<string> {
  const id = await createDraft(world, host, over);
  const caller = await world.as(host);
  if (status === "DRAFT") return id;
  if (status === "ARCHIVED") {
    await caller.listings.archive({ listingId: id });
    return id;
  }
  await caller.listings.submit({ listingId: id });
  if (status === "PENDING_REVIEW") return id;
  await decideListing(world, id, status === "APPROVED" ? "APPROVE" : "REJECT", { reason: "Not suitable as written" });
  return id;
}

/** An approved listing of `host` (create → submit → moderator claims → approves). */
export function approvedListing(world: TestWorld, host: SessionLike, over: Partial<ListingForm> = {}) {
  return listingIn(world, host, "APPROVED", over);
}

export async function listingRow(world: TestWorld, listingId: string) {
  const [row] = await world.db.select().from(listings).where(eq(listings.id, listingId));
  return row;
}

// ---------------------------------------------------------------- "nothing changed" and "audited"

/** Every row of the tables a listing/moderation/promotion mutation may touch, plus the audit log (minus denials). */
export async function dbFingerprint(db: Database): Promise<string> {
  const [l, m, p, k, r, qi, qh, a] = await Promise.all([
    db.select().from(listings).orderBy(asc(listings.id)),
    db.select().from(listingMedia).orderBy(asc(listingMedia.listingId), asc(listingMedia.assetId)),
    db.select().from(promotions).orderBy(asc(promotions.id)),
    db.select().from(keywords).orderBy(asc(keywords.id)),
    db.select().from(reports).orderBy(asc(reports.id)),
    db.select().from(moderationItems).orderBy(asc(moderationItems.id)),
    db.select().from(moderationHistory).orderBy(asc(moderationHistory.id)),
    db
      .select({ seq: auditEvents.seq, action: auditEvents.action })
      .from(auditEvents)
      .where(ne(auditEvents.action, "ACCESS_DENIED"))
      .orderBy(asc(auditEvents.seq)),
  ]);
  return JSON.stringify({ l, m, p, k, r, qi, qh, a });
}

async function lastSeq(db: Database): Promise<number> {
  const [last] = await db.select({ seq: auditEvents.seq }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
  return last?.seq ?? 0;
}

/**
 * Asserts the call fails as expectError does, and that it wrote nothing: every listing, media,
 * promotion, keyword, report and queue row is as it was, and no audit event but ACCESS_DENIED
 * appeared. Returns the outcome and the security events it left.
 */
export async function expectRefusedNoWrites<T>(
  world: TestWorld,
  call: () => Promise<T>,
  code: string,
  appCode?: string | null,
  reason?: string | null,
) {
  const before = await dbFingerprint(world.db);
  const seq = await lastSeq(world.db);
  const out = await expectError(call(), code, appCode, reason);
  const after = await dbFingerprint(world.db);
  if (after !== before) throw new Error(`refused call (${out.code}/${out.appCode}: ${out.message}) changed the database`);
  const denials = await world.db.select().from(auditEvents).where(gt(auditEvents.seq, seq)).orderBy(asc(auditEvents.seq));
  return { ...out, denials };
}

/** Runs a successful call and returns its result with the audit events it wrote. */
export async function withAudit<T>(world: TestWorld, call: () => Promise<T>) {
  const seq = await lastSeq(world.db);
  const result = await call();
  const events = await world.db.select().from(auditEvents).where(gt(auditEvents.seq, seq)).orderBy(asc(auditEvents.seq));
  return { result, events, actions: events.map((e) => e.action) };
}

/** Every string anywhere inside a value (keys and values), for "this never appears in the response" checks. */
export function deepStrings(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (v instanceof Date ? v.toISOString() : v));
}

/** Sets a feature flag through flags.update as the super admin (only the fields given). */
export async function setFlag(
  world: TestWorld,
  key: "PILOT_ACTIVE" | "HOST_ONBOARDING_ENABLED" | "PROMOTIONS_ENABLED" | "MESSAGING_ENABLED" | "EMERGENCY_MODE",
  change: { isGlobalEnabled?: boolean; districtIds?: string[]; rolloutPercentage?: number },
) {
  const flags = await (await world.as(world.demo.SUPER_ADMIN)).flags.list();
  const current = flags.find((f) => f.key === key)!;
  const differs =
    (change.isGlobalEnabled !== undefined && change.isGlobalEnabled !== current.isGlobalEnabled) ||
    (change.rolloutPercentage !== undefined && change.rolloutPercentage !== current.rolloutPercentage) ||
    (change.districtIds !== undefined && [...change.districtIds].sort().join() !== [...current.districtIds].sort().join());
  if (!differs) return;
  await (await world.as(world.demo.SUPER_ADMIN)).flags.update({ key, ...change });
}
