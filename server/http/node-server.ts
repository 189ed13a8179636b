// The production HTTP server: one process, one port. The tRPC endpoint (queries, mutations, uploads
// and the SSE subscriptions) is answered by tRPC's Node adapter, outside Next's request pipeline;
// every other request (pages, next-auth, upload delivery, static files) goes to Next's handler.
//
// Both paths get the same treatment: the client address decided from the socket and TRUST_PROXY
// (client-address.ts, installed before the server exists), the same context and session decoding,
// the same body and batch limits, the same cross-site refusal and the same security headers
// (shared/security-headers.mjs, which next.config.mjs also reads). `next dev` keeps using the Next
// route (app/api/trpc/[trpc]/route.ts), built from the same pieces.
import "server-only";
import http from "node:http";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import { apiHeaders } from "@/shared/security-headers.mjs";
import { appRouter } from "@/server/root";
import { installClientAddress } from "./client-address";
import { MAX_BATCH_SIZE, MAX_BODY_BYTES, tooLargeResponse } from "./limits";
import { crossSiteProblem, crossSiteResponse } from "./origin";
import { TRPC_ENDPOINT, onTrpcError, trpcContext, trpcResponseMeta } from "./trpc-endpoint";

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

/** Request headers as a fetch Headers (what the context and the policy helpers read). */
export function headersOf(req: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(":")) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  return headers;
}

/** Writes a fetch Response made by the shared helpers (403, 413) to a Node response. */
async function send(res: http.ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** Whether a request is for the tRPC endpoint (the path only; a query string may follow). */
export function isTrpcPath(url: string | undefined): boolean {
  if (!url) return false;
  return url.startsWith(`${TRPC_ENDPOINT}/`) || url === TRPC_ENDPOINT || url.startsWith(`${TRPC_ENDPOINT}?`);
}

type ContextFactory = (headers: Headers) => ReturnType<typeof trpcContext>;

/** tRPC's Node adapter with Tessera's limits, context and headers (tests may give their own database's context). */
export function trpcNodeHandler(createContext: ContextFactory = trpcContext): NodeHandler {
  const headerList = apiHeaders();
  return async (req, res) => {
    for (const { key, value } of headerList) res.setHeader(key, value);
    const headers = headersOf(req);
    // Mutations (and uploads) are POSTs: refuse one a page on another site made the browser send.
    if (req.method !== "GET" && crossSiteProblem(headers)) return send(res, crossSiteResponse());
    // A declared length over the limit is refused before anything is read; an undeclared (chunked)
    // body is cut off by the adapter when it passes the limit (413 too).
    const declared = Number(req.headers["content-length"] ?? 0);
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
      res.shouldKeepAlive = false;
      return send(res, tooLargeResponse());
    }
    const url = req.url ?? "/";
    const pathEnd = url.indexOf("?");
    let path: string;
    try {
      path = decodeURIComponent((pathEnd === -1 ? url : url.slice(0, pathEnd)).slice(TRPC_ENDPOINT.length + 1));
    } catch {
      path = "";
    }
    await nodeHTTPRequestHandler({
      req,
      res,
      path,
      router: appRouter,
      maxBodySize: MAX_BODY_BYTES,
      // Checked before any input is parsed or any procedure runs.
      maxBatchSize: MAX_BATCH_SIZE,
      createContext: () => createContext(headers),
      // A chunked body cut off at the limit is answered at once; what the client still sends is
      // discarded as it arrives (never held), until it stops or requestTimeout closes the socket.
      responseMeta: trpcResponseMeta,
      onError: onTrpcError,
    });
  };
}

export interface ServerOptions {
  port: number;
  host?: string;
  /** Next's handler for everything that is not the tRPC endpoint. */
  next: NodeHandler;
  /** The tRPC context from request headers (default: the process-wide database). */
  createContext?: ContextFactory;
}

/** The one HTTP server: tRPC on its endpoint, Next for the rest. */
export function createAppServer(opts: ServerOptions): http.Server {
  // Before the server exists, so no request reaches either path without its address decided.
  installClientAddress();
  const trpc = trpcNodeHandler(opts.createContext);
  const server = http.createServer((req, res) => {
    const handler = isTrpcPath(req.url) ? trpc : opts.next;
    Promise.resolve(handler(req, res)).catch((err: unknown) => {
      console.error("Request failed:", err);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader("Content-Type", "application/json");
        res.end(JSON.stringify({ error: { message: "Something went wrong on our side." } }));
      } else res.destroy();
    });
  });
  // Slow or idle clients do not hold sockets for long; SSE streams send pings well within this.
  server.headersTimeout = 20_000;
  server.requestTimeout = 120_000;
  server.keepAliveTimeout = 5_000;
  return server;
}

/** Closes the server: no new connections, idle ones closed, open streams given `graceMs` to finish. */
export async function closeServer(server: http.Server, graceMs = 5_000): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(timer);
}
