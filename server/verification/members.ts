// An organization's members: its admins list them, change their org role, and invite staff.
import { and, desc, eq } from "drizzle-orm";
import { invites, users } from "@/db/schema/accounts";
import { organizationInvites, organizationMembers } from "@/db/schema/verification";
import type { OrgRole } from "@/db/schema/values";
import { createInvite } from "@/server/accounts/invites";
import type { Deps } from "@/server/context";
import { AppError } from "@/server/errors";
import { enforce } from "@/server/policy/authorize";
import { requireOrgAdmin } from "./organizations";

export async function listMembers(deps: Pick<Deps, "db" | "user" | "securityEvents">) {
  const org = await requireOrgAdmin(deps);
  return deps.db
    .select({
      userId: users.id,
      displayName: users.displayName,
      email: users.email,
      status: users.status,
      orgRole: organizationMembers.orgRole,
      joinedAt: organizationMembers.createdAt,
    })
    .from(organizationMembers)
    .innerJoin(users, eq(users.id, organizationMembers.userId))
    .where(eq(organizationMembers.organizationId, org.organizationId))
    .orderBy(desc(organizationMembers.orgRole), users.displayName);
}

export async function setMemberRole(deps: Deps, input: { userId: string; orgRole: OrgRole }) {
  const org = await requireOrgAdmin(deps);
  enforce(deps.securityEvents, "organization.memberRole", deps.user, { userId: input.userId });
  const [member] = await deps.db
    .select()
    .from(organizationMembers)
    .where(and(eq(organizationMembers.userId, input.userId), eq(organizationMembers.organizationId, org.organizationId)));
  if (!member) throw new AppError("NOT_FOUND", "That person is not a member of your organization.");
  if (member.orgRole === input.orgRole) return;
  await deps.db.update(organizationMembers).set({ orgRole: input.orgRole }).where(eq(organizationMembers.userId, input.userId));
  deps.audit({
    action: "ORGANIZATION_MEMBER_ROLE_SET",
    targetType: "user",
    targetId: input.userId,
    changes: { organizationId: org.organizationId, orgRole: { before: member.orgRole, after: input.orgRole } },
  });
}

/** An invite for new staff of the caller's organization: whoever signs up with it joins it. */
export async function inviteStaff(
  deps: Deps,
  input: { orgRole: OrgRole; maxUses: number; expiresInDays: number; note?: string },
  appUrl: string,
) {
  const org = await requireOrgAdmin(deps);
  if (!deps.user.districtId)
    throw new AppError("INVALID_STATE", "Your account has no district to invite staff into. Ask an admin.");
  return createInvite(
    deps,
    { role: "ORG_USER", districtId: deps.user.districtId, organizationId: org.organizationId, ...input },
    appUrl,
  );
}

export async function listStaffInvites(deps: Pick<Deps, "db" | "user" | "securityEvents">) {
  const org = await requireOrgAdmin(deps);
  const rows = await deps.db
    .select({
      id: invites.id,
      codeHint: invites.codeHint,
      orgRole: organizationInvites.orgRole,
      maxUses: invites.maxUses,
      uses: invites.uses,
      expiresAt: invites.expiresAt,
      isActive: invites.isActive,
      note: invites.note,
      createdAt: invites.createdAt,
    })
    .from(organizationInvites)
    .innerJoin(invites, eq(invites.id, organizationInvites.inviteId))
    .where(eq(organizationInvites.organizationId, org.organizationId))
    .orderBy(desc(invites.createdAt))
    .limit(50);
  const now = new Date();
  return rows.map((r) => ({
    ...r,
    state: !r.isActive
      ? ("REVOKED" as const)
      : r.expiresAt <= now
        ? ("EXPIRED" as const)
        : r.uses >= r.maxUses
          ? ("USED_UP" as const)
          : ("ACTIVE" as const),
  }));
}

export async function revokeStaffInvite(deps: Deps, inviteId: string) {
  const org = await requireOrgAdmin(deps);
  const [row] = await deps.db
    .select({ isActive: invites.isActive })
    .from(organizationInvites)
    .innerJoin(invites, eq(invites.id, organizationInvites.inviteId))
    .where(and(eq(organizationInvites.inviteId, inviteId), eq(organizationInvites.organizationId, org.organizationId)));
  if (!row) throw new AppError("NOT_FOUND", "That invite does not exist.");
  if (!row.isActive) throw new AppError("INVALID_STATE", "This invite is already revoked.");
  await deps.db.update(invites).set({ isActive: false }).where(eq(invites.id, inviteId));
  deps.audit({
    action: "INVITE_REVOKED",
    targetType: "invite",
    targetId: inviteId,
    changes: { isActive: { before: true, after: false } },
  });
}
