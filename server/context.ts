// The HTTP side of the tRPC context: the session from next-auth, request info from headers.
import { getDb } from "@/db/client";
import { auth } from "@/server/auth/nextauth";
import { requestInfoFrom } from "@/server/request-info";
import { createContextInner } from "@/server/trpc";

export async function createContext(headers: Headers) {
  const session = await auth();
  return createContextInner({
    db: await getDb(),
    session: session?.user?.id
      ? { userId: session.user.id, sessionVersion: session.user.sessionVersion }
      : null,
    request: requestInfoFrom(headers),
  });
}
