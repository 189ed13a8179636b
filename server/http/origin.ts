// Cross-site request refusal for state-changing requests (tRPC mutations, uploads, signing).
// A browser says where a request comes from (Sec-Fetch-Site, Origin); a page on another site can
// make the browser send a request with the user's cookies, but cannot make it lie about those.
import { env } from "@/server/env";

export function appOrigin(): string {
  return new URL(env.APP_URL).origin;
}

/** Why the request is refused as cross-site, or null when it may go on. */
export function crossSiteProblem(headers: Headers): string | null {
  const site = headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") return "cross-site request";
  const origin = headers.get("origin");
  // No Origin: not a browser's cross-site request (browsers send Origin on every cross-origin POST).
  if (!origin) return null;
  if (site === "same-origin") return null;
  if (origin === appOrigin()) return null;
  return "foreign origin";
}

export function crossSiteResponse(): Response {
  return Response.json(
    { error: { message: "This request came from another site and was refused.", code: "CROSS_SITE" } },
    { status: 403, headers: { "Cache-Control": "no-store" } },
  );
}
