// Invites: create (code shown once), list with uses left, revoke. Who may invite whom is `invite.create`.
import { and, desc, eq, gt, isNotNull, or, type SQL } from "drizzle-orm";
import { env } from "@/server/env";
import { queueSecretMail } from "@/server/notifications/notify";
import { olderThan, page } from "@/server/pagination";
import type { Database } from "@/db/client";
import { invites, ROLES, users, type Role } from "@/db/schema/accounts";
import { districts, regions } from "@/db/schema/geography";
import { organizationInvites, organizations } from "@/db/schema/verification";
import type { OrgRole } from "@/db/schema/values";
import { membershipOf } from "@/server/verification/organizations";
import { AppError } from "@/server/errors";
import { check, enforce, enforceHidden } from "@/server/policy/authorize";
import { isAdmin } from "@/server/policy/roles";
import type { Subject } from "@/server/policy/subject";
import type { Deps } from "@/server/context";
import { districtWithRegion, listDistricts, regionScope } from "@/server/geography/districts";
import { generateInviteCode, hashInviteCode, inviteCodeHint } from "./invite-codes";
import { lockPerson } from "./person-lock";

const ROLE_WORDS: Record<Role, string> = {
  PUBLIC_KIOSK: "a kiosk",
  TRAVELER: "a traveler",
  HOST: "a host",
  ORG_USER: "verifier staff",
  MODERATOR: "a moderator",
  ADMIN: "an admin",
  SUPER_ADMIN: "a super admin",
};

/**
 * What the invite form offers the caller: the districts and roles the `invite.create` rule allows
 * them (a district where they may invite some role; a role they may invite into some such district).
 * Organization staff invites are the organization page's, not this form's.
 */
export async function inviteOptions(deps: Pick<Deps, "db" | "user">) {
  const everywhere = await listDistricts(deps.db);
  const may = (role: Role, d: { id: string; regionId: string }) =>
    check("invite.create", deps.user, { role, districtId: d.id, regionId: d.regionId }).allow;
  const districtsOffered = everywhere.filter((d) => ROLES.some((role) => may(role, d)));
  const roles = ROLES.filter((role) => districtsOffered.some((d) => may(role, d)));
  return { roles, districts: districtsOffered };
}

/** What the `invite.create` rule judges of an invite: role, district and region, and its organization's regions. */
export async function inviteResource(db: Database, input: { role: Role; districtId: string; organizationId?: string | null }) {
  const district = await districtWithRegion(db, input.districtId);
  let organizationRegionIds: string[] | undefined;
  if (input.organizationId) {
    const [org] = await db
      .select({ regionId: organizations.regionId, servedRegionIds: organizations.servedRegionIds })
      .from(organizations)
      .where(eq(organizations.id, input.organizationId));
    if (!org) throw new AppError("NOT_FOUND", "That organization does not exist.");
    organizationRegionIds = [org.regionId, ...org.servedRegionIds];
  }
  return {
    role: input.role,
    districtId: district.id,
    regionId: district.regionId,
    organizationId: input.organizationId ?? null,
    organizationRegionIds,
  };
}

/** An inviter as the `invite.create` rule sees them: verifier staff with their organization and org role. */
export async function inviterSubject<U extends { id: string; role: Role }>(db: Database, user: U) {
  const membership = user.role === "ORG_USER" ? await membershipOf(db, user.id) : null;
  return { ...user, organizationId: membership?.organizationId ?? null, orgRole: membership?.orgRole ?? null };
}

const DAY_MS = 86_400_000;

/**
 * Mailing invites is capped per creator (INVITE_MAILS_PER_DAY in any 24 hours), so nobody turns
 * Tessera into a mailer. The count is the creator's own mailed invites, so every server sees the
 * same; the creator's own row, locked to the end of the transaction, makes a burst wait its turn.
 */
async function withinMailAllowance(deps: Pick<Deps, "db" | "user" | "securityEvents">, now = new Date()) {
  const limit = env.INVITE_MAILS_PER_DAY;
  await lockPerson(deps.db, deps.user.id);
  const recent = await deps.db
    .select({ createdAt: invites.createdAt })
    .from(invites)
    .where(
      and(eq(invites.createdBy, deps.user.id), isNotNull(invites.email), gt(invites.createdAt, new Date(now.getTime() - DAY_MS))),
    )
    .orderBy(desc(invites.createdAt))
    .limit(limit);
  if (recent.length < limit) return;
  // The oldest of the last `limit` leaves the window first; then one more may be mailed.
  const wait = Math.max(1, Math.ceil((recent[limit - 1]!.createdAt.getTime() + DAY_MS - now.getTime()) / 1000));
  deps.securityEvents?.push({
    action: "THROTTLED",
    targetType: "procedure",
    targetId: "invites.mail",
    changes: { retryAfterSeconds: wait, limit },
  });
  const hours = Math.ceil(wait / 3600);
  throw new AppError(
    "THROTTLED",
    `You have mailed ${limit} invites in the last 24 hours, the most allowed. You can mail another in ${hours === 1 ? "an hour" : `${hours} hours`}; meanwhile, create the invite without an address and share its link yourself.`,
    { reason: String(wait) },
  );
}

export async function createInvite(
  deps: Deps,
  input: {
    role: Role;
    districtId: string;
    maxUses: number;
    expiresInDays: number;
    note?: string;
    /** Verifier staff invites: the new ORG_USER joins this organization, with this org role. */
    organizationId?: string;
    orgRole?: OrgRole;
    /** Mails the signup link to this address (signing up still confirms the address by its own mail). */
    email?: string;
  },
  appUrl: string,
) {
  const resource = await inviteResource(deps.db, input);
  enforce(deps.securityEvents, "invite.create", await inviterSubject(deps.db, deps.user), resource);
  if (input.email) await withinMailAllowance(deps);
  const code = generateInviteCode();
  const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
  const [invite] = await deps.db
    .insert(invites)
    .values({
      codeHash: hashInviteCode(code),
      codeHint: inviteCodeHint(code),
      role: input.role,
      districtId: resource.districtId,
      maxUses: input.maxUses,
      expiresAt,
      createdBy: deps.user.id,
      note: input.note ?? null,
      email: input.email ?? null,
    })
    .returning();
  if (input.email) {
    await queueSecretMail(deps.db, {
      kind: "INVITE_RECEIVED",
      toEmail: input.email,
      subjectType: "invite",
      subjectId: invite!.id,
      secretLink: `/signup?invite=${encodeURIComponent(code)}&email=${encodeURIComponent(input.email)}`,
      data: { actorName: deps.user.displayName, roleWord: ROLE_WORDS[input.role], expiresAt: expiresAt.toISOString() },
    });
  }
  if (input.organizationId) {
    await deps.db
      .insert(organizationInvites)
      .values({ inviteId: invite!.id, organizationId: input.organizationId, orgRole: input.orgRole ?? "STAFF" });
  }
  deps.audit({
    action: "INVITE_CREATED",
    targetType: "invite",
    targetId: invite!.id,
    changes: {
      role: input.role,
      districtId: resource.districtId,
      maxUses: input.maxUses,
      expiresAt: expiresAt.toISOString(),
      ...(input.organizationId ? { organizationId: input.organizationId, orgRole: input.orgRole ?? "STAFF" } : {}),
      ...(input.email ? { mailed: true } : {}),
    },
  });
  return {
    id: invite!.id,
    code,
    signupUrl: `${appUrl.replace(/\/$/, "")}/signup?invite=${encodeURIComponent(code)}`,
    expiresAt,
  };
}

/** The invites a person may see: super admins all, admins their region's, everyone else their own. */
async function visibilityFilter(db: Database, user: Subject): Promise<SQL | undefined> {
  if (!isAdmin(user.role)) return eq(invites.createdBy, user.id);
  const scope = regionScope(db, user, invites.districtId);
  return scope && or(scope, eq(invites.createdBy, user.id));
}

export async function listInvites(
  deps: { db: Database; user: Subject },
  input: { cursor?: string | null; limit: number; activeOnly?: boolean },
) {
  const visible = await visibilityFilter(deps.db, deps.user);
  const rows = await deps.db
    .select({
      id: invites.id,
      codeHint: invites.codeHint,
      role: invites.role,
      districtId: invites.districtId,
      districtName: districts.name,
      regionName: regions.name,
      maxUses: invites.maxUses,
      uses: invites.uses,
      expiresAt: invites.expiresAt,
      isActive: invites.isActive,
      note: invites.note,
      createdAt: invites.createdAt,
      createdByName: users.displayName,
    })
    .from(invites)
    .leftJoin(districts, eq(districts.id, invites.districtId))
    .leftJoin(regions, eq(regions.id, districts.regionId))
    .leftJoin(users, eq(users.id, invites.createdBy))
    .where(
      and(
        visible,
        input.activeOnly ? eq(invites.isActive, true) : undefined,
        olderThan(invites.createdAt, invites.id, input.cursor),
      ),
    )
    .orderBy(desc(invites.createdAt), desc(invites.id))
    .limit(input.limit + 1);
  const now = new Date();
  const result = page(rows, input.limit, (r) => [r.createdAt, r.id]);
  return {
    nextCursor: result.nextCursor,
    items: result.items.map((r) => ({
      ...r,
      usesLeft: r.maxUses - r.uses,
      state: inviteState(r, now),
    })),
  };
}

export type InviteState = "REVOKED" | "EXPIRED" | "USED_UP" | "ACTIVE";
function inviteState(r: { isActive: boolean; expiresAt: Date; uses: number; maxUses: number }, now: Date): InviteState {
  if (!r.isActive) return "REVOKED";
  if (r.expiresAt <= now) return "EXPIRED";
  return r.uses >= r.maxUses ? "USED_UP" : "ACTIVE";
}

/** What a caller is told about an invite that is missing or not theirs to revoke. */
const INVITE_NOT_FOUND = "That invite does not exist.";

export async function revokeInvite(deps: Deps, inviteId: string) {
  const [invite] = await deps.db.select().from(invites).where(eq(invites.id, inviteId)).limit(1);
  if (!invite) throw new AppError("NOT_FOUND", INVITE_NOT_FOUND);
  const regionId = invite.districtId ? (await districtWithRegion(deps.db, invite.districtId)).regionId : null;
  // Someone else's invite reads exactly like a missing one: invite ids are not for probing.
  enforceHidden(deps.securityEvents, { type: "invite", id: inviteId, notFound: INVITE_NOT_FOUND }, "invite.revoke", deps.user, {
    createdBy: invite.createdBy,
    regionId,
  });
  if (!invite.isActive) throw new AppError("INVALID_STATE", "This invite is already revoked.");
  await deps.db.update(invites).set({ isActive: false }).where(eq(invites.id, inviteId));
  deps.audit({
    action: "INVITE_REVOKED",
    targetType: "invite",
    targetId: inviteId,
    changes: { isActive: { before: true, after: false } },
  });
}
