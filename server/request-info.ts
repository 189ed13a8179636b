// Client address, user agent and a request id from request headers.
import { randomUUID } from "node:crypto";
import type { RequestInfo } from "./trpc";

/**
 * The client address is the last X-Forwarded-For entry: the one the reverse proxy in front of the
 * app appends (or, with no proxy, the socket address Next fills in when the header is absent).
 * Entries before it are whatever the client sent, so they are never used. Deployed without a
 * proxy that appends the header, a client could choose this address (README, production).
 */
export function requestInfoFrom(headers: Headers): RequestInfo {
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const ip = forwarded.at(-1) ?? headers.get("x-real-ip") ?? null;
  const incomingId = headers.get("x-request-id");
  return {
    ip,
    userAgent: headers.get("user-agent")?.slice(0, 400) ?? null,
    requestId: incomingId && /^[\w-]{8,64}$/.test(incomingId) ? incomingId : randomUUID(),
  };
}
