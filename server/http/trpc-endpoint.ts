// What the tRPC endpoint is, whichever server answers it: the production server's Node handler
// (server/http/node-server.ts) or Next's route (app/api/trpc/[trpc]/route.ts, used by `next dev`).
// Both take the router, context, limits and answers from here, so the two paths cannot drift.
import "server-only";
import { TRPCError } from "@trpc/server";
import { createContext, type Context } from "@/server/context";
import { appRouter } from "@/server/root";
import type { Role } from "@/server/policy/roles";
import { classifyDbError } from "./db-errors";

export const TRPC_ENDPOINT = "/api/trpc";

/** The procedure path (or comma-joined batch) of a request path under the endpoint; "" when unreadable. */
export function decodeTrpcPath(pathname: string): string {
  try {
    return decodeURIComponent(pathname.slice(TRPC_ENDPOINT.length + 1));
  } catch {
    return "";
  }
}

/** The request's context; a database that cannot be reached is a 503 the person can act on, not a 500. */
export async function trpcContext(headers: Headers) {
  try {
    return await createContext(headers);
  } catch (err) {
    if (classifyDbError(err) === "unavailable") {
      throw new TRPCError({
        code: "SERVICE_UNAVAILABLE",
        message: "Tessera cannot reach its database right now. Please try again in a moment.",
      });
    }
    throw err;
  }
}

/** Answers can be personal: no shared cache, and no browser cache either. */
export const trpcResponseMeta = () => ({ headers: new Headers({ "Cache-Control": "no-store" }) });

export function onTrpcError({ error, path }: { error: TRPCError; path?: string }) {
  if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
}

type StreamContext = Pick<Context, "user" | "kioskRequest" | "sessionProblem">;
/** What a procedure's meta declares (server/trpc.ts `Meta.policy`), as far as this check reads it. */
type DeclaredPolicy = { kind: "public" | "authenticated" | "kiosk" } | { kind: "roles"; roles: readonly Role[] };
type Procedures = Record<string, { _def: { type: string; meta?: { policy?: DeclaredPolicy } } }>;

/**
 * A live stream (a subscription over SSE) is refused before it opens: tRPC itself would open the
 * stream and only then send the policy's error inside it, so a stranger could hold streams open.
 * The answer is a plain 401 (not signed in, or a session that has ended) or 403 (the wrong role, or
 * a kiosk). Everything else (and what passes here) still goes through the procedure's own gate.
 */
export async function refuseStreamBeforeOpening(
  method: string,
  path: string,
  context: () => Promise<StreamContext>,
): Promise<Response | null> {
  if (method !== "GET") return null;
  const procedure = Object.hasOwn(appRouter._def.procedures, path)
    ? (appRouter._def.procedures as unknown as Procedures)[path]
    : undefined;
  const policy = procedure?._def.type === "subscription" ? procedure._def.meta?.policy : undefined;
  if (!policy || policy.kind === "public") return null;
  let ctx: StreamContext;
  try {
    ctx = await context();
  } catch {
    return null; // the procedure's own answer (503 for a database away) follows
  }
  const refuse = (status: 401 | 403, code: string, message: string) =>
    Response.json(
      { error: { code, message } },
      { status, headers: { "Cache-Control": "no-store", ...(status === 401 ? { "WWW-Authenticate": "Session" } : {}) } },
    );
  if (ctx.kioskRequest) return refuse(403, "KIOSK_REFUSED", "Kiosks can only read their district's public information.");
  if (policy.kind === "kiosk") return refuse(403, "ROLE_REQUIRED", "This is for registered kiosks only.");
  if (!ctx.user) {
    return ctx.sessionProblem
      ? refuse(401, ctx.sessionProblem, "Your session has ended. Please sign in again.")
      : refuse(401, "UNAUTHENTICATED", "Please sign in.");
  }
  if (policy.kind === "roles" && !policy.roles.includes(ctx.user.role)) {
    return refuse(403, "ROLE_REQUIRED", "Your role does not allow this.");
  }
  return null;
}
