// Who verified whom: the traveler's own history (with "this wasn't me"), and an organization's.
import { and, desc, eq, isNull } from "drizzle-orm";
import { users } from "@/db/schema/accounts";
import { organizations, verificationEvents } from "@/db/schema/verification";
import type { Deps } from "@/server/context";
import { AppError } from "@/server/errors";
import { enforce } from "@/server/policy/authorize";
import { openItem } from "@/server/moderation/queue";
import { revokeConsent } from "./consents";
import { requireMembership } from "./organizations";

/** Every check of the traveler that could be tied to them, newest first. */
export async function myVerificationHistory(deps: Pick<Deps, "db" | "user">) {
  return deps.db
    .select({
      id: verificationEvents.id,
      organizationId: organizations.id,
      organizationName: organizations.name,
      outcome: verificationEvents.outcome,
      reasonCode: verificationEvents.reasonCode,
      disclosedScopes: verificationEvents.disclosedScopes,
      disputedAt: verificationEvents.disputedAt,
      createdAt: verificationEvents.createdAt,
    })
    .from(verificationEvents)
    .innerJoin(organizations, eq(organizations.id, verificationEvents.organizationId))
    .where(eq(verificationEvents.travelerId, deps.user.id))
    .orderBy(desc(verificationEvents.createdAt))
    .limit(100);
}

/** The organization's checks, newest first; the traveler appears only as the organization's alias. */
export async function organizationHistory(deps: Pick<Deps, "db" | "user" | "securityEvents">) {
  const org = await requireMembership(deps);
  return deps.db
    .select({
      id: verificationEvents.id,
      staffName: users.displayName,
      outcome: verificationEvents.outcome,
      reasonCode: verificationEvents.reasonCode,
      disclosedScopes: verificationEvents.disclosedScopes,
      subject: verificationEvents.subject,
      createdAt: verificationEvents.createdAt,
    })
    .from(verificationEvents)
    .innerJoin(users, eq(users.id, verificationEvents.staffId))
    .where(eq(verificationEvents.organizationId, org.organizationId))
    .orderBy(desc(verificationEvents.createdAt))
    .limit(100);
}

/** "This wasn't me": revokes the consent to that organization and queues the event for moderators. */
export async function disputeVerification(deps: Deps, input: { eventId: string }) {
  const [event] = await deps.db.select().from(verificationEvents).where(eq(verificationEvents.id, input.eventId));
  if (!event) throw new AppError("NOT_FOUND", "That verification does not exist.");
  enforce(deps.securityEvents, "verification.own", deps.user, { travelerId: event.travelerId });
  const now = new Date();
  const [marked] = await deps.db
    .update(verificationEvents)
    .set({ disputedAt: now })
    .where(and(eq(verificationEvents.id, event.id), isNull(verificationEvents.disputedAt)))
    .returning({ id: verificationEvents.id });
  if (!marked) throw new AppError("INVALID_STATE", "You have already reported this verification.");
  const revoked = await revokeConsent(deps, { organizationId: event.organizationId }, "DISPUTED");
  const item = await openItem(deps.db, { type: "VERIFICATION_EVENT", id: event.id }, { kind: "DISPUTED" }, deps.user.id);
  deps.audit({
    action: "VERIFICATION_DISPUTED",
    targetType: "verification_event",
    targetId: event.id,
    changes: {
      disputedAt: { before: null, after: now.toISOString() },
      consentRevoked: Boolean(revoked),
      moderationItemId: item.id,
    },
  });
  return { consentRevoked: Boolean(revoked) };
}
