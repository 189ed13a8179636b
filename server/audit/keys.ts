// The Ed25519 keys that sign the audit log's checkpoints. From AUDIT_SIGNING_KEYS (a JWK set: the
// first key signs, every listed key verifies); without it, outside production, a key made once and
// kept in a file beside the data folder (the demo's too), or in memory for tests. Kept apart from
// the verification-token keys: a checkpoint key is published for years, a token key for minutes.
import path from "node:path";
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { env, type SigningJwk } from "@/server/env";
import { generateSigningJwk, loadOrCreateDevKeys } from "@/server/verification/keys";

export interface AuditKey {
  kid: string;
  /** Raw 32-byte Ed25519 public key. */
  publicKey: Buffer;
  verify: KeyObject;
}

export interface AuditKeyring {
  signer: AuditKey & { sign: KeyObject };
  keys: AuditKey[];
}

function publicOf(jwk: Pick<SigningJwk, "kid" | "x">): AuditKey {
  return {
    kid: jwk.kid,
    publicKey: Buffer.from(jwk.x, "base64url"),
    verify: createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: jwk.x }, format: "jwk" }),
  };
}

export function auditKeyringFrom(keys: SigningJwk[]): AuditKeyring {
  if (keys.length === 0) throw new Error("The audit keyring needs at least one key.");
  const first = keys[0]!;
  return {
    signer: {
      ...publicOf(first),
      sign: createPrivateKey({ key: { kty: "OKP", crv: "Ed25519", x: first.x, d: first.d }, format: "jwk" }),
    },
    keys: keys.map(publicOf),
  };
}

function devKeysFile(): string {
  return (
    env.AUDIT_KEYS_FILE ?? path.join(path.dirname(path.resolve(/*turbopackIgnore: true*/ env.PGLITE_DIR)), "audit-keys.json")
  );
}

const cache = globalThis as unknown as { __tesseraAuditKeys?: Promise<AuditKeyring> };

/** The process's checkpoint keys, loaded once. */
export function getAuditKeyring(): Promise<AuditKeyring> {
  cache.__tesseraAuditKeys ??= (async () => {
    if (env.AUDIT_SIGNING_KEYS) return auditKeyringFrom(env.AUDIT_SIGNING_KEYS);
    if (env.NODE_ENV === "test" && !env.AUDIT_KEYS_FILE) return auditKeyringFrom([await generateSigningJwk("audit-test")]);
    return auditKeyringFrom(await loadOrCreateDevKeys(devKeysFile(), `audit-${new Date().toISOString().slice(0, 10)}`));
  })().catch((err) => {
    cache.__tesseraAuditKeys = undefined;
    throw err;
  });
  return cache.__tesseraAuditKeys;
}
