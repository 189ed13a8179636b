import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { TRPCError } from "@trpc/server";
import { appRouter } from "@/server/root";
import { createContext } from "@/server/context";
import { BodyTooLarge, MAX_BATCH_SIZE, tooLargeResponse, withLimitedBody } from "@/server/http/limits";
import { crossSiteProblem, crossSiteResponse } from "@/server/http/origin";
import { classifyDbError } from "@/server/http/db-errors";

const handler = async (incoming: Request) => {
  // Mutations (and uploads) are POSTs: refuse one a page on another site made the browser send.
  if (incoming.method !== "GET" && crossSiteProblem(incoming.headers)) return crossSiteResponse();
  let req: Request;
  try {
    // The body is read here, counting bytes as they arrive (chunked or not), up to the limit.
    req = await withLimitedBody(incoming);
  } catch (err) {
    if (err instanceof BodyTooLarge) return tooLargeResponse();
    throw err;
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    // Checked before any input is parsed or any procedure runs.
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: async () => {
      try {
        return await createContext(req.headers);
      } catch (err) {
        if (classifyDbError(err) === "unavailable") {
          throw new TRPCError({
            code: "SERVICE_UNAVAILABLE",
            message: "Tessera cannot reach its database right now. Please try again in a moment.",
          });
        }
        throw err;
      }
    },
    // Answers can be personal: no shared cache, and no browser cache either.
    responseMeta: () => ({ headers: new Headers({ "Cache-Control": "no-store" }) }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
};

export { handler as GET, handler as POST };
