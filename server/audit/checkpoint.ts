// Signed checkpoints in the C2SP tlog-checkpoint form (a signed note): the origin, the tree size,
// the root hash (base64), a timestamp extension line, a blank line, then one signature line
// "— <key name> <base64(key hash ‖ Ed25519 signature)>". Plain functions over node:crypto, so the
// offline checker needs nothing but this file, merkle.ts and the public key.
import { createHash, createPublicKey, sign, verify, type KeyObject } from "node:crypto";

export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
  time: Date;
}

const SIG_PREFIX = "\u2014 ";
const ED25519 = 0x01;

/** The note key hash: the first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key). */
export function noteKeyHash(name: string, publicKey: Buffer): Buffer {
  return createHash("sha256")
    .update(name)
    .update("\n")
    .update(Buffer.from([ED25519]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

/** The verifier key string signed-note tools accept: `<name>+<hex key hash>+<base64(0x01 ‖ key)>`. */
export function verifierKey(name: string, publicKey: Buffer): string {
  return `${name}+${noteKeyHash(name, publicKey).toString("hex")}+${Buffer.concat([Buffer.from([ED25519]), publicKey]).toString("base64")}`;
}

export function checkpointBody(c: Checkpoint): string {
  return `${c.origin}\n${c.size}\n${c.root.toString("base64")}\ntimestamp ${c.time.getTime()}\n`;
}

export function signCheckpoint(c: Checkpoint, keyName: string, publicKey: Buffer, privateKey: KeyObject): string {
  const body = checkpointBody(c);
  const signature = sign(null, Buffer.from(body, "utf8"), privateKey);
  const blob = Buffer.concat([noteKeyHash(keyName, publicKey), signature]).toString("base64");
  return `${body}\n${SIG_PREFIX}${keyName} ${blob}\n`;
}

export type OpenedCheckpoint = { ok: true; checkpoint: Checkpoint } | { ok: false; reason: string };

/**
 * Checks a signed checkpoint with a public key alone: the signature line for this key must be
 * present and valid over the body, and the body must parse.
 */
export function openCheckpoint(note: string, keyName: string, publicKey: Buffer): OpenedCheckpoint {
  const split = note.indexOf("\n\n");
  if (split < 0) return { ok: false, reason: "not a signed note (no blank line before the signatures)" };
  const body = note.slice(0, split + 1);
  const wantHash = noteKeyHash(keyName, publicKey);
  let key: KeyObject;
  try {
    key = createPublicKey({
      key: { kty: "OKP", crv: "Ed25519", x: publicKey.toString("base64url") },
      format: "jwk",
    });
  } catch {
    return { ok: false, reason: "the public key is not an Ed25519 key" };
  }
  const lines = note
    .slice(split + 2)
    .split("\n")
    .filter(Boolean);
  let signed = false;
  for (const line of lines) {
    if (!line.startsWith(SIG_PREFIX)) return { ok: false, reason: "a signature line is malformed" };
    const [name, blob] = line.slice(SIG_PREFIX.length).split(" ");
    if (name !== keyName || !blob) continue;
    const raw = Buffer.from(blob, "base64");
    if (raw.length !== 4 + 64 || !raw.subarray(0, 4).equals(wantHash)) continue;
    if (!verify(null, Buffer.from(body, "utf8"), key, raw.subarray(4))) {
      return { ok: false, reason: "the signature does not match the checkpoint" };
    }
    signed = true;
  }
  if (!signed) return { ok: false, reason: "no signature by this key" };
  const [origin, size, root, ...extensions] = body.slice(0, -1).split("\n");
  const sizeNumber = Number(size);
  const rootBytes = Buffer.from(root ?? "", "base64");
  const stamp = extensions.find((l) => l.startsWith("timestamp "));
  if (!origin || !/^\d{1,15}$/.test(size ?? "") || rootBytes.length !== 32 || !stamp) {
    return { ok: false, reason: "the checkpoint body is malformed" };
  }
  return {
    ok: true,
    checkpoint: { origin, size: sizeNumber, root: rootBytes, time: new Date(Number(stamp.slice("timestamp ".length))) },
  };
}
