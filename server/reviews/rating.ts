// The listing's rating aggregate, recomputed from its visible reviews inside the caller's transaction.
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { listings } from "@/db/schema/listings";
import { reviews } from "@/db/schema/reviews";

export async function refreshListingRating(db: Database, listingId: string) {
  // Lock the listing row first: a concurrent review of the same listing waits here, and then
  // (read committed: a new statement, a new snapshot) counts this one too.
  await db.select({ id: listings.id }).from(listings).where(eq(listings.id, listingId)).for("update");
  const [agg] = await db
    .select({ count: sql<number>`count(*)::int`, average: sql<string | null>`round(avg(${reviews.rating}), 2)::text` })
    .from(reviews)
    .where(and(eq(reviews.listingId, listingId), eq(reviews.status, "VISIBLE")));
  await db
    .update(listings)
    .set({ ratingCount: agg?.count ?? 0, ratingAverage: agg?.average ?? null })
    .where(eq(listings.id, listingId));
  return {
    ratingCount: agg?.count ?? 0,
    ratingAverage: agg?.average === null || agg?.average === undefined ? null : Number(agg.average),
  };
}
