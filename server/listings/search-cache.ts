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
import { exploreListings, searchText, type ExploreInput, type ExplorePage } from "./search";
import { suggestSearch, type Suggestion } from "./suggest";

/** How long a page may be served at most (promotion windows open and close without a write). */
export const SEARCH_CACHE_TTL_MS = 15_000;
/** Pages (and lists of suggestions) kept per process (a page is ~12 cards, a few KB). */
const MAX_PAGES = 1_000;

interface Entry<T> {
  generation: string;
  value: T;
  expiresAt: number;
}

/** An LRU map of values stored under the generation they were read at. */
class GenerationCache<T> {
  private entries = new Map<string, Entry<T>>();
  constructor(private readonly max: number) {}

  async get(db: Database, key: string, read: () => Promise<T>, now: number): Promise<T> {
    const generation = await currentGeneration(db);
    const hit = this.entries.get(key);
    if (hit && hit.generation === generation && hit.expiresAt > now) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      searchCacheStats.hits++;
      return hit.value;
    }
    searchCacheStats.misses++;
    const value = await read();
    // A change that took its generation while the value was being read: serve it, keep nothing.
    if ((await currentGeneration(db)) !== generation) return value;
    this.entries.delete(key);
    this.entries.set(key, { generation, value, expiresAt: now + SEARCH_CACHE_TTL_MS });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}

const pages = new GenerationCache<ExplorePage>(MAX_PAGES);
/** Suggestions are small and their inputs few (the first letters of popular words). */
const suggestions = new GenerationCache<Suggestion[]>(MAX_PAGES);

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
export function cachedExplore(db: Database, input: ExploreInput, now = Date.now()): Promise<ExplorePage> {
  return pages.get(db, keyOf(input), () => exploreListings(db, input), now);
}

/** suggestSearch, through the cache (same freshness: the words of approved listings). */
export function cachedSuggest(db: Database, q: string, now = Date.now()): Promise<Suggestion[]> {
  return suggestions.get(db, q.trim().toLowerCase().replace(/\s+/g, " "), () => suggestSearch(db, q), now);
}
