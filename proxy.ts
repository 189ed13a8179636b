// Route protection, second line: signed-out visitors go to /login, other roles to their own home.
// The server enforces every rule on its own; this only spares people pages they cannot use.
import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authConfig } from "@/server/auth/config";
import { ROLE_HOME, type Role } from "@/server/policy/roles";

const { auth } = NextAuth({ ...authConfig, secret: process.env.AUTH_SECRET ?? "dev-only-auth-secret-change-me-0123456789abcdef" });

const AREAS: { prefix: string; roles: Role[] }[] = [
  { prefix: "/explore", roles: ["TRAVELER"] },
  { prefix: "/host", roles: ["HOST"] },
  { prefix: "/moderation", roles: ["MODERATOR"] },
  { prefix: "/admin", roles: ["ADMIN", "SUPER_ADMIN"] },
  { prefix: "/verify", roles: ["ORG_USER"] },
];

export default auth((req) => {
  const path = req.nextUrl.pathname;
  const area = AREAS.find((a) => path === a.prefix || path.startsWith(`${a.prefix}/`));
  if (!area) return NextResponse.next();
  const role = req.auth?.user?.role;
  if (!role) {
    const login = new URL("/login", req.nextUrl);
    login.searchParams.set("callbackUrl", path);
    return NextResponse.redirect(login);
  }
  if (!area.roles.includes(role)) return NextResponse.redirect(new URL(ROLE_HOME[role], req.nextUrl));
  return NextResponse.next();
});

export const config = {
  matcher: ["/explore/:path*", "/host/:path*", "/moderation/:path*", "/admin/:path*", "/verify/:path*"],
};
