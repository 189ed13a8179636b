// Explore: approved listings by words (Postgres full-text, GIN-indexed), district, kind, category.
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { districts } from "@/db/schema/geography";
import { listings, promotions } from "@/db/schema/listings";
import { uploadAssets } from "@/db/schema/uploads";
import type { ListingKind } from "@/db/schema/values";
import type { ListingCard } from "./views";

export type ExploreSort = "relevance" | "newest" | "rating" | "price";

export interface ExploreInput {
  q?: string;
  districtId?: string;
  kind?: ListingKind;
  category?: string;
  sort: ExploreSort;
  /** Opaque: the offset of the next page. */
  cursor?: string | null;
  limit: number;
}

/** What a search row holds, in SQL column order (the benchmark maps a bare driver's rows by it). */
export function exploreFields(now: Date) {
  const promoted = sql<boolean>`exists (select 1 from ${promotions} where ${promotions.listingId} = ${listings.id} and ${promotions.cancelledAt} is null and ${promotions.startsAt} <= ${now.toISOString()}::timestamptz and ${promotions.endsAt} > ${now.toISOString()}::timestamptz)`;
  return {
    id: listings.id,
    kind: listings.kind,
    title: listings.title,
    category: listings.category,
    priceMinor: listings.priceMinor,
    currency: listings.currency,
    districtId: listings.districtId,
    districtName: districts.name,
    hostName: users.displayName,
    ratingAverage: listings.ratingAverage,
    ratingCount: listings.ratingCount,
    description: listings.description,
    coverId: uploadAssets.id,
    coverUrl: uploadAssets.url,
    coverWidth: uploadAssets.width,
    coverHeight: uploadAssets.height,
    promoted,
  };
}

/** The query, unexecuted (the benchmark runs its SQL on a bare driver too). */
export function exploreQuery(db: Database, input: ExploreInput, now = new Date()) {
  const q = input.q?.trim();
  const query = q ? sql`websearch_to_tsquery('simple', ${q})` : null;
  const where: (SQL | undefined)[] = [
    eq(listings.status, "APPROVED"),
    input.districtId ? eq(listings.districtId, input.districtId) : undefined,
    input.kind ? eq(listings.kind, input.kind) : undefined,
    input.category ? eq(listings.category, input.category) : undefined,
    query ? sql`${listings.search} @@ ${query}` : undefined,
  ];
  const sort =
    input.sort === "relevance" && query
      ? [desc(sql`ts_rank(${listings.search}, ${query})`), sql`${listings.approvedAt} desc nulls last`, asc(listings.id)]
      : input.sort === "rating"
        ? [sql`${listings.ratingAverage} desc nulls last`, desc(listings.ratingCount), asc(listings.id)]
        : input.sort === "price"
          ? [sql`${listings.priceMinor} asc nulls first`, asc(listings.id)]
          : [sql`${listings.approvedAt} desc nulls last`, asc(listings.id)];
  const offset = pageOffset(input.cursor);
  return db
    .select(exploreFields(now))
    .from(listings)
    .innerJoin(districts, eq(districts.id, listings.districtId))
    .innerJoin(users, eq(users.id, listings.hostId))
    .leftJoin(uploadAssets, eq(uploadAssets.id, listings.coverAssetId))
    .where(and(...where))
    .orderBy(...sort)
    .limit(input.limit + 1)
    .offset(offset);
}

function pageOffset(cursor: string | null | undefined): number {
  return Math.max(0, Number.parseInt(cursor ?? "0", 10) || 0);
}

type ExploreRow = Awaited<ReturnType<typeof exploreQuery>>[number];

/** Rows → cards, and the cursor of the next page. */
export function toExplorePage(rows: ExploreRow[], input: Pick<ExploreInput, "limit" | "cursor">) {
  const offset = pageOffset(input.cursor);
  const items: ListingCard[] = rows.slice(0, input.limit).map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    category: r.category,
    priceMinor: r.priceMinor,
    currency: r.currency,
    districtId: r.districtId,
    districtName: r.districtName,
    hostName: r.hostName,
    ratingAverage: r.ratingAverage === null ? null : Number(r.ratingAverage),
    ratingCount: r.ratingCount,
    excerpt: r.description.length > 180 ? `${r.description.slice(0, 177).trimEnd()}…` : r.description,
    cover: r.coverId ? { assetId: r.coverId, url: r.coverUrl!, width: r.coverWidth, height: r.coverHeight, position: 0 } : null,
    promoted: r.promoted,
  }));
  return { items, nextCursor: rows.length > input.limit ? String(offset + input.limit) : null };
}

export async function exploreListings(db: Database, input: ExploreInput, now = new Date()) {
  return toExplorePage(await exploreQuery(db, input, now), input);
}
