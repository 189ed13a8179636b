// The tRPC endpoint as a Next route. The production server (server.ts) answers /api/trpc itself,
// outside Next's request pipeline; this route serves `next dev`. Both use server/http/trpc-endpoint.ts.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/root";
import { BodyTooLarge, MAX_BATCH_SIZE, tooLargeResponse, withLimitedBody } from "@/server/http/limits";
import { crossSiteProblem, crossSiteResponse } from "@/server/http/origin";
import {
  TRPC_ENDPOINT,
  decodeTrpcPath,
  onTrpcError,
  refuseStreamBeforeOpening,
  trpcContext,
  trpcResponseMeta,
} from "@/server/http/trpc-endpoint";

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
  let contextPromise: ReturnType<typeof trpcContext> | undefined;
  const context = () => (contextPromise ??= trpcContext(req.headers));
  const path = decodeTrpcPath(new URL(req.url).pathname);
  const refused = await refuseStreamBeforeOpening(req.method, path, context);
  if (refused) return refused;
  return fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req,
    router: appRouter,
    // Checked before any input is parsed or any procedure runs.
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: context,
    responseMeta: trpcResponseMeta,
    onError: onTrpcError,
  });
};

export { handler as GET, handler as POST };
