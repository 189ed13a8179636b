// What the tRPC endpoint is, whichever server answers it: the production server's Node handler
// (server/http/node-server.ts) or Next's route (app/api/trpc/[trpc]/route.ts, used by `next dev`).
// Both take the router, context, limits and answers from here, so the two paths cannot drift.
import "server-only";
import { TRPCError } from "@trpc/server";
import { createContext } from "@/server/context";
import { classifyDbError } from "./db-errors";

export const TRPC_ENDPOINT = "/api/trpc";

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
