// Promotions: a host's time-boxed offer on an approved listing, under the rule `promotion.issue`.
// Its title meets the keywords as the listing's text does: BLOCK refuses it, REQUIRE_APPROVAL holds
// the promotion until a moderator approves it, FLAG queues it while it runs.
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { districts } from "@/db/schema/geography";
import { listings, promotions } from "@/db/schema/listings";
import { AppError } from "@/server/errors";
import { refuseBlocked, scanKeywords } from "@/server/moderation/keywords";
import { openItem } from "@/server/moderation/queue";
import { enforce, enforceHidden } from "@/server/policy/authorize";
import { LISTING_NOT_FOUND } from "./manage";
import type { Deps } from "@/server/context";
import { flagOn } from "@/server/context";

export interface PromotionInput {
  listingId: string;
  title: string;
  discountPercent: number | null;
  startsAt: Date;
  endsAt: Date;
}

export const MAX_PROMOTION_DAYS = 30;

export async function issuePromotion(deps: Deps, input: PromotionInput) {
  const [row] = await deps.db
    .select({ listing: listings, crowdDensity: districts.crowdDensity, densityThreshold: districts.densityThreshold })
    .from(listings)
    .innerJoin(districts, eq(districts.id, listings.districtId))
    .where(eq(listings.id, input.listingId))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", LISTING_NOT_FOUND);
  // As for the host's other listing actions: someone else's listing looks missing, and the probe is recorded.
  enforceHidden(
    deps.securityEvents,
    { type: "listing", id: input.listingId, notFound: LISTING_NOT_FOUND },
    "listing.own",
    deps.user,
    row.listing,
  );
  if (input.endsAt <= input.startsAt) {
    throw new AppError("INVALID_STATE", "The promotion must end after it starts.", {
      fieldErrors: { endsAt: ["Must be after the start."] },
    });
  }
  if (input.endsAt.getTime() - input.startsAt.getTime() > MAX_PROMOTION_DAYS * 86_400_000) {
    throw new AppError("INVALID_STATE", `A promotion runs for at most ${MAX_PROMOTION_DAYS} days.`, {
      fieldErrors: { endsAt: [`At most ${MAX_PROMOTION_DAYS} days after the start.`] },
    });
  }
  if (input.endsAt <= new Date()) {
    throw new AppError("INVALID_STATE", "The promotion would already be over.", {
      fieldErrors: { endsAt: ["Must be in the future."] },
    });
  }
  enforce(
    deps.securityEvents,
    "promotion.issue",
    deps.user,
    {
      hostId: row.listing.hostId,
      status: row.listing.status,
      crowdDensity: row.crowdDensity,
      densityThreshold: row.densityThreshold,
    },
    {
      promotionsEnabled: await flagOn(deps, "PROMOTIONS_ENABLED", row.listing.districtId),
      emergencyMode: await flagOn(deps, "EMERGENCY_MODE", row.listing.districtId),
    },
  );
  const scan = await scanKeywords(deps.db, [input.title]);
  refuseBlocked(scan.blocked);
  const status: "HELD" | "VISIBLE" = scan.held.length > 0 ? "HELD" : "VISIBLE";
  const [promotion] = await deps.db
    .insert(promotions)
    .values({ ...input, hostId: deps.user.id, status })
    .returning();
  for (const hit of scan.hits) {
    await openItem(
      deps.db,
      { type: "PROMOTION", id: promotion!.id },
      { kind: "KEYWORD", term: hit.term, action: hit.action },
      null,
    );
  }
  deps.audit({
    action: "PROMOTION_ISSUED",
    targetType: "promotion",
    targetId: promotion!.id,
    changes: {
      listingId: input.listingId,
      title: input.title,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      discountPercent: input.discountPercent,
      status,
      ...(scan.hits.length ? { keywords: scan.hits.map((h) => `${h.term} (${h.action})`) } : {}),
    },
  });
  return promotion!;
}

export async function cancelPromotion(deps: Deps, promotionId: string) {
  const [row] = await deps.db
    .update(promotions)
    .set({ cancelledAt: new Date() })
    .where(and(eq(promotions.id, promotionId), eq(promotions.hostId, deps.user.id), isNull(promotions.cancelledAt)))
    .returning();
  if (!row) throw new AppError("NOT_FOUND", "That promotion does not exist or is already cancelled.");
  deps.audit({ action: "PROMOTION_CANCELLED", targetType: "promotion", targetId: promotionId });
}

export async function hostPromotions(db: Database, hostId: string) {
  return db
    .select({
      id: promotions.id,
      listingId: promotions.listingId,
      listingTitle: listings.title,
      title: promotions.title,
      discountPercent: promotions.discountPercent,
      startsAt: promotions.startsAt,
      endsAt: promotions.endsAt,
      cancelledAt: promotions.cancelledAt,
      status: promotions.status,
    })
    .from(promotions)
    .innerJoin(listings, eq(listings.id, promotions.listingId))
    .where(eq(promotions.hostId, hostId))
    .orderBy(desc(promotions.startsAt));
}
