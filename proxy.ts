// The proxy (Next 16's middleware), in front of every page and API route:
// - security headers on every response: a nonce-based Content-Security-Policy for pages (no
//   'unsafe-inline' for scripts), frame-ancestors 'none', nosniff, a strict referrer policy,
//   Permissions-Policy (camera only on /verify, fullscreen and wake lock only on /kiosk), COOP,
//   HSTS in production;
// - route protection, second line: signed-out visitors go to /login, other roles to their own home.
//   The server enforces every rule on its own; this only spares people pages they cannot use.
// Redirects are built from APP_URL, never from request headers (Host, X-Forwarded-Host/Proto).
import NextAuth from "next-auth";
import { NextResponse, type NextRequest } from "next/server";
import { authConfig } from "@/server/auth/config";
import { env } from "@/server/env";
import { ROLE_HOME, type Role } from "@/server/policy/roles";

const { auth } = NextAuth({ ...authConfig, secret: env.AUTH_SECRET });

const AREAS: { prefix: string; roles: Role[] }[] = [
  { prefix: "/explore", roles: ["TRAVELER"] },
  { prefix: "/identity", roles: ["TRAVELER"] },
  { prefix: "/account", roles: ["TRAVELER"] },
  { prefix: "/notifications", roles: ["TRAVELER"] },
  { prefix: "/host", roles: ["HOST"] },
  { prefix: "/moderation", roles: ["MODERATOR"] },
  { prefix: "/admin", roles: ["ADMIN", "SUPER_ADMIN"] },
  { prefix: "/verify", roles: ["ORG_USER"] },
];

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/** On the site's own address (APP_URL): a forged Host or X-Forwarded-Host cannot send people elsewhere. */
function redirectTo(location: string) {
  return NextResponse.redirect(new URL(location, env.APP_URL));
}

const DISABLED_FEATURES = [
  "accelerometer",
  "autoplay",
  "bluetooth",
  "browsing-topics",
  "camera",
  "display-capture",
  "encrypted-media",
  "fullscreen",
  "gamepad",
  "geolocation",
  "gyroscope",
  "hid",
  "idle-detection",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "picture-in-picture",
  "publickey-credentials-get",
  "screen-wake-lock",
  "serial",
  "usb",
  "web-share",
  "xr-spatial-tracking",
];

/**
 * Every powerful feature off, except the camera where codes are scanned (verifier staff on /verify,
 * a host on their order page, checking a traveler in) and fullscreen/wake lock on kiosks.
 */
export function permissionsPolicy(path: string): string {
  const allowed = new Set<string>();
  if (under(path, "/verify") || /^\/host\/orders\/[^/]+$/.test(path)) allowed.add("camera");
  if (under(path, "/kiosk")) {
    allowed.add("fullscreen");
    allowed.add("screen-wake-lock");
  }
  return DISABLED_FEATURES.map((f) => `${f}=${allowed.has(f) ? "(self)" : "()"}`).join(", ");
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    // Next's own scripts carry the nonce; 'strict-dynamic' lets them load their chunks.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    // Inline style attributes (progress bars, charts) are allowed; scripts never are.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https://res.cloudinary.com",
    "font-src 'self'",
    "connect-src 'self' https://api.cloudinary.com",
    "frame-src https://upload-widget.cloudinary.com",
    "media-src 'self' blob:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function secure(res: NextResponse, path: string, csp: string): NextResponse {
  res.headers.set("Content-Security-Policy", csp);
  res.headers.set("X-Frame-Options", "DENY");
  res.headers.set("X-Content-Type-Options", "nosniff");
  res.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  res.headers.set("Permissions-Policy", permissionsPolicy(path));
  res.headers.set("Cross-Origin-Opener-Policy", "same-origin");
  res.headers.set("Cross-Origin-Resource-Policy", "same-origin");
  if (process.env.NODE_ENV === "production") {
    res.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  }
  return res;
}

/** The page request with its nonce, as Next reads it for its own scripts, and the headers set. */
function nextWithNonce(req: NextRequest, path: string) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(req.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  return { csp, response: secure(NextResponse.next({ request: { headers } }), path, csp) };
}

const pages = auth((req) => {
  const path = req.nextUrl.pathname;
  const role = req.auth?.user?.role;
  const area = AREAS.find((a) => under(path, a.prefix));
  const { csp, response } = nextWithNonce(req, path);
  if (area && !role) return secure(redirectTo(`/login?callbackUrl=${encodeURIComponent(path)}`), path, csp);
  if (area && role && !area.roles.includes(role)) return secure(redirectTo(ROLE_HOME[role]), path, csp);
  return response;
});

export default function proxy(req: NextRequest, event: Parameters<typeof pages>[1]) {
  // A kiosk is a device, not a person: no session is read for it and no cookie is ever set (next-auth
  // would set its CSRF and callback cookies on every response it handles).
  const path = req.nextUrl.pathname;
  if (under(path, "/kiosk") || path === "/kiosk-sw.js") return nextWithNonce(req, path).response;
  // Public, cacheable documents (the JWKS): no session read and no cookie, so a shared cache that
  // stores them can never store someone's cookie with them.
  if (under(path, "/.well-known")) return nextWithNonce(req, path).response;
  return pages(req, event);
}

export const config = {
  // Every page. Not the API: a proxy in front of a route makes Next buffer the request body for it
  // (up to 10 MB) before the route's own byte-counting limit can refuse it; API responses get their
  // headers from next.config.mjs instead. Nor the build's static files (next.config.mjs too).
  matcher: ["/((?!api/|_next/static|_next/image).*)"],
};
