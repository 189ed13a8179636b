// A mail's secret link (a password reset, an address confirmation, an invite) waits in the outbox
// only sealed (AES-256-GCM under a key derived from AUTH_SECRET, which lives in the environment, not
// the database): a copy of the database (a replica, a backup, a leaked dump) holds no usable link,
// even for the hours a failing mail server keeps it waiting. The worker opens it to send the mail,
// then the row forgets it.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/server/env";

const PREFIX = "v1.";
const IV_BYTES = 12;
const TAG_BYTES = 16;

function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", env.AUTH_SECRET, "tessera", "outbox-secret-link/v1", 32));
}

export function sealSecretLink(link: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(link, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
}

/** The link, or null when it cannot be opened (AUTH_SECRET changed since it was sealed, or altered). */
export function openSecretLink(stored: string): string | null {
  // Queued before links were sealed (an upgrade with mail waiting): the path itself, still good.
  if (stored.startsWith("/") && !stored.startsWith("//")) return stored;
  if (!stored.startsWith(PREFIX)) return null;
  const raw = Buffer.from(stored.slice(PREFIX.length), "base64url");
  if (raw.length <= IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    const link = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
    return link.startsWith("/") && !link.startsWith("//") ? link : null;
  } catch {
    return null;
  }
}
