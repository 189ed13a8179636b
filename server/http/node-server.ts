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
import type { Duplex } from "node:stream";
import { incomingMessageToRequest } from "@trpc/server/adapters/node-http";
import { resolveResponse } from "@trpc/server/http";
import { apiHeaders } from "@/shared/security-headers.mjs";
import { appRouter } from "@/server/root";
import { installClientAddress } from "./client-address";
import { MAX_BATCH_SIZE, MAX_BODY_BYTES, tooLargeResponse } from "./limits";
import { crossSiteProblem, crossSiteResponse } from "./origin";
import {
  TRPC_ENDPOINT,
  decodeTrpcPath,
  onTrpcError,
  refuseStreamBeforeOpening,
  trpcContext,
  trpcResponseMeta,
} from "./trpc-endpoint";

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

/** Writes a fetch Response made by the shared helpers (403, 413) to a Node response. */
async function send(res: http.ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.end(Buffer.from(await response.arrayBuffer()));
}

/**
 * Writes tRPC's answer. A streamed answer (the SSE of subscriptions) is written as it comes, with
 * backpressure, until it ends or the client leaves; every other answer is written in one piece with
 * its length, which spares the per-chunk stream plumbing on the hot path of every query.
 */
async function writeAnswer(req: Request, res: http.ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  if (!response.body) return void res.end();
  if (!response.headers.get("content-type")?.startsWith("text/event-stream")) {
    const body = Buffer.from(await response.arrayBuffer());
    res.setHeader("content-length", body.byteLength);
    return void res.end(body);
  }
  res.flushHeaders();
  const reader = response.body.getReader();
  const stop = () => void reader.cancel().catch(() => {});
  req.signal.addEventListener("abort", stop, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          const go = () => {
            res.off("drain", go);
            res.off("close", go);
            resolve();
          };
          res.on("drain", go);
          res.on("close", go);
        });
      }
    }
  } catch {
    // The client left or the stream failed after its headers: nothing more can be said to it.
  } finally {
    req.signal.removeEventListener("abort", stop);
    res.end();
  }
}

/** Whether a request is for the tRPC endpoint (the path only; a query string may follow). */
export function isTrpcPath(url: string | undefined): boolean {
  if (!url) return false;
  return url.startsWith(`${TRPC_ENDPOINT}/`) || url === TRPC_ENDPOINT || url.startsWith(`${TRPC_ENDPOINT}?`);
}

type ContextFactory = (headers: Headers) => ReturnType<typeof trpcContext>;

/**
 * tRPC on Node: the request converted by tRPC's Node adapter (incomingMessageToRequest, which counts
 * body bytes against maxBodySize and aborts when the client leaves), answered by tRPC's own
 * resolveResponse, with Tessera's limits, context and headers. Tests may give their own context.
 */
export function trpcNodeHandler(createContext: ContextFactory = trpcContext): NodeHandler {
  const headerList = apiHeaders();
  return async (req, res) => {
    for (const { key, value } of headerList) res.setHeader(key, value);
    // A declared length over the limit is refused before anything is read; an undeclared (chunked)
    // body is cut off when it passes the limit (413 too), and what the client still sends is
    // discarded as it arrives (never held), until it stops or requestTimeout closes the socket.
    const declared = Number(req.headers["content-length"] ?? 0);
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
      res.shouldKeepAlive = false;
      return send(res, tooLargeResponse());
    }
    const request = incomingMessageToRequest(req, res, { maxBodySize: MAX_BODY_BYTES });
    // Mutations (and uploads) are POSTs: refuse one a page on another site made the browser send.
    if (req.method !== "GET" && crossSiteProblem(request.headers)) return send(res, crossSiteResponse());
    const url = req.url ?? "/";
    const pathEnd = url.indexOf("?");
    const path = decodeTrpcPath(pathEnd === -1 ? url : url.slice(0, pathEnd));
    // One context per request, shared by the stream check and the procedure.
    let contextPromise: ReturnType<ContextFactory> | undefined;
    const context = () => (contextPromise ??= createContext(request.headers));
    const refused = await refuseStreamBeforeOpening(req.method ?? "GET", path, context);
    if (refused) return send(res, refused);
    const response = await resolveResponse({
      req: request,
      error: null,
      path,
      router: appRouter,
      // Checked before any input is parsed or any procedure runs.
      maxBatchSize: MAX_BATCH_SIZE,
      createContext: context,
      responseMeta: trpcResponseMeta,
      onError: onTrpcError,
    });
    await writeAnswer(request, res, response);
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

/**
 * Refused kiosk credentials get one answer: a key too large for Node's header limit (which Node
 * itself would answer 431, before any handler runs) is told exactly what a wrong key is told.
 */
const KIOSK_REFUSAL = JSON.stringify({
  error: {
    json: {
      message: "This kiosk needs to be set up again.",
      code: -32001,
      data: { code: "UNAUTHORIZED", httpStatus: 401, appCode: "KIOSK_UNAUTHENTICATED" },
    },
  },
});

function answerClientError(err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex): void {
  if (!socket.writable) return void socket.destroy();
  const head = err.rawPacket?.subarray(0, 64 * 1024).toString("latin1") ?? "";
  if (err.code === "HPE_HEADER_OVERFLOW" && /\r\nx-kiosk-(id|key):/i.test(head)) {
    const body = Buffer.from(KIOSK_REFUSAL);
    socket.end(
      `HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nCache-Control: no-store\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${KIOSK_REFUSAL}`,
    );
    return;
  }
  // Otherwise what Node answers without a listener.
  if (err.code === "ECONNRESET") return void socket.destroy();
  const status =
    {
      HPE_HEADER_OVERFLOW: "431 Request Header Fields Too Large",
      HPE_CHUNK_EXTENSIONS_OVERFLOW: "413 Payload Too Large",
      ERR_HTTP_REQUEST_TIMEOUT: "408 Request Timeout",
    }[err.code ?? ""] ?? "400 Bad Request";
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
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
  server.on("clientError", answerClientError);
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
