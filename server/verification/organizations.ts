// Verifier organizations: admins create them, suspend and reinstate them, and set their policy
// (the scopes each may ever receive). Also: which organization a staff member acts for.
import { asc, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { organizationMembers, organizations } from "@/db/schema/verification";
import { CONSENT_SCOPES, type ConsentScope, type OrganizationStatus, type OrgRole } from "@/db/schema/values";
import { uniqueViolation } from "@/server/db-errors";
import type { Deps } from "@/server/context";
import { AppError } from "@/server/errors";
import { enforce } from "@/server/policy/authorize";
import type { AuditEntry } from "@/server/audit";

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

export async function listOrganizations(db: Database) {
  return db
    .select({
      id: organizations.id,
      name: organizations.name,
      status: organizations.status,
      scopePolicy: organizations.scopePolicy,
      createdAt: organizations.createdAt,
      memberCount: sql<number>`(select count(*)::int from ${organizationMembers} where ${organizationMembers.organizationId} = ${organizations.id})`,
    })
    .from(organizations)
    .orderBy(asc(organizations.name));
}

/** Without duplicates, in the canonical order (verified, name, over 18, district). */
export function canonicalScopes(scopes: readonly string[]): ConsentScope[] {
  return CONSENT_SCOPES.filter((s) => scopes.includes(s));
}

export async function createOrganization(deps: Deps, input: { name: string; scopePolicy: ConsentScope[] }) {
  let row;
  try {
    [row] = await deps.db
      .insert(organizations)
      .values({ name: input.name, scopePolicy: canonicalScopes(input.scopePolicy), createdBy: deps.user.id })
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
    changes: { name: row!.name, scopePolicy: row!.scopePolicy },
  });
  return { id: row!.id };
}

async function organizationRow(db: Database, id: string) {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, id));
  if (!row) throw new AppError("NOT_FOUND", "That organization does not exist.");
  return row;
}

/** Suspend or reinstate: a conditional update, so two admins at once cannot both "change" it. */
export async function setOrganizationStatus(deps: Deps, input: { organizationId: string; status: OrganizationStatus }) {
  const before = await organizationRow(deps.db, input.organizationId);
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
  const before = await organizationRow(deps.db, input.organizationId);
  const after = canonicalScopes(input.scopePolicy);
  await deps.db.update(organizations).set({ scopePolicy: after, updatedAt: new Date() }).where(eq(organizations.id, before.id));
  deps.audit({
    action: "ORGANIZATION_POLICY_SET",
    targetType: "organization",
    targetId: before.id,
    changes: { scopePolicy: { before: before.scopePolicy, after } },
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
