// Invite codes: random, readable (no 0/O/1/I/l), stored only as a hash.
import { createHash, randomInt } from "node:crypto";

export const INVITE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const GROUPS = 3;
const GROUP_LENGTH = 4;

/** e.g. "K7QM-2XHT-9WPA": 12 characters from a 31-letter alphabet, about 59 bits. */
export function generateInviteCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = "";
    for (let i = 0; i < GROUP_LENGTH; i++) group += INVITE_ALPHABET[randomInt(INVITE_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join("-");
}

/** What people type: any case, with or without dashes and spaces. */
export function normalizeInviteCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, "");
}

export function hashInviteCode(code: string): string {
  return createHash("sha256")
    .update(`invite:${normalizeInviteCode(code)}`)
    .digest("hex");
}

export function inviteCodeHint(code: string): string {
  return normalizeInviteCode(code).slice(-4);
}
