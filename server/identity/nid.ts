// National ID numbers: normalised, then kept only as a keyed hash. The number itself is never
// stored, logged, audited, echoed in an error or returned; only its last four characters are.
//
// Keys are versioned (NID_HMAC_KEYS=1:<secret>,2:<secret>; the old single NID_HMAC_KEY is version
// 1). The hash at version n is HMAC-SHA256(key n, hash at version n−1), version 0 being the
// normalised number. So a profile hashed under version 1 is re-keyed to version 2 from its stored
// hash alone (`npm run nid:rekey`), without anyone re-entering the number; and once every profile
// has moved on, a leak of an older key alone no longer lets anyone test numbers against the
// database. Old keys cannot be dropped: newer hashes are built on them.
import { createHmac } from "node:crypto";
import { env } from "@/server/env";
import { parseNidKeySet, type NidKey } from "./nid-keys";

/** The key set in version order: NID_HMAC_KEYS, else NID_HMAC_KEY as version 1. */
export function nidKeys(source: { NID_HMAC_KEYS?: string; NID_HMAC_KEY?: string } = env): NidKey[] {
  if (source.NID_HMAC_KEYS) return parseNidKeySet(source.NID_HMAC_KEYS);
  if (source.NID_HMAC_KEY) return [{ version: 1, secret: source.NID_HMAC_KEY }];
  throw new Error("No national-ID key is configured (NID_HMAC_KEYS or NID_HMAC_KEY).");
}

export function newestNidVersion(keys: NidKey[] = nidKeys()): number {
  return keys.at(-1)!.version;
}

/** Spaces, dashes and dots dropped, letters upper-cased: "ab-123 456" and "AB123456" are one number. */
export function normaliseNationalId(raw: string): string {
  return raw
    .normalize("NFKC")
    .replace(/[\s\-‐‑‒–—―.]/g, "")
    .toUpperCase();
}

/** A normalised number is 6 to 20 letters and digits, with at least four digits. */
export function isPlausibleNationalId(normalised: string): boolean {
  return /^[A-Z0-9]{6,20}$/.test(normalised) && (normalised.match(/\d/g)?.length ?? 0) >= 4;
}

function hmac(secret: string, value: string): string {
  return createHmac("sha256", secret).update(value, "utf8").digest("hex");
}

/** Moves a hash from version `from` up to version `to` (from < to) through the key chain. */
export function rekeyHash(hash: string, from: number, to: number, keys: NidKey[] = nidKeys()): string {
  let out = hash;
  for (let v = from + 1; v <= to; v += 1) {
    const key = keys.find((k) => k.version === v);
    if (!key) throw new Error(`National-ID key version ${v} is not configured.`);
    out = hmac(key.secret, out);
  }
  return out;
}

export interface NidDigest {
  /** The hash at the newest version: what is stored. */
  hash: string;
  version: number;
  last4: string;
  /** The number's hash at every configured version: a duplicate may be stored under any of them. */
  candidates: string[];
}

/** The stored form of a normalised number. */
export function digestNationalId(normalised: string, keys: NidKey[] = nidKeys()): NidDigest {
  const candidates: string[] = [];
  let h = normalised;
  for (const key of keys) {
    h = hmac(key.secret, h);
    candidates.push(h);
  }
  return { hash: h, version: newestNidVersion(keys), last4: normalised.slice(-4), candidates };
}
