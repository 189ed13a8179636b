// A short-lived cache of explore pages. A page is the same for every viewer (the district is
// resolved before), so the popular searches (words people type follow a Zipf-like curve: a few
// are most of the traffic) are ranked once, not on every request.
//
// Fresh by construction, not by guesswork: each page is stored under the value of the
// `search_generation` sequence, which a statement-level trigger advances on every change to what a
// page shows (listings, promotions, cover photos, host names, district names; migration 0010).
// Each request reads the sequence first (one tiny query), so a search made after a committed change
// never gets a page from before it, in any process. What no write announces (a promotion's window
// opening or closing as time passes) is bounded by the TTL, and so is the one race left: a page read
// while a change's transaction was open (its generation already taken, its rows not yet committed)
// shows the state before that change for at most the TTL.
import { sql } from "drizzle-orm";
import { rowsOf, type Database } from "@/db/client";
import { exploreListings, searchText, type ExploreInput } from "./search";

type ExplorePage = Awaited<ReturnType<typeof exploreListings>>;

/** How long a page may be served at most (promotion windows open and close without a write). */
export const SEARCH_CACHE_TTL_MS = 15_000;
/** Pages kept per process (a page is ~12 cards, a few KB). */
const MAX_PAGES = 1_000;

interface Entry {
  generation: string;
  page: ExplorePage;
  expiresAt: number;
}

const pages = new Map<string, Entry>();

/** Hits and misses since start (for tests and the benchmark). */
export const searchCacheStats = { hits: 0, misses: 0 };

async function currentGeneration(db: Database): Promise<string> {
  const [row] = rowsOf<{ g: string | number }>(await db.execute(sql`select last_value as g from search_generation`));
  return String(row?.g ?? "0");
}

function keyOf(input: ExploreInput): string {
  return JSON.stringify([
    searchText(input.q),
    input.districtId ?? null,
    input.kind ?? null,
    input.category ?? null,
    input.sort,
    input.cursor ?? null,
    input.limit,
  ]);
}

/** exploreListings, through the cache. */
export async function cachedExplore(db: Database, input: ExploreInput, now = Date.now()): Promise<ExplorePage> {
  const key = keyOf(input);
  const generation = await currentGeneration(db);
  const hit = pages.get(key);
  if (hit && hit.generation === generation && hit.expiresAt > now) {
    pages.delete(key);
    pages.set(key, hit);
    searchCacheStats.hits++;
    return hit.page;
  }
  searchCacheStats.misses++;
  const page = await exploreListings(db, input);
  // A change that took its generation while the page was being read: serve the page, keep nothing.
  if ((await currentGeneration(db)) !== generation) return page;
  pages.delete(key);
  pages.set(key, { generation, page, expiresAt: now + SEARCH_CACHE_TTL_MS });
  if (pages.size > MAX_PAGES) pages.delete(pages.keys().next().value!);
  return page;
}
