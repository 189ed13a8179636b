// Client address, user agent and a request id from request headers.
import { randomUUID } from "node:crypto";
import type { RequestInfo } from "./request-types";
import { trustedClientAddress } from "./http/client-address";

/**
 * The client address is the one server/http/client-address.ts decided from the socket and
 * TRUST_PROXY before Next saw the request; a client-sent X-Forwarded-For is never read here.
 */
export function requestInfoFrom(headers: Headers): RequestInfo {
  const incomingId = headers.get("x-request-id");
  return {
    ip: trustedClientAddress(headers),
    userAgent: headers.get("user-agent")?.slice(0, 400) ?? null,
    requestId: incomingId && /^[\w-]{8,64}$/.test(incomingId) ? incomingId : randomUUID(),
  };
}
