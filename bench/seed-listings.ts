// Bulk demo listings for the explore benchmark: N approved listings spread over the demo districts,
// titled and described from small word lists so that searches hit a realistic share of rows.
import type postgres from "postgres";

export const ADJECTIVES = [
  "quiet",
  "sunny",
  "hidden",
  "old",
  "windy",
  "blue",
  "stone",
  "family",
  "slow",
  "local",
  "wild",
  "small",
  "evening",
  "morning",
  "coastal",
  "mountain",
  "village",
  "harbour",
  "garden",
  "secret",
];
export const NOUNS = [
  "walk",
  "tavern",
  "beach",
  "chapel",
  "bakery",
  "kayak tour",
  "pottery class",
  "olive grove",
  "wine tasting",
  "boat trip",
  "museum",
  "market",
  "cooking class",
  "bike rental",
  "hike",
  "lighthouse",
  "monastery",
  "cheese farm",
  "fishing trip",
  "yoga session",
  "weaving workshop",
  "taxi",
  "guesthouse",
  "viewpoint",
  "spring",
];
/**
 * Place names, 320 of them, made from syllables (Kalamos, Perivoli…): each listing's description
 * names two, so a place matches about 600 of 100,000 listings, a common adjective or noun thousands.
 */
const SYLLABLES = ["ka", "lo", "me", "ri", "po", "the", "va", "si", "ne", "ta", "mi", "ro", "do", "pe", "li", "ga"];
export const PLACES: string[] = Array.from({ length: 320 }, (_, i) => {
  const a = SYLLABLES[i % 16]!;
  const b = SYLLABLES[Math.floor(i / 16) % 16]!;
  const c = ["s", "n", "ri", "kos", "li", "ra"][Math.floor(i / 64) % 6]!;
  const name = `${a}${b}${c}`;
  return name[0]!.toUpperCase() + name.slice(1);
});

/** Every distinct word a listing's text can contain (what the search benchmark draws from). */
export function benchVocabulary(): string[] {
  const words = new Set<string>();
  for (const phrase of [...ADJECTIVES, ...NOUNS]) for (const w of phrase.split(" ")) words.add(w);
  for (const place of PLACES) words.add(place.toLowerCase());
  return [...words];
}

const CATEGORIES = ["food-drink", "tours", "outdoors", "culture", "wellness", "crafts", "transport", "stay"];

export async function seedBenchListings(sql: postgres.Sql, count: number): Promise<number> {
  const [host] = await sql<{ id: string }[]>`select id from users where email = 'host@tessera.test'`;
  if (!host) throw new Error("the demo host is missing; seed the demo data first");
  const [counted] = await sql<{ existing: number }[]>`select count(*)::int as existing from listings`;
  const existing = counted?.existing ?? 0;
  if (existing >= count) return existing;
  await sql`
    insert into listings (host_id, district_id, kind, title, description, category, price_minor, currency, status, approved_at, created_at)
    select
      ${host.id}::uuid,
      d.ids[1 + (i % array_length(d.ids, 1))],
      (case when i % 3 = 0 then 'HOTSPOT' else 'SERVICE' end)::listing_kind,
      initcap((${ADJECTIVES}::text[])[1 + i % ${ADJECTIVES.length}] || ' ' || (${NOUNS}::text[])[1 + (i / ${ADJECTIVES.length}) % ${NOUNS.length}]) || ' #' || i,
      'A ' || (${ADJECTIVES}::text[])[1 + (i / 7) % ${ADJECTIVES.length}] || ' ' || (${NOUNS}::text[])[1 + i % ${NOUNS.length}]
        || ' near ' || (${PLACES}::text[])[1 + (i * 7) % ${PLACES.length}]
        || ', run by a local host. Bring water and good shoes; ask about the '
        || (${NOUNS}::text[])[1 + (i / 3) % ${NOUNS.length}] || ' on the way to '
        || (${PLACES}::text[])[1 + (i * 13 + 5) % ${PLACES.length}] || '.',
      (${CATEGORIES}::text[])[1 + i % ${CATEGORIES.length}],
      case when i % 4 = 0 then null else 500 + (i % 90) * 100 end,
      case when i % 4 = 0 then null else 'EUR' end,
      'APPROVED',
      now() - (i || ' minutes')::interval,
      now() - (i || ' minutes')::interval
    from generate_series(${existing + 1}::int, ${count}::int) as i,
      (select array_agg(id order by name) as ids from districts) as d`;
  // VACUUM too: a bulk insert leaves the GIN index a long pending list that every search scans
  // until autovacuum merges it; a live database is measured after that.
  await sql`vacuum analyze listings`;
  return count;
}
