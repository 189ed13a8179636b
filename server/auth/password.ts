// Password hashing (argon2id) and the password rules users are told about.
import { hash, verify } from "@node-rs/argon2";

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

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, identifiers: (string | null | undefined)[]): string | null {
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
  return null;
}
