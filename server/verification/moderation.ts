// How the moderation queue judges a disputed verification ("this wasn't me"): dismiss it, or warn
// the organization. The traveler's consent was already revoked when they disputed it.
import { eq, inArray } from "drizzle-orm";
import { users } from "@/db/schema/accounts";
import { organizations, verificationEvents } from "@/db/schema/verification";
import { AppError } from "@/server/errors";
import type { TargetHandler } from "@/server/moderation/registry";
import { scopeWords } from "./disclosure";

const time = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export const verificationEventModerationTarget: TargetHandler = {
  decisions: ["APPROVE", "WARN"],
  async exists(db, id) {
    const [row] = await db.select({ id: verificationEvents.id }).from(verificationEvents).where(eq(verificationEvents.id, id));
    return Boolean(row);
  },
  async apply(db, targetId, decision, reason, audit) {
    const [event] = await db.select().from(verificationEvents).where(eq(verificationEvents.id, targetId));
    if (!event) throw new AppError("NOT_FOUND", "The verification no longer exists.");
    if (decision === "WARN") {
      audit({
        action: "ORGANIZATION_WARNED",
        targetType: "organization",
        targetId: event.organizationId,
        changes: { verificationEventId: event.id, reason },
      });
    } else {
      audit({
        action: "VERIFICATION_DISPUTE_DISMISSED",
        targetType: "verification_event",
        targetId: event.id,
        changes: { reason },
      });
    }
  },
  async summarize(db, ids) {
    const rows = await db
      .select({
        id: verificationEvents.id,
        organizationName: organizations.name,
        staffName: users.displayName,
        outcome: verificationEvents.outcome,
        scopes: verificationEvents.disclosedScopes,
        createdAt: verificationEvents.createdAt,
      })
      .from(verificationEvents)
      .innerJoin(organizations, eq(organizations.id, verificationEvents.organizationId))
      .innerJoin(users, eq(users.id, verificationEvents.staffId))
      .where(inArray(verificationEvents.id, ids));
    return new Map(
      rows.map((r) => [
        r.id,
        {
          title: `Disputed verification by ${r.organizationName}`,
          detail: `${r.staffName} · ${time.format(r.createdAt)} UTC · ${r.outcome === "VERIFIED" ? scopeWords(r.scopes) || "nothing disclosed" : "refused"}`,
          href: null,
        },
      ]),
    );
  },
};
