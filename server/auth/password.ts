// Password hashing (argon2id) and the password rules users are told about.
import "server-only";
import { hash, verify } from "@node-rs/argon2";
import { passwordStrength } from "@/shared/password-strength";

const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 12;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A fixed hash to verify against when no account matches, so timing does not reveal existence. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword("tessera-no-such-account-placeholder");
  return dummyHash;
}

const CONTROL = /[\u0000-\u001F\u007F]/;

/**
 * Why a new password is refused, or null when it is acceptable: length, no control characters,
 * not only spaces, not the person's own email, phone or name, and strong enough for zxcvbn.
 * (Only new passwords pass here; existing hashes, like the demo accounts', are never re-judged.)
 */
export function passwordProblem(password: string, identifiers: (string | null | undefined)[]): string | null {
  if (CONTROL.test(password)) return "Passwords cannot contain control characters (like tabs or line breaks).";
  if (password.trim().length === 0) return "A password cannot be only spaces.";
  if (password.length < PASSWORD_MIN_LENGTH) {
    return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  }
  if (password.length > 256) return "Use at most 256 characters.";
  const lowered = password.trim().toLowerCase();
  for (const id of identifiers) {
    if (id && lowered === id.trim().toLowerCase()) {
      return "The password must not be your email address or phone number.";
    }
  }
  const strength = passwordStrength(password, identifiers);
  if (!strength.ok) return `This password is too easy to guess (${strength.label.toLowerCase()}). ${strength.advice}`;
  return null;
}
