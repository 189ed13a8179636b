// The client's address, decided once per request where the socket is still known.
//
// Next's route handlers get no socket: `next start` only fills X-Forwarded-For with the socket
// address when the request has none (base-server: `x-forwarded-for ??= socket.remoteAddress`), so a
// header the client sent would reach the app as if a proxy had written it. This installs, in the
// Node server that `next start` runs, a first look at each request that replaces the forwarded
// headers with what TRUST_PROXY allows:
//   TRUST_PROXY=0 (default): the socket address; the client's X-Forwarded-* headers are dropped.
//   TRUST_PROXY=n: the address n hops from the socket along X-Forwarded-For (each trusted proxy
//     appends the address it saw); X-Forwarded-Host/Proto are kept (proto only if http or https).
// X-Forwarded-For then holds exactly one address, and X-Tessera-Peer a per-process token saying so;
// a request the installer did not see (none should) gets no address rather than a chosen one.
import http from "node:http";
import { randomBytes } from "node:crypto";

const PEER_HEADER = "x-tessera-peer";
const globalState = globalThis as unknown as { __tesseraPeerToken?: string; __tesseraPeerInstalled?: boolean };

export function peerToken(): string {
  globalState.__tesseraPeerToken ??= randomBytes(18).toString("base64url");
  return globalState.__tesseraPeerToken;
}

export function trustedHops(source: Record<string, string | undefined> = process.env): number {
  const n = Number(source.TRUST_PROXY ?? 0);
  return Number.isInteger(n) && n >= 0 && n <= 10 ? n : 0;
}

/** The client address: `hops` trusted proxies back from the socket along X-Forwarded-For. */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | undefined, hops: number): string | null {
  const chain = (forwardedFor ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (socketAddress) chain.push(socketAddress);
  if (chain.length === 0) return null;
  // chain[last] is the socket peer (hop 0); each trusted proxy vouches for the entry before it.
  const index = Math.max(0, chain.length - 1 - hops);
  const address = chain[index]!.replace(/^::ffff:/, "");
  return /^[0-9a-fA-F:.]{2,45}$/.test(address) ? address : null;
}

type HeaderBag = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(", ") : v);

/** Rewrites one request's forwarded headers in place (exported for tests). */
export function rewriteForwarded(headers: HeaderBag, socketAddress: string | undefined, hops: number): void {
  const ip = clientAddress(socketAddress, hops > 0 ? one(headers["x-forwarded-for"]) : undefined, hops);
  for (const name of ["x-forwarded-for", "x-real-ip", "forwarded", PEER_HEADER]) delete headers[name];
  if (hops === 0) {
    for (const name of ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port"]) delete headers[name];
  } else {
    const proto = one(headers["x-forwarded-proto"])?.split(",").at(-1)?.trim().toLowerCase();
    if (proto !== "http" && proto !== "https") delete headers["x-forwarded-proto"];
    else headers["x-forwarded-proto"] = proto;
    const host = one(headers["x-forwarded-host"])?.split(",").at(-1)?.trim();
    if (!host || !/^[\w.-]+(:\d{1,5})?$/.test(host)) delete headers["x-forwarded-host"];
    else headers["x-forwarded-host"] = host;
  }
  if (ip) headers["x-forwarded-for"] = ip;
  headers[PEER_HEADER] = peerToken();
}

/** Installs the rewrite on every Node HTTP server of this process (once). */
export function installClientAddress(): void {
  if (globalState.__tesseraPeerInstalled) return;
  globalState.__tesseraPeerInstalled = true;
  const hops = trustedHops();
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      rewriteForwarded(req.headers as HeaderBag, req.socket?.remoteAddress, hops);
    }
    return (emit as (this: http.Server, event: string | symbol, ...a: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;
}

/** The address decided above, or null for a request that did not pass through it. */
export function trustedClientAddress(headers: Headers): string | null {
  if (headers.get(PEER_HEADER) !== peerToken()) return null;
  return headers.get("x-forwarded-for");
}
