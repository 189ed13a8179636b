// tRPC: the context and the procedure builders. The only place middleware is made.
// Every procedure passes one authorisation middleware that reads its declared policy (deny by
// default: no policy, no call), then the flag gate, then, for audited procedures, one transaction
// that holds both the change and its audit events.
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { districts } from "@/db/schema/geography";
import { users } from "@/db/schema/accounts";
import { AppError, APP_ERRORS, type AppErrorCode } from "./errors";
import { appendAuditEvents, type AuditActor, type AuditEntry } from "./audit";
import { isFlagOn, loadFlagSnapshot, type FlagKey, type FlagSnapshot } from "./flags";
import { isAtLeast, type Role } from "./policy/roles";
import type { Subject } from "./policy/subject";

// ---------------------------------------------------------------- policy declared in meta

export type Policy =
  | { kind: "public" }
  | { kind: "authenticated" }
  | { kind: "roles"; roles: readonly Role[] };

export interface Meta {
  policy?: Policy;
  /** The feature flag that must be on for the caller (in their district). */
  flag?: FlagKey;
  /** Set by auditedProcedure: the call runs in one transaction with its audit write. */
  audited?: boolean;
}

// ---------------------------------------------------------------- context

export interface SessionClaims {
  userId: string;
  sessionVersion: number;
}

export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

type SessionProblem = Extract<AppErrorCode, "SESSION_REVOKED" | "ACCOUNT_SUSPENDED" | "ACCOUNT_BANNED">;

/** Loads the signed-in user and checks the session is still good: version, status. */
export async function loadSubject(
  db: Database,
  claims: SessionClaims,
): Promise<{ user: Subject | null; problem: SessionProblem | null }> {
  const [row] = await db
    .select({
      id: users.id,
      role: users.role,
      displayName: users.displayName,
      districtId: users.districtId,
      regionId: districts.regionId,
      kycStatus: users.kycStatus,
      status: users.status,
      sessionVersion: users.sessionVersion,
    })
    .from(users)
    .leftJoin(districts, eq(districts.id, users.districtId))
    .where(eq(users.id, claims.userId))
    .limit(1);
  if (!row) return { user: null, problem: "SESSION_REVOKED" };
  // Standing first: a suspension or ban also bumps the version, and the person should hear why.
  if (row.status === "BANNED") return { user: null, problem: "ACCOUNT_BANNED" };
  if (row.status === "SUSPENDED") return { user: null, problem: "ACCOUNT_SUSPENDED" };
  if (row.sessionVersion !== claims.sessionVersion) return { user: null, problem: "SESSION_REVOKED" };
  return { user: { ...row, regionId: row.regionId ?? null }, problem: null };
}

export interface ContextOptions {
  db: Database;
  session: SessionClaims | null;
  request: RequestInfo;
}

/** The context without HTTP: tests and server components build it directly. */
export async function createContextInner(opts: ContextOptions) {
  const { user, problem } = opts.session
    ? await loadSubject(opts.db, opts.session)
    : { user: null, problem: null };
  let snapshot: Promise<FlagSnapshot> | undefined;
  return {
    db: opts.db,
    /** The database outside any request transaction. */
    rootDb: opts.db,
    user,
    sessionProblem: problem,
    request: opts.request,
    /** Flags are read at most once per request, from whichever connection asks first. */
    flagSnapshot: (db: Database) => (snapshot ??= loadFlagSnapshot(db)),
    /** Security events (denials) written after the call, outside its transaction. */
    securityEvents: [] as AuditEntry[],
  };
}

export type Context = Awaited<ReturnType<typeof createContextInner>>;

export function actorOf(ctx: Pick<Context, "user" | "request">): AuditActor {
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
  ctx: Pick<Context, "db" | "user" | "flagSnapshot">,
  key: FlagKey,
  districtId: string | null = ctx.user?.districtId ?? null,
): Promise<boolean> {
  const snapshot = await ctx.flagSnapshot(ctx.db);
  return isFlagOn(snapshot.get(key), ctx.user?.id ?? null, districtId);
}

// ---------------------------------------------------------------- tRPC

function fieldErrorsOf(cause: unknown): Record<string, string[]> | undefined {
  if (cause instanceof AppError) return cause.fieldErrors;
  const issues = (cause as { issues?: { path?: PropertyKey[]; message: string }[] } | undefined)?.issues;
  if (!Array.isArray(issues)) return undefined;
  const out: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = (issue.path ?? []).map(String).join(".") || "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const app = error.cause instanceof AppError ? error.cause : null;
      const fieldErrors = fieldErrorsOf(error.cause);
      const isInputError = !app && error.code === "BAD_REQUEST" && fieldErrors !== undefined;
      // An unexpected failure's message can hold a failed query with its parameters (password
      // hashes, emails): log it on the server (onError), never send it to the client.
      const isInternal = !app && error.code === "INTERNAL_SERVER_ERROR";
      return {
        ...shape,
        message: isInputError
          ? "Some fields need attention."
          : isInternal
            ? "Something went wrong on our side. Please try again."
            : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          appCode: app?.code ?? (isInputError ? "INVALID_INPUT" : null),
          reason: app?.reason ?? null,
          fieldErrors: fieldErrors ?? null,
        },
      };
    },
  });

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

/** Turns a thrown AppError into the TRPCError its code maps to, keeping the AppError as cause. */
function toTRPCError(err: unknown): unknown {
  if (err instanceof AppError) return new TRPCError({ code: APP_ERRORS[err.code], message: err.message, cause: err });
  return err;
}

const SENSITIVE_MINIMUM: Role = "MODERATOR";

function denialEvent(ctx: Context, path: string, code: AppErrorCode, reason?: string): AuditEntry {
  return {
    action: "ACCESS_DENIED",
    targetType: "procedure",
    targetId: path,
    changes: { code, ...(reason ? { reason } : {}), sessionProblem: ctx.sessionProblem },
  };
}

/** The one authorisation gate: reads the declared policy, denies when there is none. */
const authorize = t.middleware(async ({ ctx, meta, path, next }) => {
  try {
    const policy = meta?.policy;
    if (!policy) throw new AppError("NO_POLICY", `No access policy is declared for ${path}.`);
    if (policy.kind !== "public") {
      if (!ctx.user) {
        const code = ctx.sessionProblem ?? "UNAUTHENTICATED";
        const messages: Record<typeof code, string> = {
          UNAUTHENTICATED: "Please sign in.",
          SESSION_REVOKED: "Your session has ended. Please sign in again.",
          ACCOUNT_SUSPENDED: "This account is suspended.",
          ACCOUNT_BANNED: "This account is banned.",
        };
        if (policy.kind === "roles" && policy.roles.every((r) => isAtLeast(r, SENSITIVE_MINIMUM))) {
          ctx.securityEvents.push(denialEvent(ctx, path, code));
        }
        throw new AppError(code, messages[code]);
      }
      if (policy.kind === "roles" && !policy.roles.includes(ctx.user.role)) {
        if (policy.roles.some((r) => isAtLeast(r, SENSITIVE_MINIMUM))) {
          ctx.securityEvents.push(denialEvent(ctx, path, "ROLE_REQUIRED"));
        }
        throw new AppError("ROLE_REQUIRED", "Your role does not allow this.");
      }
    }
    if (meta?.flag && !(await flagOn(ctx, meta.flag))) {
      throw new AppError("FLAG_DISABLED", "This feature is not available in your district yet.", {
        reason: meta.flag,
      });
    }
    const result = await next();
    if (!result.ok && result.error.cause instanceof AppError) {
      return { ...result, error: toTRPCError(result.error.cause) as TRPCError };
    }
    return result;
  } catch (err) {
    throw toTRPCError(err);
  } finally {
    if (ctx.securityEvents.length > 0) {
      const events = ctx.securityEvents.splice(0);
      await appendAuditEvents(ctx.rootDb, actorOf(ctx), events);
    }
  }
});

const base = t.procedure.use(authorize);

/** Anyone, signed in or not. */
export const publicProcedure = base.meta({ policy: { kind: "public" } });

/** Any signed-in user in good standing; `ctx.user` is non-null below it. */
export const authedProcedure = base.meta({ policy: { kind: "authenticated" } }).use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED" });
  return next({ ctx: { user: ctx.user } });
});

/** Signed-in users holding one of `roles`. */
export function hasRole(roles: readonly Role[]) {
  return base.meta({ policy: { kind: "roles", roles } }).use(({ ctx, next }) => {
    if (!ctx.user || !roles.includes(ctx.user.role)) throw new TRPCError({ code: "FORBIDDEN" });
    return next({ ctx: { user: ctx.user } });
  });
}

/** Records a denial of a sensitive action (written even though the call fails). */
export function recordDenial(ctx: Context, action: string, details: Record<string, unknown>): void {
  ctx.securityEvents.push({ action, targetType: "procedure", changes: details });
}

class Rollback extends Error {}

/**
 * Runs the procedure and its audit write in one transaction: if either fails, neither is kept.
 * The procedure records events with `ctx.audit(...)`; a successful call that records none fails,
 * because no change may happen without its record.
 */
export const audited = t.middleware(async ({ ctx, next, path }) => {
  const run = (db: Database, audit: AuditFn) => next({ ctx: { db, audit } });
  let outcome: Awaited<ReturnType<typeof run>> | undefined;
  // Flags are read before the transaction opens: PGlite has one connection, and a snapshot first
  // requested from inside the transaction on the root connection would wait for it forever.
  await ctx.flagSnapshot(ctx.rootDb);
  try {
    await ctx.db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Database;
      const entries: AuditEntry[] = [];
      outcome = await run(tx, (entry) => {
        entries.push(entry);
      });
      if (!outcome.ok) throw new Rollback();
      if (entries.length === 0) throw new Error(`Audited procedure ${path} recorded no audit event.`);
      await appendAuditEvents(tx, actorOf(ctx), entries, { inTransaction: true });
    });
  } catch (err) {
    if (err instanceof Rollback && outcome) return outcome;
    throw err;
  }
  return outcome!;
});

export type AuditFn = (entry: AuditEntry) => void;

/** Audited variants of the builders: the call and its audit events share one transaction. */
export const auditedPublicProcedure = publicProcedure.meta({ audited: true }).use(audited);
export const auditedAuthedProcedure = authedProcedure.meta({ audited: true }).use(audited);
export function auditedHasRole(roles: readonly Role[]) {
  return hasRole(roles).meta({ audited: true }).use(audited);
}
