// Parsing the versioned national-ID key set (`NID_HMAC_KEYS=1:<secret>,2:<secret>`). Pure, no
// imports, so the settings module can validate it at start-up.

export interface NidKey {
  version: number;
  secret: string;
}

/** The keys in version order; throws nothing (see nidKeySetProblem for validation). */
export function parseNidKeySet(value: string): NidKey[] {
  return value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const colon = part.indexOf(":");
      return { version: Number(part.slice(0, colon)), secret: colon < 0 ? "" : part.slice(colon + 1) };
    })
    .sort((a, b) => a.version - b.version);
}

/** Why a key set is unusable (never echoing a secret), or null when it is fine. */
export function nidKeySetProblem(value: string): string | null {
  const keys = parseNidKeySet(value);
  if (keys.length === 0) return "list at least one key, as 1:<secret>";
  for (const [i, key] of keys.entries()) {
    if (!Number.isInteger(key.version) || key.version < 1)
      return "each key starts with its version, a whole number from 1, then a colon";
    if (key.version !== i + 1)
      return `key versions must run 1, 2, 3… without gaps (version ${i + 1} is missing); old keys stay listed, since newer hashes are built on them`;
    if (key.secret.length < 32) return `key version ${key.version} must be at least 32 characters`;
  }
  return null;
}
