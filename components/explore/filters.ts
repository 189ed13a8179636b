// Explore's search and filters as they stand in the URL, for the page (its first results are read
// on the server) and the browser (which follows the URL from then on).
import { LISTING_CATEGORIES, LISTING_KINDS, type ListingCategory, type ListingKind } from "@/db/schema/values";
import { isUuid } from "@/shared/uuid";

export const SORTS = { relevance: "Best match", newest: "Newest", rating: "Top rated", price: "Price, lowest first" } as const;
export type Sort = keyof typeof SORTS;
export const PAGE_SIZE = 12;

export interface Filters {
  q: string;
  /** "" = my district, "all" = every district, or a district id. */
  district: string;
  kind: ListingKind | "";
  category: ListingCategory | "";
  sort: Sort;
}

export function readFilters(params: URLSearchParams): Filters {
  const district = params.get("district") ?? "";
  const kind = params.get("kind") ?? "";
  const category = params.get("category") ?? "";
  const sort = params.get("sort") ?? "";
  return {
    q: (params.get("q") ?? "").slice(0, 200),
    district: district === "all" || isUuid(district) ? district : "",
    kind: (LISTING_KINDS as readonly string[]).includes(kind) ? (kind as ListingKind) : "",
    category: category in LISTING_CATEGORIES ? (category as ListingCategory) : "",
    sort: sort in SORTS ? (sort as Sort) : "relevance",
  };
}

export function toQueryString(f: Filters): string {
  const p = new URLSearchParams();
  if (f.q.trim()) p.set("q", f.q.trim());
  if (f.district) p.set("district", f.district);
  if (f.kind) p.set("kind", f.kind);
  if (f.category) p.set("category", f.category);
  if (f.sort !== "relevance") p.set("sort", f.sort);
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** The listings.explore input for these filters (without the cursor). */
export function exploreInput(f: Filters) {
  return {
    q: f.q.trim() || undefined,
    districtId: f.district || undefined,
    kind: f.kind || undefined,
    category: f.category || undefined,
    sort: f.sort,
    limit: PAGE_SIZE,
  };
}
