// Consent: a traveler grants an organization named scopes until an expiry, and revokes at any time.
import { and, asc, eq, gt, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { consentGrants, organizations } from "@/db/schema/verification";
import type { ConsentScope } from "@/db/schema/values";
import type { Deps } from "@/server/context";
import { AppError } from "@/server/errors";
import { enforce } from "@/server/policy/authorize";
import { pairwiseAlias } from "./aliases";
import { disclosedScopes } from "./disclosure";
import { canonicalScopes } from "./organizations";

export const CONSENT_MAX_DAYS = 365;

/** The consent of a traveler to an organization that holds now (granted, unrevoked, unexpired). */
export async function liveConsent(db: Database, userId: string, organizationId: string, now = new Date()) {
  const [row] = await db
    .select()
    .from(consentGrants)
    .where(
      and(
        eq(consentGrants.userId, userId),
        eq(consentGrants.organizationId, organizationId),
        isNull(consentGrants.revokedAt),
        gt(consentGrants.expiresAt, now),
      ),
    );
  return row ?? null;
}

export async function organizationForConsent(db: Database, organizationId: string) {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, organizationId));
  if (!org) throw new AppError("NOT_FOUND", "That organization does not exist.");
  return org;
}

/** Grants (or replaces) the traveler's consent to an organization. */
export async function grantConsent(
  deps: Deps,
  input: { organizationId: string; scopes: ConsentScope[]; days: number },
  now = new Date(),
) {
  const org = await organizationForConsent(deps.db, input.organizationId);
  const scopes = canonicalScopes(input.scopes);
  if (scopes.length === 0)
    throw new AppError("INVALID_STATE", "Choose at least one thing to share.", {
      fieldErrors: { scopes: ["Choose at least one."] },
    });
  enforce(deps.securityEvents, "consent.grant", deps.user, { organizationStatus: org.status, scopes, policy: org.scopePolicy });
  const expiresAt = new Date(now.getTime() + input.days * 86_400_000);
  const [before] = await deps.db
    .select()
    .from(consentGrants)
    .where(and(eq(consentGrants.userId, deps.user.id), eq(consentGrants.organizationId, org.id)));
  const [row] = await deps.db
    .insert(consentGrants)
    .values({ userId: deps.user.id, organizationId: org.id, scopes, expiresAt })
    .onConflictDoUpdate({
      target: [consentGrants.userId, consentGrants.organizationId],
      set: { scopes, expiresAt, revokedAt: null, updatedAt: now },
    })
    .returning();
  // The alias exists from the first consent on, so tokens can name the traveler to this organization.
  await pairwiseAlias(deps.db, deps.user.id, org.id);
  deps.audit({
    action: "CONSENT_GRANTED",
    targetType: "consent",
    targetId: row!.id,
    changes: {
      organizationId: org.id,
      scopes: { before: before && !before.revokedAt ? before.scopes : null, after: scopes },
      expiresAt: expiresAt.toISOString(),
    },
  });
  return { id: row!.id, expiresAt };
}

export async function revokeConsent(deps: Deps, input: { organizationId: string }, why: "TRAVELER" | "DISPUTED" = "TRAVELER") {
  const now = new Date();
  const [row] = await deps.db
    .update(consentGrants)
    .set({ revokedAt: now, updatedAt: now })
    .where(
      and(
        eq(consentGrants.userId, deps.user.id),
        eq(consentGrants.organizationId, input.organizationId),
        isNull(consentGrants.revokedAt),
      ),
    )
    .returning();
  if (!row) {
    if (why === "DISPUTED") return null;
    throw new AppError("INVALID_STATE", "There is no consent to revoke for this organization.");
  }
  deps.audit({
    action: "CONSENT_REVOKED",
    targetType: "consent",
    targetId: row.id,
    changes: { organizationId: input.organizationId, revokedAt: { before: null, after: now.toISOString() }, why },
  });
  return row;
}

export type ConsentState = "ACTIVE" | "REVOKED" | "EXPIRED";

/** The traveler's consents, with what each organization can actually receive (consent ∩ policy). */
export async function myConsents(deps: Pick<Deps, "db" | "user">, now = new Date()) {
  const rows = await deps.db
    .select({
      id: consentGrants.id,
      organizationId: organizations.id,
      organizationName: organizations.name,
      organizationStatus: organizations.status,
      policy: organizations.scopePolicy,
      scopes: consentGrants.scopes,
      expiresAt: consentGrants.expiresAt,
      revokedAt: consentGrants.revokedAt,
      grantedAt: consentGrants.updatedAt,
    })
    .from(consentGrants)
    .innerJoin(organizations, eq(organizations.id, consentGrants.organizationId))
    .where(eq(consentGrants.userId, deps.user.id))
    .orderBy(asc(organizations.name));
  return rows.map(({ policy, ...r }) => ({
    ...r,
    effectiveScopes: disclosedScopes(r.scopes, r.scopes, policy),
    state: (r.revokedAt ? "REVOKED" : r.expiresAt <= now ? "EXPIRED" : "ACTIVE") as ConsentState,
  }));
}
