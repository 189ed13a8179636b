// Route handlers (every app/**/route.ts) answer outside the tRPC gate, so each declares here, per
// HTTP method, what decides who gets an answer: a named rule, a procedure it calls (whose policy
// applies), tRPC's own per-procedure policies, or "public" with the reason it is. The coverage test
// (tests/policy-coverage.test.ts) fails on a handler or method missing from this table.
import type { RuleName } from "./rules";

export type RoutePolicy =
  | { kind: "rule"; rule: RuleName }
  | { kind: "procedure"; path: string }
  | { kind: "procedures" }
  | { kind: "public"; why: string };

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS";

export const ROUTE_POLICIES: Record<string, Partial<Record<Method, RoutePolicy>>> = {
  "app/api/trpc/[trpc]/route.ts": { GET: { kind: "procedures" }, POST: { kind: "procedures" } },
  "app/api/uploads/[assetId]/route.ts": { GET: { kind: "rule", rule: "upload.view" } },
  "app/api/uploads/cloudinary-signature/route.ts": { POST: { kind: "procedure", path: "uploads.signCloudinaryParams" } },
  "app/api/auth/[...nextauth]/route.ts": {
    GET: { kind: "public", why: "next-auth's session, CSRF and provider endpoints: sign-in itself applies auth.login" },
    POST: { kind: "rule", rule: "auth.login" },
  },
  "app/.well-known/jwks.json/route.ts": {
    GET: { kind: "public", why: "public keys, so anyone can check a token's signature offline" },
  },
  "app/.well-known/audit-checkpoint-key/route.ts": {
    GET: { kind: "public", why: "the audit log's checkpoint public key, so anyone can check a proof offline" },
  },
  "app/home/route.ts": { GET: { kind: "public", why: "a redirect to the caller's own home, or to sign-in" } },
};
