// The tRPC context: createContextInner (no HTTP: tests and server components build it directly)
// and createContext (from a request's headers). Also the one shape domain functions receive.
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { preparedFor } from "@/db/prepared";
import { getDb, type Database } from "@/db/client";
import { districts } from "@/db/schema/geography";
import { users } from "@/db/schema/accounts";
import { sessions } from "@/db/schema/sessions";
import { sessionNeedsTouch, touchSession } from "./auth/device-sessions";
import type { AppErrorCode } from "./errors";
import type { AuditActor, AuditEntry, AuditFn } from "./audit";
import { isFlagOn, loadFlagSnapshot, type FlagKey, type FlagSnapshot } from "./flags";
import type { Subject } from "./policy/subject";
import { sessionFromHeaders } from "./auth/session";
import { authenticateKiosk, kioskCredentialsFrom, type KioskCredentials } from "./kiosk/identity";
import { requestInfoFrom } from "./request-info";
import { isUuid } from "@/shared/uuid";
import type { RequestInfo, SessionClaims } from "./request-types";

export type { RequestInfo, SessionClaims };

type SessionProblem = Extract<AppErrorCode, "SESSION_REVOKED" | "ACCOUNT_SUSPENDED" | "ACCOUNT_BANNED">;

/**
 * The one indexed read every signed-in request makes: the user, their region, standing and session
 * version, and the device session the cookie names (both primary-key lookups, one round trip).
 */
const subjectQuery = preparedFor((db) =>
  db
    .select({
      id: users.id,
      role: users.role,
      displayName: users.displayName,
      districtId: users.districtId,
      regionId: districts.regionId,
      kycStatus: users.kycStatus,
      status: users.status,
      sessionVersion: users.sessionVersion,
      deviceSessionId: sessions.id,
      deviceRevokedAt: sessions.revokedAt,
      deviceLastSeenAt: sessions.lastSeenAt,
    })
    .from(users)
    .leftJoin(districts, eq(districts.id, users.districtId))
    .leftJoin(sessions, and(eq(sessions.id, sql.placeholder("sessionId")), eq(sessions.userId, users.id)))
    .where(eq(users.id, sql.placeholder("userId")))
    .limit(1)
    .prepare("load_subject"),
);

/**
 * Loads the signed-in user and checks the session is still good: standing, version, and the device
 * session (not revoked). Moves the device session's "last seen" on when it is older than a few minutes.
 */
export async function loadSubject(
  db: Database,
  claims: SessionClaims,
  request?: Pick<RequestInfo, "ip">,
): Promise<{ user: Subject | null; problem: SessionProblem | null }> {
  const [row] = await subjectQuery(db).execute({ userId: claims.userId, sessionId: claims.sessionId ?? null });
  if (!row) return { user: null, problem: "SESSION_REVOKED" };
  // Standing first: a suspension or ban also bumps the version, and the person should hear why.
  if (row.status === "BANNED") return { user: null, problem: "ACCOUNT_BANNED" };
  if (row.status === "SUSPENDED") return { user: null, problem: "ACCOUNT_SUSPENDED" };
  if (row.sessionVersion !== claims.sessionVersion) return { user: null, problem: "SESSION_REVOKED" };
  if (claims.sessionId !== undefined) {
    if (!row.deviceSessionId || row.deviceRevokedAt) return { user: null, problem: "SESSION_REVOKED" };
    if (row.deviceLastSeenAt && sessionNeedsTouch(row.deviceLastSeenAt)) {
      await touchSession(db, row.deviceSessionId, request?.ip ?? null);
    }
  }
  const { deviceSessionId: _s, deviceRevokedAt: _r, deviceLastSeenAt: _l, ...subject } = row;
  return { user: { ...subject, regionId: subject.regionId ?? null }, problem: null };
}

export interface ContextOptions {
  db: Database;
  session: SessionClaims | null;
  request: RequestInfo;
  /**
   * Kiosk headers, when the request carried any. A kiosk request is never also a user's: its
   * session (if a cookie rode along) is not read at all, so kiosk credentials cannot pass as a user.
   */
  kiosk?: KioskCredentials | null;
}

/** The context without HTTP: tests and server components build it directly. */
export async function createContextInner(opts: ContextOptions) {
  const kioskCredentials = opts.kiosk ?? null;
  const { kiosk, problem: kioskProblem } = kioskCredentials
    ? await authenticateKiosk(opts.db, kioskCredentials)
    : { kiosk: null, problem: null };
  const { user, problem } =
    opts.session && !kioskCredentials ? await loadSubject(opts.db, opts.session, opts.request) : { user: null, problem: null };
  let snapshot: Promise<FlagSnapshot> | undefined;
  return {
    db: opts.db,
    /** The database outside any request transaction. */
    rootDb: opts.db,
    user,
    /** The signed-in device session (a `sessions` row), when the cookie named one and it holds. */
    sessionId: user ? (opts.session?.sessionId ?? null) : null,
    sessionProblem: problem,
    /** Whether the request presented kiosk headers at all (every non-kiosk procedure refuses it). */
    kioskRequest: kioskCredentials !== null,
    /** The verified kiosk device, or null (see kioskProblem). */
    kiosk,
    kioskProblem,
    /** The device id a kiosk request claimed, when id-shaped (for security events when it failed). */
    claimedKioskId: kioskCredentials?.id && isUuid(kioskCredentials.id) ? kioskCredentials.id.toLowerCase() : null,
    request: opts.request,
    /** Whether this request's session still holds, asked again later (a live stream lasts minutes). */
    stillSignedIn: async () =>
      user !== null && opts.session !== null && (await loadSubject(opts.db, opts.session)).user?.id === user.id,
    /** Flags are read at most once per request, from whichever connection asks first. */
    flagSnapshot: (db: Database) => (snapshot ??= loadFlagSnapshot(db)),
    /** Security events (denials) written after the call, outside its transaction. */
    securityEvents: [] as AuditEntry[],
  };
}

export type Context = Awaited<ReturnType<typeof createContextInner>>;

export function actorOf(ctx: Pick<Context, "user" | "request"> & Partial<Pick<Context, "kiosk">>): AuditActor {
  if (ctx.kiosk) {
    return {
      actorType: "KIOSK",
      actorId: ctx.kiosk.id,
      actorRole: "PUBLIC_KIOSK",
      ip: ctx.request.ip,
      userAgent: ctx.request.userAgent,
      requestId: ctx.request.requestId,
    };
  }
  return {
    actorType: ctx.user ? "USER" : "ANONYMOUS",
    actorId: ctx.user?.id ?? null,
    actorRole: ctx.user?.role ?? null,
    ip: ctx.request.ip,
    userAgent: ctx.request.userAgent,
    requestId: ctx.request.requestId,
  };
}

/** Whether a flag is on for the caller (or for a given district). */
export async function flagOn(
  ctx: { db: Database; user: Pick<Subject, "id" | "districtId"> | null; flagSnapshot: (db: Database) => Promise<FlagSnapshot> },
  key: FlagKey,
  districtId: string | null = ctx.user?.districtId ?? null,
): Promise<boolean> {
  const snapshot = await ctx.flagSnapshot(ctx.db);
  return isFlagOn(snapshot.get(key), ctx.user?.id ?? null, districtId);
}

/**
 * What a domain function acting for a signed-in user receives: the (transaction's) database, the
 * acting user, the audit recorder of the call's transaction, and the request's security events.
 * Routers pass their `ctx`; domain modules never import the transport.
 */
export interface Deps {
  db: Database;
  user: Subject;
  audit: AuditFn;
  securityEvents: AuditEntry[];
  /** The request's flags, read once (domains load the flag values their rules need: `flagOn(deps, …)`). */
  flagSnapshot: (db: Database) => Promise<FlagSnapshot>;
}

/** The HTTP side: kiosk headers, or else the session from its cookie; request info from headers. */
export async function createContext(headers: Headers) {
  const kiosk = kioskCredentialsFrom(headers);
  return createContextInner({
    db: await getDb(),
    session: kiosk ? null : await sessionFromHeaders(headers),
    request: requestInfoFrom(headers),
    kiosk,
  });
}
