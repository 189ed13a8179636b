// Signup with an invite: the code is redeemed by one conditional UPDATE inside the signup transaction.
import { and, eq, gt, lt, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { invites, users, type Role } from "@/db/schema/accounts";
import { districts } from "@/db/schema/geography";
import { organizationInvites, organizationMembers } from "@/db/schema/verification";
import type { AuditFn } from "@/server/audit";
import { AppError } from "@/server/errors";
import { hashPassword, passwordProblem } from "@/server/auth/password";
import { hashInviteCode } from "./invite-codes";
import { refuseDuplicates } from "@/server/db-errors";
import { sendEmailConfirmation } from "./recovery";
import { inviteResource, inviterSubject } from "./invites";
import { check } from "@/server/policy/authorize";

export interface SignupInput {
  inviteCode: string;
  email?: string;
  phone?: string;
  password: string;
  displayName: string;
}

export async function signup(
  deps: { db: Database; audit: AuditFn },
  input: SignupInput,
  now: Date = new Date(),
): Promise<{ userId: string; role: string }> {
  // Cheap checks first: a made-up invite code costs one indexed read, never an argon2 hash.
  const codeHash = hashInviteCode(input.inviteCode);
  const [usable] = await deps.db
    .select({ id: invites.id, role: invites.role, districtId: invites.districtId, createdBy: invites.createdBy })
    .from(invites)
    .where(
      and(
        eq(invites.codeHash, codeHash),
        eq(invites.isActive, true),
        gt(invites.expiresAt, now),
        lt(invites.uses, invites.maxUses),
      ),
    )
    .limit(1);
  if (!usable) throw await whyInviteUnusable(deps.db, codeHash, now);
  // An invite is only as good as its creator's standing: once they are suspended or banned, or may
  // no longer invite that role there, it lets nobody in, and says no more than a made-up code.
  if (!(await creatorStillInvites(deps.db, usable))) throw invalidInvite();
  const problem = passwordProblem(input.password, [input.email, input.phone, input.displayName]);
  if (problem) throw new AppError("WEAK_PASSWORD", problem, { fieldErrors: { password: [problem] } });
  // Hash before redeeming the invite, so the slow part holds no row lock; the redemption below is
  // the conditional UPDATE that decides (the check above only spares the hash for bad codes).
  const passwordHash = await hashPassword(input.password);

  const [invite] = await deps.db
    .update(invites)
    .set({ uses: sql`${invites.uses} + 1` })
    .where(
      and(
        eq(invites.codeHash, codeHash),
        eq(invites.isActive, true),
        gt(invites.expiresAt, now),
        lt(invites.uses, invites.maxUses),
      ),
    )
    .returning();
  if (!invite) throw await whyInviteUnusable(deps.db, codeHash, now);

  const [user] = await refuseDuplicates(
    () =>
      deps.db
        .insert(users)
        .values({
          email: input.email ?? null,
          phone: input.phone ?? null,
          passwordHash,
          displayName: input.displayName,
          role: invite.role,
          districtId: invite.districtId,
          invitedBy: invite.createdBy,
          inviteId: invite.id,
          // Never confirmed at signup, not even the address an invite was mailed to: the invite's
          // creator holds the same code, so only the confirmation mail proves the address.
          emailVerifiedAt: null,
        })
        .returning({ id: users.id }),
    (constraint) => {
      if (constraint.includes("email")) {
        return new AppError("EMAIL_TAKEN", "That email address cannot be used. Sign in instead, or use another.", {
          fieldErrors: { email: ["That email address cannot be used."] },
        });
      }
      if (constraint.includes("phone")) {
        return new AppError("PHONE_TAKEN", "That phone number cannot be used. Sign in instead, or use another.", {
          fieldErrors: { phone: ["That phone number cannot be used."] },
        });
      }
      return null;
    },
  );
  const userId = user!.id;
  if (input.email) await sendEmailConfirmation(deps.db, userId, input.email, now);

  // A verifier staff invite makes the new person a member of its organization.
  const [orgInvite] = await deps.db.select().from(organizationInvites).where(eq(organizationInvites.inviteId, invite.id));
  if (orgInvite) {
    await deps.db
      .insert(organizationMembers)
      .values({ userId, organizationId: orgInvite.organizationId, orgRole: orgInvite.orgRole });
  }

  deps.audit({
    action: "USER_SIGNED_UP",
    targetType: "user",
    targetId: userId,
    actor: { actorType: "USER", actorId: userId, actorRole: invite.role },
    changes: {
      role: invite.role,
      districtId: invite.districtId,
      inviteId: invite.id,
      invitedBy: invite.createdBy,
      inviteUses: { before: invite.uses - 1, after: invite.uses },
      ...(orgInvite ? { organizationId: orgInvite.organizationId, orgRole: orgInvite.orgRole } : {}),
    },
  });
  return { userId, role: invite.role };
}

/** Whether the invite's creator is active and would still be allowed to create it (`invite.create`). */
async function creatorStillInvites(
  db: Database,
  invite: { id: string; role: Role; districtId: string | null; createdBy: string | null },
): Promise<boolean> {
  if (!invite.createdBy || !invite.districtId) return false;
  const [creator] = await db
    .select({ id: users.id, role: users.role, status: users.status, districtId: users.districtId, regionId: districts.regionId })
    .from(users)
    .leftJoin(districts, eq(districts.id, users.districtId))
    .where(eq(users.id, invite.createdBy))
    .limit(1);
  if (!creator || creator.status !== "ACTIVE") return false;
  const [staffInvite] = await db
    .select({ organizationId: organizationInvites.organizationId })
    .from(organizationInvites)
    .where(eq(organizationInvites.inviteId, invite.id));
  const resource = await inviteResource(db, {
    role: invite.role,
    districtId: invite.districtId,
    organizationId: staffInvite?.organizationId,
  });
  const subject = await inviterSubject(db, { ...creator, regionId: creator.regionId ?? null });
  return check("invite.create", subject, resource).allow;
}

function invalidInvite(): AppError {
  const m = "This invite code is not valid. Check it, or ask for a new invite.";
  return new AppError("INVITE_INVALID", m, { fieldErrors: { inviteCode: [m] } });
}

async function whyInviteUnusable(db: Database, codeHash: string, now: Date): Promise<AppError> {
  const [invite] = await db.select().from(invites).where(eq(invites.codeHash, codeHash)).limit(1);
  const field = (message: string) => ({ fieldErrors: { inviteCode: [message] } });
  if (!invite) return invalidInvite();
  if (!invite.isActive) {
    const m = "This invite has been revoked. Ask for a new invite.";
    return new AppError("INVITE_REVOKED", m, field(m));
  }
  if (invite.expiresAt <= now) {
    const m = "This invite has expired. Ask for a new invite.";
    return new AppError("INVITE_EXPIRED", m, field(m));
  }
  const m = "This invite has already been used as many times as allowed.";
  return new AppError("INVITE_EXHAUSTED", m, field(m));
}
