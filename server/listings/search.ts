// Explore: approved listings by words (Postgres full-text, GIN-indexed), district, kind, category.
import { and, eq, sql, type SQL } from "drizzle-orm";
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
  /** Opaque: where the previous page ended. */
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

interface SortPlan {
  order: SQL[];
  /** The row's position in this order, as a JSON array of text (exact: timestamps keep their
   * microseconds; JSON keeps nulls, which drivers' text[] parsers do not all agree on). */
  key: SQL<string[]>;
  /** Rows strictly after a key taken from a previous page. */
  after(key: (string | null)[]): SQL;
}

const ID = sql`${listings.id}`;

function sortPlan(sort: ExploreSort, query: SQL | null): SortPlan {
  const approved = sql`${listings.approvedAt}`;
  if (sort === "relevance" && query) {
    const rank = sql`ts_rank(${listings.search}, ${query})`;
    return {
      order: [sql`${rank} desc`, sql`${approved} desc nulls last`, sql`${ID} asc`],
      key: sql<string[]>`json_build_array(${rank}::text, ${approved}::text, ${ID}::text)`,
      after: ([r, t, id]) =>
        sql`(${rank} < ${r}::real or (${rank} = ${r}::real and (${approved} < ${t}::timestamptz or (${approved} = ${t}::timestamptz and ${ID} > ${id}::uuid))))`,
    };
  }
  if (sort === "rating") {
    const rating = sql`${listings.ratingAverage}`;
    const count = sql`${listings.ratingCount}`;
    return {
      order: [sql`${rating} desc nulls last`, sql`${count} desc`, sql`${ID} asc`],
      key: sql<string[]>`json_build_array(${rating}::text, ${count}::text, ${ID}::text)`,
      after: ([r, c, id]) => {
        const tail = sql`(${count} < ${c}::int or (${count} = ${c}::int and ${ID} > ${id}::uuid))`;
        return r === null
          ? sql`(${rating} is null and ${tail})`
          : sql`(${rating} < ${r}::numeric or ${rating} is null or (${rating} = ${r}::numeric and ${tail}))`;
      },
    };
  }
  if (sort === "price") {
    const price = sql`${listings.priceMinor}`;
    return {
      order: [sql`${price} asc nulls first`, sql`${ID} asc`],
      key: sql<string[]>`json_build_array(${price}::text, ${ID}::text)`,
      after: ([p, id]) =>
        p === null
          ? sql`((${price} is null and ${ID} > ${id}::uuid) or ${price} is not null)`
          : sql`(${price} > ${p}::int or (${price} = ${p}::int and ${ID} > ${id}::uuid))`,
    };
  }
  return {
    order: [sql`${approved} desc nulls last`, sql`${ID} asc`],
    key: sql<string[]>`json_build_array(${approved}::text, ${ID}::text)`,
    after: ([t, id]) => sql`(${approved} < ${t}::timestamptz or (${approved} = ${t}::timestamptz and ${ID} > ${id}::uuid))`,
  };
}

/** A cursor is the sort and the last row's key; one made under another sort is ignored. */
function encodeExploreCursor(sort: ExploreSort, key: (string | null)[]): string {
  return Buffer.from(JSON.stringify({ s: sort, k: key })).toString("base64url");
}

function decodeExploreCursor(cursor: string | null | undefined, sort: ExploreSort): (string | null)[] | null {
  if (!cursor) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { s?: unknown; k?: unknown };
    if (parsed.s !== sort || !Array.isArray(parsed.k)) return null;
    if (!parsed.k.every((v) => v === null || (typeof v === "string" && v.length < 64))) return null;
    const id = parsed.k[parsed.k.length - 1];
    return typeof id === "string" && /^[0-9a-f-]{36}$/i.test(id) ? (parsed.k as (string | null)[]) : null;
  } catch {
    return null;
  }
}

/** The query, unexecuted (the benchmark runs its SQL on a bare driver too). */
export function exploreQuery(db: Database, input: ExploreInput, now = new Date()) {
  const q = input.q?.trim();
  const query = q ? sql`websearch_to_tsquery('simple', ${q})` : null;
  const plan = sortPlan(input.sort, query);
  const after = decodeExploreCursor(input.cursor, input.sort);
  const where: (SQL | undefined)[] = [
    eq(listings.status, "APPROVED"),
    input.districtId ? eq(listings.districtId, input.districtId) : undefined,
    input.kind ? eq(listings.kind, input.kind) : undefined,
    input.category ? eq(listings.category, input.category) : undefined,
    query ? sql`${listings.search} @@ ${query}` : undefined,
    after ? plan.after(after) : undefined,
  ];
  return db
    .select({ ...exploreFields(now), sortKey: plan.key })
    .from(listings)
    .innerJoin(districts, eq(districts.id, listings.districtId))
    .innerJoin(users, eq(users.id, listings.hostId))
    .leftJoin(uploadAssets, eq(uploadAssets.id, listings.coverAssetId))
    .where(and(...where))
    .orderBy(...plan.order)
    .limit(input.limit + 1);
}

type ExploreRow = Awaited<ReturnType<typeof exploreQuery>>[number];

/** Rows → cards, and the cursor of the next page (keyset: new approvals never shift a page). */
export function toExplorePage(rows: ExploreRow[], input: Pick<ExploreInput, "limit" | "sort">) {
  const page = rows.slice(0, input.limit);
  const items: ListingCard[] = page.map((r) => ({
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
  const last = page[page.length - 1];
  // Some drivers hand json back parsed, others as text.
  const key = (last && typeof last.sortKey === "string" ? JSON.parse(last.sortKey) : last?.sortKey) as (string | null)[] | undefined;
  return { items, nextCursor: rows.length > input.limit && key ? encodeExploreCursor(input.sort, key) : null };
}

export async function exploreListings(db: Database, input: ExploreInput, now = new Date()) {
  return toExplorePage(await exploreQuery(db, input, now), input);
}
