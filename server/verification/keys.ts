// The Ed25519 keys that sign verification tokens. From CREDENTIAL_SIGNING_KEYS (a JWK set: the
// first key signs, every listed key verifies); without it, outside production, a key pair made
// once and kept in a file beside the data folder (so restarts keep verifying), or in memory for tests.
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { env, type SigningJwk } from "@/server/env";

export const TOKEN_ALG = "EdDSA";

export interface PublicJwk {
  kty: "OKP";
  crv: "Ed25519";
  kid: string;
  x: string;
  alg: typeof TOKEN_ALG;
  use: "sig";
}

export interface Keyring {
  /** The key that signs new tokens (the first listed). */
  signer: { kid: string; key: CryptoKey };
  /** Every listed key, by kid. */
  verifiers: Map<string, CryptoKey>;
  /** Public halves only, for /.well-known/jwks.json. */
  jwks: { keys: PublicJwk[] };
}

export async function generateSigningJwk(
  kid = `ed-${new Date().toISOString().slice(0, 10)}-${randomBytes(3).toString("hex")}`,
): Promise<SigningJwk> {
  const { privateKey } = await generateKeyPair(TOKEN_ALG, { crv: "Ed25519", extractable: true });
  const jwk = await exportJWK(privateKey);
  return { kty: "OKP", crv: "Ed25519", kid, x: jwk.x!, d: jwk.d! };
}

export async function keyringFrom(keys: SigningJwk[]): Promise<Keyring> {
  if (keys.length === 0) throw new Error("A keyring needs at least one key.");
  const verifiers = new Map<string, CryptoKey>();
  for (const k of keys) {
    // Verification needs the public half only.
    verifiers.set(k.kid, (await importJWK({ kty: k.kty, crv: k.crv, x: k.x }, TOKEN_ALG)) as CryptoKey);
  }
  const first = keys[0]!;
  const signKey = (await importJWK({ kty: first.kty, crv: first.crv, x: first.x, d: first.d } as JWK, TOKEN_ALG)) as CryptoKey;
  return {
    signer: { kid: first.kid, key: signKey },
    verifiers,
    jwks: { keys: keys.map((k) => ({ kty: "OKP", crv: "Ed25519", kid: k.kid, x: k.x, alg: TOKEN_ALG, use: "sig" })) },
  };
}

/** Where development and demo keys are kept: CREDENTIAL_KEYS_FILE, else beside the PGlite folder. */
export function devKeysFile(): string {
  return (
    env.CREDENTIAL_KEYS_FILE ??
    path.join(path.dirname(path.resolve(/*turbopackIgnore: true*/ env.PGLITE_DIR)), "credential-keys.json")
  );
}

/**
 * A development or demo key set kept in `file` (created with one new key, named `kid`, when absent);
 * the credential keyring and the audit checkpoint keyring both keep theirs this way.
 */
export async function loadOrCreateDevKeys(file: string, kid?: string): Promise<SigningJwk[]> {
  const read = () => (JSON.parse(fs.readFileSync(file, "utf8")) as { keys: SigningJwk[] }).keys;
  if (fs.existsSync(file)) return read();
  const keys = [await generateSigningJwk(kid)];
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    // "wx": when several workers start at once, the first file written wins and the rest read it.
    fs.writeFileSync(file, JSON.stringify({ keys }, null, 2), { flag: "wx", mode: 0o600 });
    return keys;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return read();
    throw err;
  }
}

const cache = globalThis as unknown as { __tesseraKeyring?: Promise<Keyring> };

/** The process's keyring, loaded once. */
export function getKeyring(): Promise<Keyring> {
  cache.__tesseraKeyring ??= (async () => {
    if (env.CREDENTIAL_SIGNING_KEYS) return keyringFrom(env.CREDENTIAL_SIGNING_KEYS);
    if (env.NODE_ENV === "test" && !env.CREDENTIAL_KEYS_FILE) return keyringFrom([await generateSigningJwk("test-key")]);
    return keyringFrom(await loadOrCreateDevKeys(devKeysFile()));
  })().catch((err) => {
    cache.__tesseraKeyring = undefined;
    throw err;
  });
  return cache.__tesseraKeyring;
}
