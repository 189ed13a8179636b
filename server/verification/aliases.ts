// Aliases: a traveler's GLOBAL alias and one PAIRWISE alias per organization, each base32 of
// HMAC-SHA256(ALIAS_HMAC_KEY, organization id ‖ the traveler's random internal id). The internal id
// is random (never the user id, never derived from the national ID or any attribute), so aliases
// given to two organizations share nothing either could join on. An alias identifies; it never
// authenticates: only a signed, unexpired, unused token does.
import { createHmac, randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { aliases, aliasSubjects } from "@/db/schema/verification";
import { env } from "@/server/env";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32, without padding. */
export function base32(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let value = 0;
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

/** The scope a GLOBAL alias is derived under (it stands where an organization id would). */
const GLOBAL_SCOPE = "global";

/** base32(HMAC-SHA256(key, scope ‖ internal id)); the separator keeps the two parts apart. */
export function deriveAlias(key: string, scope: string, internalId: string): string {
  return base32(createHmac("sha256", key).update(scope).update("\u0000").update(internalId).digest());
}

/** The traveler's random internal id, made on first use. */
export async function internalIdOf(db: Database, userId: string): Promise<string> {
  await db
    .insert(aliasSubjects)
    .values({ userId, internalId: randomBytes(32).toString("base64url") })
    .onConflictDoNothing();
  const [row] = await db
    .select({ internalId: aliasSubjects.internalId })
    .from(aliasSubjects)
    .where(eq(aliasSubjects.userId, userId));
  return row!.internalId;
}

/** The traveler's pairwise alias for an organization (stored, so a token's `sub` can be resolved). */
export async function pairwiseAlias(
  db: Database,
  userId: string,
  organizationId: string,
  key = env.ALIAS_HMAC_KEY,
): Promise<string> {
  const [existing] = await db
    .select({ alias: aliases.alias })
    .from(aliases)
    .where(and(eq(aliases.userId, userId), eq(aliases.organizationId, organizationId)));
  if (existing) return existing.alias;
  const alias = deriveAlias(key, organizationId, await internalIdOf(db, userId));
  await db.insert(aliases).values({ userId, kind: "PAIRWISE", organizationId, alias }).onConflictDoNothing();
  return alias;
}

/** The traveler's global alias: Tessera's own handle for them, never given to an organization. */
export async function globalAlias(db: Database, userId: string, key = env.ALIAS_HMAC_KEY): Promise<string> {
  const alias = deriveAlias(key, GLOBAL_SCOPE, await internalIdOf(db, userId));
  await db.insert(aliases).values({ userId, kind: "GLOBAL", organizationId: null, alias }).onConflictDoNothing();
  return alias;
}

/** Who a pairwise alias names, for that organization only (another organization's alias resolves to no one). */
export async function resolvePairwiseAlias(db: Database, alias: string, organizationId: string): Promise<string | null> {
  const [row] = await db
    .select({ userId: aliases.userId })
    .from(aliases)
    .where(and(eq(aliases.alias, alias), eq(aliases.organizationId, organizationId), eq(aliases.kind, "PAIRWISE")));
  return row?.userId ?? null;
}

/** The global alias issued at enrollment approval, or null before one was issued. */
export async function issuedGlobalAlias(db: Database, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ alias: aliases.alias })
    .from(aliases)
    .where(and(eq(aliases.userId, userId), eq(aliases.kind, "GLOBAL")))
    .limit(1);
  return row?.alias ?? null;
}
