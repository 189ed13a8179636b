// A person's own account: what they signed up with, and their display name.
import { eq } from "drizzle-orm";
import { users } from "@/db/schema/accounts";
import { districts } from "@/db/schema/geography";
import type { Deps } from "@/server/context";
import { AppError } from "@/server/errors";

export async function ownAccount(deps: Pick<Deps, "db" | "user">) {
  const [row] = await deps.db
    .select({
      displayName: users.displayName,
      email: users.email,
      emailVerifiedAt: users.emailVerifiedAt,
      phone: users.phone,
      role: users.role,
      kycStatus: users.kycStatus,
      districtName: districts.name,
      createdAt: users.createdAt,
    })
    .from(users)
    .leftJoin(districts, eq(districts.id, users.districtId))
    .where(eq(users.id, deps.user.id))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Your account no longer exists.");
  const { emailVerifiedAt, ...rest } = row;
  return { ...rest, emailConfirmed: Boolean(row.email && emailVerifiedAt), districtName: row.districtName ?? null };
}

export async function renameAccount(deps: Deps, displayName: string) {
  const before = deps.user.displayName;
  if (before === displayName) {
    // Nothing to change, but an audited call is never silent: the attempt is on the record.
    deps.audit({ action: "DISPLAY_NAME_CHANGED", targetType: "user", targetId: deps.user.id, changes: { unchanged: true } });
    return { ok: true as const, displayName };
  }
  await deps.db.update(users).set({ displayName, updatedAt: new Date() }).where(eq(users.id, deps.user.id));
  deps.audit({
    action: "DISPLAY_NAME_CHANGED",
    targetType: "user",
    targetId: deps.user.id,
    changes: { displayName: { before, after: displayName } },
  });
  return { ok: true as const, displayName };
}
