// tRPC transport: the procedure builders, their middleware and the error formatter. The only place
// middleware is made; the context lives in ./context, the domain logic under server/<domain>/.
// Every procedure passes one authorisation middleware that reads its declared policy (deny by
// default: no policy, no call), then the flag gate, then, for audited procedures, one transaction
// that holds both the change and its audit events.
import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { Database } from "@/db/client";
import { AppError, APP_ERRORS } from "./errors";
import { appendAuditEvents, type AuditEntry, type AuditFn } from "./audit";
import type { FlagKey } from "./flags";
import { type Role } from "./policy/roles";
import { gateProcedure, type Policy } from "./policy/procedure-gate";
import { actorOf, flagOn, type Context } from "./context";
import { classifyDbError } from "./http/db-errors";
import { rawInputProblem } from "./validation";
import { forgiveAttempt, reserveAttempt, type ThrottleKind } from "./auth/throttle";

// ---------------------------------------------------------------- policy declared in meta

export type { Policy };

export interface Meta {
  policy?: Policy;
  /** The feature flag that must be on for the caller (in their district). */
  flag?: FlagKey;
  /** Set by auditedProcedure: the call runs in one transaction with its audit write. */
  audited?: boolean;
  /**
   * Why a mutation writes no audit event (only the kiosk heartbeat, which touches nothing but
   * lastSeenAt once a minute). policy-coverage lists every such mutation by name.
   */
  auditExempt?: string;
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
    // Live streams (SSE): a ping keeps idle connections open through proxies; a client that hears
    // nothing for longer reconnects (with its last event id). Streams end after ten minutes, so the
    // reconnect checks the session again (a suspended account stops receiving).
    sse: {
      maxDurationMs: 10 * 60_000,
      ping: { enabled: true, intervalMs: 10_000 },
      client: { reconnectAfterInactivityMs: 25_000 },
    },
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
/** For a procedure's own middleware (e.g. padding an answer's time); policy stays in `authorize`. */
export const middleware = t.middleware;

/**
 * Turns a thrown AppError into the TRPCError its code maps to, keeping the AppError as cause; a
 * database that cannot be reached becomes TRY_AGAIN (503), values the database refuses INVALID_INPUT.
 */
function toTRPCError(err: unknown): unknown {
  // An AppError or a database error thrown in a procedure reaches here wrapped in a TRPCError.
  const cause = err instanceof TRPCError && err.code === "INTERNAL_SERVER_ERROR" && err.cause ? err.cause : err;
  if (cause instanceof AppError) return new TRPCError({ code: APP_ERRORS[cause.code], message: cause.message, cause });
  const db = classifyDbError(cause);
  if (db) {
    const app =
      db === "unavailable"
        ? new AppError("TRY_AGAIN", "Tessera cannot reach its database right now. Please try again in a moment.")
        : new AppError("INVALID_INPUT", "Some of the values sent cannot be used. Check them and try again.");
    return new TRPCError({ code: APP_ERRORS[app.code], message: app.message, cause: app });
  }
  return err;
}

/** The one authorisation gate: reads the declared policy, denies when there is none. */
const authorize = t.middleware(async ({ ctx, meta, path, next, getRawInput }) => {
  try {
    // Every string of every input, before any schema or handler sees it (see rawInputProblem).
    const problem = rawInputProblem(await getRawInput());
    if (problem)
      throw new AppError("INVALID_INPUT", problem.message, { fieldErrors: { [problem.path || "_form"]: [problem.message] } });
    gateProcedure(ctx, meta?.policy, path);
    if (meta?.flag && !(await flagOn(ctx, meta.flag))) {
      throw new AppError("FLAG_DISABLED", "This feature is not available in your district yet.", {
        reason: meta.flag,
      });
    }
    const result = await next();
    if (!result.ok) {
      const mapped = toTRPCError(result.error);
      if (mapped !== result.error) return { ...result, error: mapped as TRPCError };
    }
    return result;
  } catch (err) {
    throw toTRPCError(err);
  } finally {
    if (ctx.securityEvents.length > 0) {
      const events = ctx.securityEvents.splice(0);
      // A database that has gone away must not turn the answer into a 500.
      await appendAuditEvents(ctx.rootDb, actorOf(ctx), events).catch((err) => {
        if (!classifyDbError(err)) throw err;
      });
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

/**
 * A registered kiosk (X-Kiosk-ID and X-Kiosk-Key, verified once in the context); `ctx.kiosk` is
 * non-null below it and `ctx.user` is always null. Kiosk procedures read public data of
 * `ctx.kiosk.districtId` only.
 */
export const kioskProcedure = base.meta({ policy: { kind: "kiosk" } }).use(({ ctx, next }) => {
  if (!ctx.kiosk || ctx.user) throw new TRPCError({ code: "UNAUTHORIZED" });
  return next({ ctx: { kiosk: ctx.kiosk, user: null } });
});

/**
 * Counts each call against a throttle key in Postgres before the procedure runs (outside its
 * transaction, so a refusal still counts); a successful call gives its attempt back. Past the free
 * attempts the key is locked for a growing time and calls are refused with THROTTLED (429).
 * `per: "address"` keys by the client address (none known: not throttled here), `"user"` by the
 * signed-in user.
 */
export function throttle(kind: ThrottleKind, per: "address" | "user") {
  return t.middleware(async ({ ctx, next }) => {
    const who = per === "user" ? ctx.user?.id : ctx.request.ip;
    if (!who) return next();
    const key = `${kind}:${per}:${who}`;
    const wait = await reserveAttempt(ctx.rootDb, key, kind, new Date());
    if (wait > 0) {
      ctx.securityEvents.push({
        action: "THROTTLED",
        targetType: "procedure",
        targetId: kind,
        changes: { retryAfterSeconds: wait },
      });
      throw new AppError("THROTTLED", `Too many attempts. Wait ${wait} seconds and try again.`, { reason: String(wait) });
    }
    const result = await next();
    if (result.ok) await forgiveAttempt(ctx.rootDb, key);
    return result;
  });
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

/** Audited variants of the builders: the call and its audit events share one transaction. */
export const auditedPublicProcedure = publicProcedure.meta({ audited: true }).use(audited);
export const auditedAuthedProcedure = authedProcedure.meta({ audited: true }).use(audited);
export function auditedHasRole(roles: readonly Role[]) {
  return hasRole(roles).meta({ audited: true }).use(audited);
}
