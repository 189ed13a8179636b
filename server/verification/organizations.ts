// Verifier organizations: each belongs to a region, whose admins create it, suspend and reinstate it
// and set its policy (the scopes it may ever receive) — rule `organization.govern`; a super admin
// governs all and alone moves one or lets it serve further regions. Also: which organization a staff
// member acts for.
import { asc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { regions } from "@/db/schema/geography";
import { organizationMembers, organizations } from "@/db/schema/verification";
import { CONSENT_SCOPES, type ConsentScope, type OrganizationStatus, type OrgRole } from "@/db/schema/values";
import { uniqueViolation } from "@/server/db-errors";
import type { Deps } from "@/server/context";
import { AppError } from "@/server/errors";
import { enforce } from "@/server/policy/authorize";
import type { AuditEntry } from "@/server/audit";
import type { Subject } from "@/server/policy/subject";

/** The organization a user is staff of, with their role in it; nulls when they belong to none. */
export async function membershipOf(db: Database, userId: string) {
  const [row] = await db
    .select({
      organizationId: organizationMembers.organizationId,
      orgRole: organizationMembers.orgRole,
      name: organizations.name,
      status: organizations.status,
      scopePolicy: organizations.scopePolicy,
    })
    .from(organizationMembers)
    .innerJoin(organizations, eq(organizations.id, organizationMembers.organizationId))
    .where(eq(organizationMembers.userId, userId));
  return row ?? null;
}

/** The caller's organization, or RULE_DENIED/NOT_ORG_MEMBER. */
export async function requireMembership(deps: { db: Database; user: { id: string }; securityEvents: AuditEntry[] }) {
  const membership = await membershipOf(deps.db, deps.user.id);
  enforce(deps.securityEvents, "organization.member", { organizationId: membership?.organizationId ?? null }, null);
  return membership!;
}

/** The caller's organization when they are one of its admins. */
export async function requireOrgAdmin(deps: { db: Database; user: { id: string }; securityEvents: AuditEntry[] }) {
  const membership = await membershipOf(deps.db, deps.user.id);
  enforce(
    deps.securityEvents,
    "organization.admin",
    { organizationId: membership?.organizationId ?? null, orgRole: membership?.orgRole ?? null },
    { organizationId: membership?.organizationId ?? "" },
  );
  return membership!;
}

/** What the caller's own organization looks like to its staff. */
export async function myOrganization(deps: Pick<Deps, "db" | "user">) {
  const membership = await membershipOf(deps.db, deps.user.id);
  if (!membership) return null;
  return {
    id: membership.organizationId,
    name: membership.name,
    status: membership.status,
    scopePolicy: membership.scopePolicy,
    orgRole: membership.orgRole as OrgRole,
  };
}

/**
 * What an admin's organization list is limited to (the SQL side of `organization.govern`): those
 * of their region or serving it; no limit for a super admin.
 */
export function organizationScope(user: Pick<Subject, "role" | "regionId">): SQL | undefined {
  if (user.role === "SUPER_ADMIN") return undefined;
  if (user.role !== "ADMIN" || !user.regionId) return sql`false`;
  return or(eq(organizations.regionId, user.regionId), sql`${user.regionId}::uuid = any(${organizations.servedRegionIds})`);
}

export async function listOrganizations(deps: Pick<Deps, "db" | "user">) {
  const rows = await deps.db
    .select({
      id: organizations.id,
      name: organizations.name,
      status: organizations.status,
      scopePolicy: organizations.scopePolicy,
      regionId: organizations.regionId,
      regionName: regions.name,
      servedRegionIds: organizations.servedRegionIds,
      createdAt: organizations.createdAt,
      memberCount: sql<number>`(select count(*)::int from ${organizationMembers} where ${organizationMembers.organizationId} = ${organizations.id})`,
    })
    .from(organizations)
    .innerJoin(regions, eq(regions.id, organizations.regionId))
    .where(organizationScope(deps.user))
    .orderBy(asc(organizations.name));
  const served = new Set(rows.flatMap((r) => r.servedRegionIds));
  const names = served.size
    ? new Map(
        (
          await deps.db
            .select({ id: regions.id, name: regions.name })
            .from(regions)
            .where(inArray(regions.id, [...served]))
        ).map((r) => [r.id, r.name]),
      )
    : new Map<string, string>();
  const regionsEditable = deps.user.role === "SUPER_ADMIN";
  return rows.map(({ servedRegionIds, ...row }) => ({
    ...row,
    servedRegions: servedRegionIds.flatMap((id) => (names.has(id) ? [{ id, name: names.get(id)! }] : [])),
    regionsEditable,
  }));
}

async function regionExists(db: Database, regionId: string) {
  const [row] = await db.select({ id: regions.id }).from(regions).where(eq(regions.id, regionId));
  return Boolean(row);
}

/** Without duplicates, in the canonical order (verified, name, over 18, district). */
export function canonicalScopes(scopes: readonly string[]): ConsentScope[] {
  return CONSENT_SCOPES.filter((s) => scopes.includes(s));
}

export async function createOrganization(deps: Deps, input: { name: string; scopePolicy: ConsentScope[]; regionId?: string }) {
  // An admin's organization is of their own region unless they name another (which the rule refuses).
  const regionId = input.regionId ?? (deps.user.role === "ADMIN" ? deps.user.regionId : null);
  if (!regionId) {
    throw new AppError("INVALID_INPUT", "Choose the region the organization belongs to.", {
      fieldErrors: { regionId: ["Choose a region."] },
    });
  }
  enforce(deps.securityEvents, "organization.govern", deps.user, { regionId, servedRegionIds: [] });
  if (!(await regionExists(deps.db, regionId))) {
    throw new AppError("INVALID_INPUT", "That region does not exist.", { fieldErrors: { regionId: ["Unknown region."] } });
  }
  let row;
  try {
    [row] = await deps.db
      .insert(organizations)
      .values({ name: input.name, scopePolicy: canonicalScopes(input.scopePolicy), regionId, createdBy: deps.user.id })
      .returning();
  } catch (err) {
    if (uniqueViolation(err)) {
      throw new AppError("CONFLICT", "An organization with this name already exists.", {
        fieldErrors: { name: ["This name is taken."] },
      });
    }
    throw err;
  }
  deps.audit({
    action: "ORGANIZATION_CREATED",
    targetType: "organization",
    targetId: row!.id,
    changes: { name: row!.name, scopePolicy: row!.scopePolicy, regionId },
  });
  return { id: row!.id };
}

async function organizationRow(db: Database, id: string) {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, id));
  if (!row) throw new AppError("NOT_FOUND", "That organization does not exist.");
  return row;
}

/** The organization, when the caller governs it (`organization.govern`). */
async function governedOrganization(deps: Deps, id: string, changesRegions = false) {
  const row = await organizationRow(deps.db, id);
  enforce(deps.securityEvents, "organization.govern", deps.user, {
    regionId: row.regionId,
    servedRegionIds: row.servedRegionIds,
    changesRegions,
  });
  return row;
}

/** Suspend or reinstate: a conditional update, so two admins at once cannot both "change" it. */
export async function setOrganizationStatus(deps: Deps, input: { organizationId: string; status: OrganizationStatus }) {
  const before = await governedOrganization(deps, input.organizationId);
  const from: OrganizationStatus = input.status === "ACTIVE" ? "SUSPENDED" : "ACTIVE";
  const [moved] = await deps.db
    .update(organizations)
    .set({ status: input.status, updatedAt: new Date() })
    .where(sql`${organizations.id} = ${input.organizationId} and ${organizations.status} = ${from}`)
    .returning({ id: organizations.id });
  if (!moved) {
    throw new AppError(
      "INVALID_STATE",
      input.status === "ACTIVE" ? "This organization is not suspended." : "This organization is already suspended.",
    );
  }
  deps.audit({
    action: input.status === "ACTIVE" ? "ORGANIZATION_REINSTATED" : "ORGANIZATION_SUSPENDED",
    targetType: "organization",
    targetId: before.id,
    changes: { status: { before: before.status, after: input.status } },
  });
}

export async function setOrganizationPolicy(deps: Deps, input: { organizationId: string; scopePolicy: ConsentScope[] }) {
  const before = await governedOrganization(deps, input.organizationId);
  const after = canonicalScopes(input.scopePolicy);
  await deps.db.update(organizations).set({ scopePolicy: after, updatedAt: new Date() }).where(eq(organizations.id, before.id));
  deps.audit({
    action: "ORGANIZATION_POLICY_SET",
    targetType: "organization",
    targetId: before.id,
    changes: { scopePolicy: { before: before.scopePolicy, after } },
  });
}

/** Move an organization to a region and set the further regions it serves (super admins only). */
export async function setOrganizationRegions(
  deps: Deps,
  input: { organizationId: string; regionId: string; servedRegionIds: string[] },
) {
  const before = await governedOrganization(deps, input.organizationId, true);
  const served = [...new Set(input.servedRegionIds)].filter((id) => id !== input.regionId).sort();
  const wanted = [input.regionId, ...served];
  const known = await deps.db.select({ id: regions.id }).from(regions).where(inArray(regions.id, wanted));
  if (known.length !== wanted.length) {
    throw new AppError("INVALID_INPUT", "A region you chose does not exist.", {
      fieldErrors: { regionId: ["Unknown region."] },
    });
  }
  await deps.db
    .update(organizations)
    .set({ regionId: input.regionId, servedRegionIds: served, updatedAt: new Date() })
    .where(eq(organizations.id, before.id));
  deps.audit({
    action: "ORGANIZATION_REGIONS_SET",
    targetType: "organization",
    targetId: before.id,
    changes: {
      regionId: { before: before.regionId, after: input.regionId },
      servedRegionIds: { before: before.servedRegionIds, after: served },
    },
  });
}

/** Active organizations a traveler may consent to, with what each may receive. */
export async function consentableOrganizations(db: Database) {
  return db
    .select({ id: organizations.id, name: organizations.name, scopePolicy: organizations.scopePolicy })
    .from(organizations)
    .where(eq(organizations.status, "ACTIVE"))
    .orderBy(asc(organizations.name));
}
