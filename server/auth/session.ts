// Reads the session claims from the request's cookie. next-auth's auth() does much more per call
// (about 1.5 ms of CPU here, even with no cookie); the API only needs the verified claims, and the
// tRPC context checks them against the database anyway.
import "server-only";
import { getToken } from "next-auth/jwt";
import { env } from "@/server/env";
import type { SessionClaims } from "@/server/context";

const COOKIE = "authjs.session-token";

export async function sessionFromHeaders(headers: Headers): Promise<SessionClaims | null> {
  const cookie = headers.get("cookie");
  if (!cookie || !cookie.includes(COOKIE)) return null;
  const token = await getToken({
    req: { headers },
    secret: env.AUTH_SECRET,
    secureCookie: cookie.includes(`__Secure-${COOKIE}`),
  });
  if (!token || typeof token.uid !== "string" || typeof token.sv !== "number") return null;
  return { userId: token.uid, sessionVersion: token.sv };
}
