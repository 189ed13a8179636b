// next-auth settings shared by the server and the proxy: JWT sessions, claims, pages. No database here.
import type { NextAuthConfig } from "next-auth";
import type { KycStatus, Role } from "@/db/schema/accounts";

declare module "next-auth" {
  interface Session {
    user: {
      id: string;
      name: string;
      role: Role;
      districtId: string | null;
      kycStatus: KycStatus;
      sessionVersion: number;
    };
  }
  interface User {
    role?: Role;
    districtId?: string | null;
    kycStatus?: KycStatus;
    sessionVersion?: number;
    /** The device session opened at this sign-in (server/auth/device-sessions.ts). */
    sessionId?: string;
  }
}

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export const authConfig = {
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login", error: "/login" },
  // A refused sign-in is an expected answer (audited as LOGIN_FAILED / LOGIN_THROTTLED), not a
  // server fault: no stack trace per attempt in the log. Real errors are still logged, one line each.
  logger: {
    error(error: Error) {
      const type = (error as { type?: string }).type ?? error.name;
      if (type === "CredentialsSignin") return;
      console.error(`[auth] ${type}: ${error.message}`);
    },
    warn() {},
  },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = user.role;
        token.districtId = user.districtId ?? null;
        token.kycStatus = user.kycStatus;
        token.sv = user.sessionVersion;
        token.sid = user.sessionId;
      }
      return token;
    },
    session({ session, token }) {
      session.user = {
        ...session.user,
        id: token.uid as string,
        name: (token.name as string) ?? "",
        role: token.role as Role,
        districtId: (token.districtId as string | null) ?? null,
        kycStatus: token.kycStatus as KycStatus,
        sessionVersion: token.sv as number,
      };
      return session;
    },
  },
} satisfies NextAuthConfig;
