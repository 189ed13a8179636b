// Explore: approved listings by words (Postgres full-text, GIN-indexed), district, kind, category.
import { and, eq, inArray, notInArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Database } from "@/db/client";
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
  const promoted = sql<boolean>`exists (select 1 from ${promotions} where ${promotions.listingId} = ${listings.id} and ${promotions.cancelledAt} is null and ${promotions.status} = 'VISIBLE' and ${promotions.startsAt} <= ${now.toISOString()}::timestamptz and ${promotions.endsAt} > ${now.toISOString()}::timestamptz)`;
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
    // Ties in rank go to the better rated listing, then the newer one. (Promotion is not part of
    // this order: a promotion's window opens and closes without a write, which would make a keyset
    // page skip or repeat rows; it breaks ties among close matches, which have no next page.)
    const rank = sql`ts_rank(${listings.search}, ${query})`;
    const rating = sql`coalesce(${listings.ratingAverage}, -1)`;
    return {
      order: [sql`${rank} desc`, sql`${rating} desc`, sql`${approved} desc nulls last`, sql`${ID} asc`],
      key: sql<string[]>`json_build_array(${rank}::text, ${rating}::text, ${approved}::text, ${ID}::text)`,
      after: ([r, g, t, id]) =>
        sql`(${rank} < ${r}::real or (${rank} = ${r}::real and (${rating} < ${g}::numeric or (${rating} = ${g}::numeric and (${approved} < ${t}::timestamptz or (${approved} = ${t}::timestamptz and ${ID} > ${id}::uuid))))))`,
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
  relevance: z.union([z.tuple([real, real, timestamp.nullable(), uuid]), z.tuple([timestamp.nullable(), uuid])]),
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
    if (sort === "relevance" && key.data.length !== (ranked ? 4 : 2)) return null;
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

/** The search words as a tsquery over the folded text (migration 0013: Greek, accents, case). */
function exactQuery(q: string): SQL {
  return sql`websearch_to_tsquery('simple', search_fold(${q}))`;
}

/**
 * Rank only what is shown: the matching rows are ranked by id, rank, rating and time alone, the
 * page is cut there, and only its rows are joined, checked for promotions and given cursor keys.
 */
function rankedPage(db: Database, where: SQL | undefined, query: SQL, order: SQL[], limit: number, now: Date) {
  const rank = sql<number>`ts_rank(${listings.search}, ${query})`;
  const ranked = db
    .select({
      id: listings.id,
      rank: rank.as("rank"),
      rating: sql<string>`coalesce(${listings.ratingAverage}, -1)`.as("ranked_rating"),
      approvedAt: sql<Date | null>`${listings.approvedAt}`.as("ranked_approved_at"),
    })
    .from(listings)
    .where(where)
    .orderBy(...order)
    .limit(limit)
    .as("ranked");
  return db
    .select({
      ...exploreFields(now),
      sortKey: sql<
        string[]
      >`json_build_array(${ranked.rank}::text, ${ranked.rating}::text, ${ranked.approvedAt}::text, ${ranked.id}::text)`,
    })
    .from(ranked)
    .innerJoin(listings, eq(listings.id, ranked.id))
    .innerJoin(districts, eq(districts.id, listings.districtId))
    .innerJoin(users, eq(users.id, listings.hostId))
    .leftJoin(uploadAssets, eq(uploadAssets.id, listings.coverAssetId))
    .orderBy(
      sql`${ranked.rank} desc`,
      sql`${ranked.rating} desc`,
      sql`${ranked.approvedAt} desc nulls last`,
      sql`${ranked.id} asc`,
    );
}

function filters(input: ExploreInput) {
  return [
    eq(listings.status, "APPROVED"),
    input.districtId ? eq(listings.districtId, input.districtId) : undefined,
    input.kind ? eq(listings.kind, input.kind) : undefined,
    input.category ? eq(listings.category, input.category) : undefined,
  ];
}

/** The query, unexecuted (the benchmark runs its SQL on a bare driver too). */
export function exploreQuery(db: Database, input: ExploreInput, now = new Date()) {
  const q = searchText(input.q);
  const query = q ? exactQuery(q) : null;
  const plan = sortPlan(input.sort, query);
  const after = decodeExploreCursor(input.cursor, input.sort, Boolean(query));
  const where = and(
    ...filters(input),
    query ? sql`${listings.search} @@ ${query}` : undefined,
    after ? plan.after(after) : undefined,
  );
  if (input.sort === "relevance" && query) return rankedPage(db, where, query, plan.order, input.limit + 1, now);
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

export type ExploreRow = Awaited<ReturnType<typeof exploreQuery>>[number];

// ---------------------------------------------------------------- forgiving search

/** Letters of the scripts the folding knows (Latin, Greek), digits, and what separates words. */
const FOLDABLE = /^[\p{Script=Latin}\p{Script=Greek}\p{N}\p{P}\p{Z}\p{S}\p{M}]*$/u;
/** A near word must be at least this similar (pg_trgm) to the word typed. */
const NEAR = 0.4;
/** "Did you mean" for a spelling at least this similar (or a few edits away). */
const SUGGEST = 0.45;
/** Words of a query the forgiving search looks at. */
const MAX_TERMS = 8;

/**
 * Whether a search may be widened to near spellings: a plain list of words (no "quoted phrase",
 * -exclusion or "or", whose meaning a correction would change), in scripts the folding knows.
 */
export function forgivable(q: string | null): q is string {
  return Boolean(q) && !/["]|(^|\s)-|(^|\s)or(\s|$)/i.test(q!) && FOLDABLE.test(q!);
}

export interface TermExpansion {
  /** The folded word. */
  t: string;
  /** Listings using exactly this word (null: none). */
  own: number | null;
  /** Near words of the vocabulary, closest first: word, listings, trigram similarity, edit distance. */
  near: [string, number, number, number][];
  /** Districts whose name has this word, or one close to it. */
  places: string[];
}

/** One statement: each folded word of the query with its near words and the districts it names. */
export function expansionSql(q: string): SQL {
  return sql`with terms as (
      select t, ord from regexp_split_to_table(search_fold(${q}), '[^a-z0-9]+') with ordinality as s(t, ord)
      where t <> '' order by ord limit ${MAX_TERMS}
    )
    select t,
      (select w.listings from search_words w where w.word = t and w.listings > 0) as own,
      case when length(t) >= 3 then (
        select coalesce(json_agg(json_build_array(n.word, n.listings, n.sim, n.dist) order by n.dist, n.sim desc, n.listings desc, n.word), '[]')
        from (
          select w.word, w.listings, similarity(w.word, t) as sim, levenshtein_less_equal(w.word, t, 3) as dist
          from search_words w
          where w.listings > 0 and (
            (w.word % t and similarity(w.word, t) >= ${NEAR})
            -- Letters swapped or doubled keep few trigrams (tavren, tavern): by edit distance,
            -- among the words that begin alike.
            or (length(t) >= 4 and w.word like left(t, 2) || '%' and abs(length(w.word) - length(t)) <= 2
              and levenshtein_less_equal(w.word, t, 2) <= case when length(t) >= 5 then 2 else 1 end)
          )
          order by dist, sim desc, w.listings desc, w.word limit 5
        ) n
      ) else '[]' end as near,
      case when length(t) >= 4 then (
        select coalesce(json_agg(d.id), '[]') from districts d
        where word_similarity(t, search_fold(d.name)) >= 0.6
      ) else '[]' end as places
    from terms order by ord`;
}

/**
 * Whether the words name a district (as the near-match search reads them: a word of four letters
 * or more, Greek or Latin, close to a district's name). A traveler who types a place has chosen
 * where to look, so explore's default of their own district gives way.
 */
export async function namesADistrict(db: Database, q: string): Promise<boolean> {
  const rows = rowsOf<{ named: boolean }>(
    await db.execute(sql`select exists (
      select 1 from districts d,
        (select t from regexp_split_to_table(search_fold(${q}), '[^a-z0-9]+') as s(t) where length(t) >= 4 limit ${MAX_TERMS}) w
      where word_similarity(w.t, search_fold(d.name)) >= 0.6
    ) as named`),
  );
  return rows[0]?.named === true;
}

/** Rows of expansionSql, whichever driver read them (json may come back as text). */
export function readExpansion(rows: Record<string, unknown>[]): TermExpansion[] {
  const json = <T>(v: unknown): T => (typeof v === "string" ? (JSON.parse(v) as T) : (v as T));
  return rows.map((r) => ({
    t: String(r.t),
    own: r.own === null || r.own === undefined ? null : Number(r.own),
    near: json<[string, number, number, number][]>(r.near ?? "[]").map(([w, n, sim, dist]) => [
      w,
      Number(n),
      Number(sim),
      Number(dist),
    ]),
    places: json<string[]>(r.places ?? "[]"),
  }));
}

export interface ForgivingPlan {
  /** Every word, or one near it (the last word may also be the start of a longer one). */
  all: string;
  /** The word that names a district, and the other words: a listing there needs only those. */
  place: { districtIds: string[]; rest: string | null } | null;
  /** The query with its misspelled words put right, when that spelling is clearly more common. */
  didYouMean: string | null;
}

/** From the words' expansions, the widened query (tsquery text) and the "did you mean". */
export function forgivingPlan(terms: TermExpansion[]): ForgivingPlan | null {
  if (terms.length === 0) return null;
  // Words come from the folded text split on [^a-z0-9] and from search_words ([a-z]{3,40}): safe
  // as tsquery lexemes without quoting.
  const groups = terms.map((term, i) => {
    const words = new Set([term.t, ...term.near.map(([w]) => w)]);
    const alternatives = [...words];
    if (i === terms.length - 1 && term.t.length >= 3) alternatives.push(`${term.t}:*`);
    return `(${alternatives.join(" | ")})`;
  });
  const placeAt = terms.findIndex((t) => t.places.length > 0);
  const corrected = terms.map((term) => {
    // The closest word that is not the one typed: one or two edits away (or, for long words, as
    // many shared trigrams), and clearly more used (a word no listing has, or ten times as many).
    const best = term.near.find(([w]) => w !== term.t);
    if (!best) return term.t;
    const [word, uses, similarity, distance] = best;
    const close = distance <= (term.t.length >= 5 ? 2 : 1) || similarity >= SUGGEST;
    const commoner = term.own === null ? uses > 0 : uses >= 10 * term.own;
    return close && commoner ? word : term.t;
  });
  const changed = corrected.some((w, i) => w !== terms[i]!.t);
  return {
    all: groups.join(" & "),
    place:
      placeAt < 0
        ? null
        : { districtIds: terms[placeAt]!.places, rest: groups.filter((_, i) => i !== placeAt).join(" & ") || null },
    didYouMean: changed ? corrected.join(" ") : null,
  };
}

/**
 * Near matches for a first page the exact words did not fill: listings with every word or one
 * near it (in the listings' own vocabulary), or in the district a word names; never one of
 * `exclude` (the exact matches, shown above them).
 */
export function nearQuery(
  db: Database,
  input: ExploreInput,
  plan: ForgivingPlan,
  exclude: string[],
  limit: number,
  now = new Date(),
) {
  const query = sql`to_tsquery('simple', ${plan.all})`;
  const byWords = sql`${listings.search} @@ ${query}`;
  const match = plan.place
    ? sql`(${byWords} or (${inArray(listings.districtId, plan.place.districtIds)}${
        plan.place.rest ? sql` and ${listings.search} @@ to_tsquery('simple', ${plan.place.rest})` : sql``
      }))`
    : byWords;
  const where = and(...filters(input), match, exclude.length > 0 ? notInArray(listings.id, exclude) : undefined);
  const rank = sql`ts_rank(${listings.search}, ${query})`;
  const order = [
    sql`${rank} desc`,
    sql`coalesce(${listings.ratingAverage}, -1) desc`,
    sql`${listings.approvedAt} desc nulls last`,
    sql`${ID} asc`,
  ];
  return rankedPage(db, where, query, order, limit, now);
}

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

/** Near matches, ordered on the page: rank, then a running promotion, then rating (page-only). */
function nearOrder(rows: ExploreRow[]): ExploreRow[] {
  const key = (r: ExploreRow) => (typeof r.sortKey === "string" ? JSON.parse(r.sortKey) : r.sortKey) as string[];
  return rows
    .map((row, i) => ({ row, i, rank: Number(key(row)[0]) }))
    .sort((a, b) => b.rank - a.rank || Number(b.row.promoted) - Number(a.row.promoted) || a.i - b.i)
    .map((x) => x.row);
}

export interface ExplorePage {
  items: ListingCard[];
  nextCursor: string | null;
  /** Only when near matches fill the page: how many items (the first) match the words exactly. */
  exactCount?: number;
  /** Only when the query's words are spelled otherwise, and more often, in the listings. */
  didYouMean?: string;
}

/** Whether a page of exact matches is to be filled with near ones: a first page by relevance, not full, of plain words. */
export function wantsNear(input: ExploreInput, page: { items: unknown[]; nextCursor: string | null }): boolean {
  return (
    input.sort === "relevance" &&
    !input.cursor &&
    !page.nextCursor &&
    page.items.length < input.limit &&
    forgivable(searchText(input.q))
  );
}

/** The exact rows, then the near ones (below them, no next page). */
export function filledPage(exact: ExploreRow[], near: ExploreRow[], input: ExploreInput, plan: ForgivingPlan): ExplorePage {
  const exactCount = Math.min(exact.length, input.limit);
  const filled = toExplorePage([...exact.slice(0, exactCount), ...nearOrder(near)], input);
  return {
    items: filled.items,
    nextCursor: null,
    ...(near.length > 0 ? { exactCount } : {}),
    ...(plan.didYouMean ? { didYouMean: plan.didYouMean } : {}),
  };
}

/**
 * Explore. A first page by relevance that the exact words do not fill is filled with near
 * matches (misspellings, the start of a word, a district's name), ranked below every exact match;
 * such a page has no next page. (bench/bare-server.ts runs the same statements in the same order.)
 */
export async function exploreListings(db: Database, input: ExploreInput, now = new Date()): Promise<ExplorePage> {
  const rows = await exploreQuery(db, input, now);
  const page = toExplorePage(rows, input);
  if (!wantsNear(input, page)) return page;
  const plan = forgivingPlan(
    readExpansion(rowsOf<Record<string, unknown>>(await db.execute(expansionSql(searchText(input.q)!)))),
  );
  if (!plan) return page;
  const near = await nearQuery(
    db,
    input,
    plan,
    page.items.map((i) => i.id),
    input.limit - page.items.length,
    now,
  );
  return filledPage(rows, near, input, plan);
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
