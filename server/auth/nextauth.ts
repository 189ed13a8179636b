// next-auth: Credentials sign-in (email or phone + password) through authenticate().
import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { env } from "@/server/env";
import { requestInfoFrom } from "@/server/request-info";
import { authConfig } from "./config";
import { authenticate, LoginRefused } from "./login";

/** The code reaches the login page (`signIn(...).code`), which shows the matching message. */
class LoginError extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  secret: env.AUTH_SECRET,
  providers: [
    Credentials({
      credentials: { identifier: {}, password: {} },
      async authorize(credentials, request) {
        const identifier = typeof credentials?.identifier === "string" ? credentials.identifier.slice(0, 254) : "";
        const password = typeof credentials?.password === "string" ? credentials.password.slice(0, 256) : "";
        if (!identifier || !password) throw new LoginError("INVALID_CREDENTIALS");
        const info = requestInfoFrom(request.headers);
        try {
          const user = await authenticate(await getDb(), {
            identifier,
            password,
            ...info,
            pilotStartAt: env.PILOT_START_AT,
          });
          return {
            id: user.id,
            name: user.displayName,
            role: user.role,
            districtId: user.districtId,
            kycStatus: user.kycStatus,
            sessionVersion: user.sessionVersion,
            sessionId: user.sessionId,
          };
        } catch (err) {
          if (err instanceof LoginRefused) {
            throw new LoginError(err.clientCode);
          }
          throw err;
        }
      },
    }),
  ],
});
