// The HTTP side of the tRPC context: the session from its cookie, request info from headers.
import { getDb } from "@/db/client";
import { sessionFromHeaders } from "@/server/auth/session";
import { requestInfoFrom } from "@/server/request-info";
import { createContextInner } from "@/server/trpc";

export async function createContext(headers: Headers) {
  return createContextInner({
    db: await getDb(),
    session: await sessionFromHeaders(headers),
    request: requestInfoFrom(headers),
  });
}
