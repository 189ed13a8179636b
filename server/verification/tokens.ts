// Verification tokens: a compact JWS (EdDSA) with an explicit typ and kid, naming the organization
// (aud), the traveler's pairwise alias (sub), the consented scopes, the organization's nonce when it
// asked, a 128-bit random jti, iat and a near exp. No personal data rides in it.
import { randomBytes } from "node:crypto";
import { compactVerify, decodeProtectedHeader, SignJWT, errors as joseErrors } from "jose";
import { z } from "zod";
import { CONSENT_SCOPES, type ConsentScope, type VerificationReason } from "@/db/schema/values";
import { TOKEN_ALG, type Keyring } from "./keys";

export const TOKEN_TYP = "tessera-verification+jwt";
/** How long a token lives. */
export const TOKEN_TTL_SECONDS = 300;
/** Clock skew tolerated between Tessera's servers (and a verifier's clock, offline). */
export const CLOCK_SKEW_SECONDS = 30;

export interface TokenClaims {
  iss: string;
  aud: string;
  sub: string;
  scopes: ConsentScope[];
  nonce?: string;
  jti: string;
  iat: number;
  exp: number;
}

const claimsSchema = z.object({
  iss: z.string(),
  aud: z.string(),
  sub: z.string().min(1),
  scopes: z.array(z.enum(CONSENT_SCOPES)),
  nonce: z.string().optional(),
  jti: z.string().min(16),
  iat: z.number().int(),
  exp: z.number().int(),
});

export function newJti(): string {
  return randomBytes(16).toString("base64url");
}

export async function signToken(
  keyring: Keyring,
  claims: { iss: string; aud: string; sub: string; scopes: ConsentScope[]; nonce?: string },
  now: Date = new Date(),
  ttlSeconds = TOKEN_TTL_SECONDS,
): Promise<{ token: string; jti: string; expiresAt: Date }> {
  const iat = Math.floor(now.getTime() / 1000);
  const jti = newJti();
  const payload: Record<string, unknown> = { scopes: claims.scopes };
  if (claims.nonce) payload.nonce = claims.nonce;
  const token = await new SignJWT(payload)
    .setProtectedHeader({ alg: TOKEN_ALG, typ: TOKEN_TYP, kid: keyring.signer.kid })
    .setIssuer(claims.iss)
    .setAudience(claims.aud)
    .setSubject(claims.sub)
    .setJti(jti)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(keyring.signer.key);
  return { token, jti, expiresAt: new Date((iat + ttlSeconds) * 1000) };
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: VerificationReason };

/**
 * The stateless checks, in the order a person is told about them: the token's shape and type, its
 * signature by the key its kid names, its issuer, its audience (this organization), its times.
 * Single use, consent and the traveler's standing are the database's part (verify.ts).
 */
export async function checkToken(
  keyring: Pick<Keyring, "verifiers">,
  token: string,
  expected: { issuer: string; audience: string; now?: Date; skewSeconds?: number },
): Promise<TokenCheck> {
  const compact = token.trim();
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(compact) || compact.length > 4096)
    return { ok: false, reason: "MALFORMED" };
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(compact);
  } catch {
    return { ok: false, reason: "MALFORMED" };
  }
  if (header.typ !== TOKEN_TYP) return { ok: false, reason: "MALFORMED" };
  if (header.alg !== TOKEN_ALG || typeof header.kid !== "string") return { ok: false, reason: "BAD_SIGNATURE" };
  const key = keyring.verifiers.get(header.kid);
  // A kid we do not hold (a removed key, or a forged header) cannot be checked: a bad signature.
  if (!key) return { ok: false, reason: "BAD_SIGNATURE" };
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(compact, key, { algorithms: [TOKEN_ALG] }));
  } catch (err) {
    if (err instanceof joseErrors.JOSEError) return { ok: false, reason: "BAD_SIGNATURE" };
    throw err;
  }
  let claims: TokenClaims;
  try {
    const parsed = claimsSchema.safeParse(JSON.parse(new TextDecoder().decode(payload)));
    if (!parsed.success) return { ok: false, reason: "MALFORMED" };
    claims = parsed.data;
  } catch {
    return { ok: false, reason: "MALFORMED" };
  }
  if (claims.iss !== expected.issuer) return { ok: false, reason: "BAD_SIGNATURE" };
  if (claims.aud !== expected.audience) return { ok: false, reason: "WRONG_AUDIENCE" };
  const now = Math.floor((expected.now ?? new Date()).getTime() / 1000);
  const skew = expected.skewSeconds ?? CLOCK_SKEW_SECONDS;
  if (now > claims.exp + skew) return { ok: false, reason: "EXPIRED" };
  if (claims.iat > now + skew) return { ok: false, reason: "NOT_YET_VALID" };
  return { ok: true, claims };
}
