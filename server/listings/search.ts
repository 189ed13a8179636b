// Explore: approved listings by words (Postgres full-text, GIN-indexed), district, kind, category.
import { and, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { districts } from "@/db/schema/geography";
import { listings, promotions } from "@/db/schema/listings";
import { uploadAssets } from "@/db/schema/uploads";
import type { ListingKind } from "@/db/schema/values";
import type { ListingCard } from "./views";
import { takePage } from "@/server/pagination";
import { withVariants } from "@/server/uploads/variants";
import { UUID_PATTERN } from "@/shared/uuid";

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

// What each sort's key holds, checked by schema before any of it reaches a SQL cast: a tampered
// cursor that does not match is ignored (the first page is served), never a database error.
const real = z.string().regex(/^-?\d{1,12}(\.\d{1,20})?(e[-+]?\d{1,3})?$/i);
const int = z.string().regex(/^-?\d{1,9}$/);
const timestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/)
  .refine((v) => !Number.isNaN(Date.parse(v.replace(" ", "T").replace(/([+-]\d{2})$/, "$1:00"))));
const uuid = z.string().regex(UUID_PATTERN);
const CURSOR_KEYS: Record<ExploreSort, z.ZodType<(string | null)[]>> = {
  relevance: z.union([z.tuple([real, timestamp.nullable(), uuid]), z.tuple([timestamp.nullable(), uuid])]),
  rating: z.tuple([real.nullable(), int, uuid]),
  price: z.tuple([int.nullable(), uuid]),
  newest: z.tuple([timestamp.nullable(), uuid]),
};

function decodeExploreCursor(cursor: string | null | undefined, sort: ExploreSort, ranked: boolean): (string | null)[] | null {
  if (!cursor) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { s?: unknown; k?: unknown };
    if (parsed.s !== sort) return null;
    const key = CURSOR_KEYS[sort].safeParse(parsed.k);
    if (!key.success) return null;
    // A relevance page without search words is keyed like "newest", with words like a ranking.
    if (sort === "relevance" && key.data.length !== (ranked ? 3 : 2)) return null;
    return key.data;
  } catch {
    return null;
  }
}

/**
 * Search words as Postgres can always read them: websearch syntax ("quoted phrases", -exclusion,
 * or), with runs of operator characters collapsed and at most 32 terms, so no text makes
 * websearch_to_tsquery fail ("tsquery stack too small" from 33 dashes) or the plan explode.
 */
export function searchText(q: string | undefined): string | null {
  const cleaned = (q ?? "")
    .replace(/[-!&|():*<>\\]+/g, (run) => (run[0] === "-" ? " -" : " "))
    .replace(/\s-(\s|$)/g, " ")
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 32)
    .join(" ")
    .trim();
  return /[\p{L}\p{N}]/u.test(cleaned) ? cleaned : null;
}

/** The query, unexecuted (the benchmark runs its SQL on a bare driver too). */
export function exploreQuery(db: Database, input: ExploreInput, now = new Date()) {
  const q = searchText(input.q);
  const query = q ? sql`websearch_to_tsquery('simple', ${q})` : null;
  const plan = sortPlan(input.sort, query);
  const after = decodeExploreCursor(input.cursor, input.sort, Boolean(query));
  const where = and(
    eq(listings.status, "APPROVED"),
    input.districtId ? eq(listings.districtId, input.districtId) : undefined,
    input.kind ? eq(listings.kind, input.kind) : undefined,
    input.category ? eq(listings.category, input.category) : undefined,
    query ? sql`${listings.search} @@ ${query}` : undefined,
    after ? plan.after(after) : undefined,
  );
  if (input.sort === "relevance" && query) {
    // Rank only what is shown: the matching rows are ranked by id, rank and time alone, the page is
    // cut there, and only its rows are joined, checked for promotions and given cursor keys.
    const rank = sql<number>`ts_rank(${listings.search}, ${query})`;
    const ranked = db
      .select({
        id: listings.id,
        rank: rank.as("rank"),
        approvedAt: sql<Date | null>`${listings.approvedAt}`.as("ranked_approved_at"),
      })
      .from(listings)
      .where(where)
      .orderBy(...plan.order)
      .limit(input.limit + 1)
      .as("ranked");
    return db
      .select({
        ...exploreFields(now),
        sortKey: sql<string[]>`json_build_array(${ranked.rank}::text, ${ranked.approvedAt}::text, ${ranked.id}::text)`,
      })
      .from(ranked)
      .innerJoin(listings, eq(listings.id, ranked.id))
      .innerJoin(districts, eq(districts.id, listings.districtId))
      .innerJoin(users, eq(users.id, listings.hostId))
      .leftJoin(uploadAssets, eq(uploadAssets.id, listings.coverAssetId))
      .orderBy(sql`${ranked.rank} desc`, sql`${ranked.approvedAt} desc nulls last`, sql`${ranked.id} asc`);
  }
  return db
    .select({ ...exploreFields(now), sortKey: plan.key })
    .from(listings)
    .innerJoin(districts, eq(districts.id, listings.districtId))
    .innerJoin(users, eq(users.id, listings.hostId))
    .leftJoin(uploadAssets, eq(uploadAssets.id, listings.coverAssetId))
    .where(where)
    .orderBy(...plan.order)
    .limit(input.limit + 1);
}

type ExploreRow = Awaited<ReturnType<typeof exploreQuery>>[number];

/** Rows → cards, and the cursor of the next page (keyset: new approvals never shift a page). */
export function toExplorePage(rows: ExploreRow[], input: Pick<ExploreInput, "limit" | "sort">) {
  const page = takePage(rows, input.limit, (last) => {
    // Some drivers hand json back parsed, others as text.
    const key = (typeof last.sortKey === "string" ? JSON.parse(last.sortKey) : last.sortKey) as (string | null)[];
    return encodeExploreCursor(input.sort, key);
  });
  const items: ListingCard[] = page.items.map((r) => ({
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
    cover: r.coverId
      ? withVariants({ assetId: r.coverId, url: r.coverUrl!, width: r.coverWidth, height: r.coverHeight, position: 0 })
      : null,
    promoted: r.promoted,
  }));
  return { items, nextCursor: page.nextCursor };
}

export async function exploreListings(db: Database, input: ExploreInput, now = new Date()) {
  return toExplorePage(await exploreQuery(db, input, now), input);
}

/** In a district in emergency mode nothing is promoted: running promotions lose their badge too. */
export async function withoutPromotionsInEmergency<P extends { items: { districtId: string; promoted: boolean }[] }>(
  page: P,
  emergencyIn: (districtId: string) => boolean | Promise<boolean>,
): Promise<P> {
  const promotedDistricts = [...new Set(page.items.filter((i) => i.promoted).map((i) => i.districtId))];
  if (promotedDistricts.length === 0) return page;
  const stopped = new Set<string>();
  for (const districtId of promotedDistricts) if (await emergencyIn(districtId)) stopped.add(districtId);
  if (stopped.size === 0) return page;
  return { ...page, items: page.items.map((i) => (i.promoted && stopped.has(i.districtId) ? { ...i, promoted: false } : i)) };
}
