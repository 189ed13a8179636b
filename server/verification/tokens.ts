// Verification tokens: a compact JWS (EdDSA) with an explicit typ and kid. In the clear it carries
// only what anyone may check offline with the published JWKS: the issuer, a 128-bit random jti, iat
// and a near exp. What would tell a reader who the traveler is or which organization the code is for
// — the organization (aud), the traveler's pairwise alias (sub), the consented scopes and the
// organization's nonce — is sealed (AES-256-GCM under a key only Tessera holds, bound to the jti) in
// the `ctx` claim: a code shown to the wrong organization tells it nothing it could match with the
// right one's records. No personal data rides in it either way.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { compactVerify, decodeProtectedHeader, SignJWT, errors as joseErrors } from "jose";
import { z } from "zod";
import { CONSENT_SCOPES, type ConsentScope, type VerificationReason } from "@/db/schema/values";
import { env } from "@/server/env";
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

/** What anyone can read (and check against the signature and the clock). */
const outerSchema = z.object({
  iss: z.string(),
  jti: z.string().min(16),
  iat: z.number().int(),
  exp: z.number().int(),
  ctx: z.string().regex(/^[A-Za-z0-9_-]{40,3000}$/),
});

/** What only Tessera can read. */
const sealedSchema = z.object({
  aud: z.string(),
  sub: z.string().min(1),
  scopes: z.array(z.enum(CONSENT_SCOPES)),
  nonce: z.string().optional(),
});
type Sealed = z.infer<typeof sealedSchema>;

const SEAL_IV_BYTES = 12;
const SEAL_TAG_BYTES = 16;

/** The sealing key: derived from ALIAS_HMAC_KEY (a secret only Tessera's servers hold) for this use alone. */
export function tokenSealKey(secret: string = env.ALIAS_HMAC_KEY): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "tessera", "verification-token-seal/v1", 32));
}

function seal(key: Buffer, jti: string, inner: Sealed): string {
  const iv = randomBytes(SEAL_IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(jti));
  const body = Buffer.concat([cipher.update(JSON.stringify(inner), "utf8"), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
}

/** Opens a token's sealed `ctx` claim (exported for the benchmarks' bare side, which does the same work). */
export function unseal(key: Buffer, jti: string, ctx: string): Sealed | null {
  const raw = Buffer.from(ctx, "base64url");
  if (raw.length <= SEAL_IV_BYTES + SEAL_TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, SEAL_IV_BYTES));
    decipher.setAAD(Buffer.from(jti));
    decipher.setAuthTag(raw.subarray(raw.length - SEAL_TAG_BYTES));
    const text = Buffer.concat([decipher.update(raw.subarray(SEAL_IV_BYTES, raw.length - SEAL_TAG_BYTES)), decipher.final()]);
    const parsed = sealedSchema.safeParse(JSON.parse(text.toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function newJti(): string {
  return randomBytes(16).toString("base64url");
}

export async function signToken(
  keyring: Keyring,
  claims: { iss: string; aud: string; sub: string; scopes: ConsentScope[]; nonce?: string },
  now: Date = new Date(),
  ttlSeconds = TOKEN_TTL_SECONDS,
  sealKey: Buffer = tokenSealKey(),
): Promise<{ token: string; jti: string; expiresAt: Date }> {
  const iat = Math.floor(now.getTime() / 1000);
  const jti = newJti();
  const inner: Sealed = { aud: claims.aud, sub: claims.sub, scopes: claims.scopes };
  if (claims.nonce) inner.nonce = claims.nonce;
  const token = await new SignJWT({ ctx: seal(sealKey, jti, inner) })
    .setProtectedHeader({ alg: TOKEN_ALG, typ: TOKEN_TYP, kid: keyring.signer.kid })
    .setIssuer(claims.iss)
    .setJti(jti)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(keyring.signer.key);
  return { token, jti, expiresAt: new Date((iat + ttlSeconds) * 1000) };
}

/**
 * A refused token carries its claims when its signature held (wrong audience, expired, not yet
 * valid): the token is Tessera's own, so whose it was can still be recorded for its traveler.
 */
export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: VerificationReason; claims?: TokenClaims };

/**
 * The stateless checks, in the order a person is told about them: the token's shape and type, its
 * signature by the key its kid names, its issuer, its audience (this organization), its times.
 * Single use, consent and the traveler's standing are the database's part (verify.ts).
 */
export async function checkToken(
  keyring: Pick<Keyring, "verifiers">,
  token: string,
  expected: { issuer: string; audience: string; now?: Date; skewSeconds?: number; sealKey?: Buffer },
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
  let outer: z.infer<typeof outerSchema>;
  try {
    const parsed = outerSchema.safeParse(JSON.parse(new TextDecoder().decode(payload)));
    if (!parsed.success) return { ok: false, reason: "MALFORMED" };
    outer = parsed.data;
  } catch {
    return { ok: false, reason: "MALFORMED" };
  }
  // Signed by Tessera but not sealed with the key this server holds (a sealing key changed since):
  // nothing in it can be read, so it is not a token this server can check.
  const inner = unseal(expected.sealKey ?? tokenSealKey(), outer.jti, outer.ctx);
  if (!inner) return { ok: false, reason: "MALFORMED" };
  const claims: TokenClaims = { iss: outer.iss, jti: outer.jti, iat: outer.iat, exp: outer.exp, ...inner };
  if (claims.iss !== expected.issuer) return { ok: false, reason: "BAD_SIGNATURE" };
  if (claims.aud !== expected.audience) return { ok: false, reason: "WRONG_AUDIENCE", claims };
  const now = Math.floor((expected.now ?? new Date()).getTime() / 1000);
  const skew = expected.skewSeconds ?? CLOCK_SKEW_SECONDS;
  if (now > claims.exp + skew) return { ok: false, reason: "EXPIRED", claims };
  if (claims.iat > now + skew) return { ok: false, reason: "NOT_YET_VALID", claims };
  return { ok: true, claims };
}
