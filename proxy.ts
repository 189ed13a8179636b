// Route protection, second line: signed-out visitors go to /login, other roles to their own home.
// The server enforces every rule on its own; this only spares people pages they cannot use.
import NextAuth from "next-auth";
import { NextResponse, type NextRequest } from "next/server";
import { authConfig } from "@/server/auth/config";
import { env } from "@/server/env";
import { ROLE_HOME, type Role } from "@/server/policy/roles";

const { auth } = NextAuth({ ...authConfig, secret: env.AUTH_SECRET });

const AREAS: { prefix: string; roles: Role[] }[] = [
  { prefix: "/explore", roles: ["TRAVELER"] },
  { prefix: "/host", roles: ["HOST"] },
  { prefix: "/moderation", roles: ["MODERATOR"] },
  { prefix: "/admin", roles: ["ADMIN", "SUPER_ADMIN"] },
  { prefix: "/verify", roles: ["ORG_USER"] },
];

/** On the host the browser used (the server may know itself by another name). */
function redirectTo(req: NextRequest, location: string) {
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? req.nextUrl.host;
  const proto = req.headers.get("x-forwarded-proto") ?? req.nextUrl.protocol.replace(":", "");
  return NextResponse.redirect(new URL(location, `${proto}://${host}`));
}

export default auth((req) => {
  const path = req.nextUrl.pathname;
  const area = AREAS.find((a) => path === a.prefix || path.startsWith(`${a.prefix}/`));
  if (!area) return NextResponse.next();
  const role = req.auth?.user?.role;
  if (!role) return redirectTo(req, `/login?callbackUrl=${encodeURIComponent(path)}`);
  if (!area.roles.includes(role)) return redirectTo(req, ROLE_HOME[role]);
  return NextResponse.next();
});

export const config = {
  matcher: ["/explore/:path*", "/host/:path*", "/moderation/:path*", "/admin/:path*", "/verify/:path*"],
};
