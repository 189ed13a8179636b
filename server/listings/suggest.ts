// Suggestions as a traveler types in Explore's search box: a few districts, categories and
// approved listings' titles that the words typed so far begin. One statement, indexed: title words
// by their own GIN index (migration 0013; the last word as a prefix), districts are few.
import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Database } from "@/db/client";
import { LISTING_CATEGORIES } from "@/db/schema/values";

export const suggestionView = z.object({
  kind: z.enum(["district", "category", "listing"]),
  /** The district's id, the category's key or the listing's id. */
  id: z.string(),
  label: z.string(),
});
export type Suggestion = z.infer<typeof suggestionView>;

export const suggestionsView = z.object({ suggestions: z.array(suggestionView) });

const MAX_LISTINGS = 5;
const MAX_DISTRICTS = 3;
const MAX_CATEGORIES = 2;

/**
 * The folded text (search_fold: Greek in Latin letters, no accents, lower case) keeps only
 * [a-z0-9] and single spaces, so it is safe in LIKE and in tsquery text without quoting.
 */
export function suggestSql(q: string) {
  return sql`with f as (
      select trim(regexp_replace(search_fold(${q}), '[^a-z0-9]+', ' ', 'g')) as f
    ), terms as (
      select t, ord from f, regexp_split_to_table(f.f, ' ') with ordinality as s(t, ord) where t <> '' order by ord limit 8
    ), tq as (
      select to_tsquery('simple', string_agg(t || case when ord = (select max(ord) from terms) then ':*' else '' end, ' & ' order by ord)) as q
      from terms
    )
    select 'folded' as kind, '' as id, f.f as label from f
    union all
    (select 'district', d.id::text, d.name from districts d, f
      where f.f <> '' and (' ' || trim(regexp_replace(search_fold(d.name), '[^a-z0-9]+', ' ', 'g'))) like ('% ' || f.f || '%')
      order by d.name limit ${MAX_DISTRICTS})
    union all
    (select 'listing', l.id::text, l.title from listings l, tq
      where l.status = 'APPROVED' and to_tsvector('simple', search_fold(l.title)) @@ tq.q limit ${MAX_LISTINGS})`;
}

const CATEGORY_WORDS = Object.entries(LISTING_CATEGORIES).map(([key, label]) => ({
  key,
  label,
  words: ` ${`${key} ${label}`.toLowerCase().replace(/[^a-z0-9]+/g, " ")}`,
}));

export async function suggestSearch(db: Database, q: string): Promise<Suggestion[]> {
  return toSuggestions(rowsOf<{ kind: string; id: string; label: string }>(await db.execute(suggestSql(q))));
}

/** Rows of suggestSql → suggestions (categories are matched here, against the folded words). */
export function toSuggestions(rows: { kind: string; id: string; label: string }[]): Suggestion[] {
  const folded = rows.find((r) => r.kind === "folded")?.label ?? "";
  const districts = rows.filter((r) => r.kind === "district");
  const categories = folded ? CATEGORY_WORDS.filter((c) => c.words.includes(` ${folded}`)).slice(0, MAX_CATEGORIES) : [];
  const titles = new Set<string>();
  const listings = rows.filter((r) => r.kind === "listing" && !titles.has(r.label) && titles.add(r.label));
  return [
    ...districts.map((r) => ({ kind: "district" as const, id: r.id, label: r.label })),
    ...categories.map((c) => ({ kind: "category" as const, id: c.key, label: c.label })),
    ...listings.map((r) => ({ kind: "listing" as const, id: r.id, label: r.label })),
  ];
}
