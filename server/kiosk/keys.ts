// Kiosk API keys: random, prefixed so a leaked key is recognisable (log scanners, secret scanning),
// shown once, stored as SHA-256. A plain fast hash is right here: the key carries 256 random bits,
// so there is nothing to brute-force that a slow hash would protect (unlike a password).
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const KIOSK_KEY_PREFIX = "tsk_live_";
/** The demo seed's fixed key uses its own prefix, so it is never mistaken for a real one. */
export const KIOSK_DEMO_KEY_PREFIX = "tsk_demo_";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/** 32 random bytes → 52 base32 characters. */
const KEY_BYTES = 32;
const KEY_BODY = /^[A-Z2-7]{52}$/;

/** RFC 4648 base32, unpadded. */
export function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function generateKioskKey(): string {
  return KIOSK_KEY_PREFIX + base32(randomBytes(KEY_BYTES));
}

/** Whether a string has the shape of a kiosk key (live or demo); anything else is refused unhashed. */
export function looksLikeKioskKey(key: string): boolean {
  const prefix = key.startsWith(KIOSK_KEY_PREFIX)
    ? KIOSK_KEY_PREFIX
    : key.startsWith(KIOSK_DEMO_KEY_PREFIX)
      ? KIOSK_DEMO_KEY_PREFIX
      : null;
  return prefix !== null && KEY_BODY.test(key.slice(prefix.length));
}

export function hashKioskKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** What admins see of a key: its prefix and first four characters. */
export function kioskKeyPrefix(key: string): string {
  const prefix = key.startsWith(KIOSK_DEMO_KEY_PREFIX) ? KIOSK_DEMO_KEY_PREFIX : KIOSK_KEY_PREFIX;
  return key.slice(0, prefix.length + 4);
}

/** Compares a presented key with a stored hash in constant time (both sides are 32-byte digests). */
export function kioskKeyMatches(key: string, storedHash: string): boolean {
  const presented = Buffer.from(hashKioskKey(key), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
