// Client address, user agent and a request id from request headers.
import { randomUUID } from "node:crypto";
import type { RequestInfo } from "./trpc";

/**
 * Next's server appends the socket address to X-Forwarded-For, so the last entry is the peer.
 * Behind a trusted load balancer (TRUST_PROXY=1) the entry before it is the client.
 */
export function requestInfoFrom(headers: Headers, trustProxy = process.env.TRUST_PROXY === "1"): RequestInfo {
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const index = forwarded.length - 1 - (trustProxy && forwarded.length > 1 ? 1 : 0);
  const ip = forwarded[index] ?? headers.get("x-real-ip") ?? null;
  const incomingId = headers.get("x-request-id");
  return {
    ip,
    userAgent: headers.get("user-agent")?.slice(0, 400) ?? null,
    requestId: incomingId && /^[\w-]{8,64}$/.test(incomingId) ? incomingId : randomUUID(),
  };
}
