"use client";
// Explore: search and filters live in the URL (shareable, Back works); results page by cursor.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useRef, useState } from "react";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { api, errorMessage } from "@/components/trpc/react";
import { Alert, Button, cn, EmptyState, Field, Select } from "@/components/ui";
import { SearchCombobox, type Suggestion } from "@/components/explore/search-combobox";
import { IntentLink } from "@/components/intent-link";
import { ListingCover } from "@/components/listing/cover";
import { categoryLabel, formatPrice, KIND_LABELS, ratingText } from "@/components/listing/format";
import { LISTING_CATEGORIES, LISTING_KINDS } from "@/db/schema/values";
import type { inferRouterOutputs } from "@trpc/server";
import type { ListingCard } from "@/server/listings/views";
import type { AppRouter } from "@/server/root";
import { exploreInput, readFilters, SORTS, toQueryString, type Filters, type Sort } from "./filters";

type Outputs = inferRouterOutputs<AppRouter>;

/** What the page read on the server for the URL it was opened at: shown at once, not fetched again. */
export interface ExploreInitial {
  /** exploreInput(filters) as JSON: the results are used only while the URL still asks for them. */
  key: string;
  page: Outputs["listings"]["explore"];
  districts: Outputs["geography"]["districts"];
}

export function ExploreBrowser({ myDistrictId, initial }: { myDistrictId: string | null; initial?: ExploreInitial | null }) {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const filters = useMemo(() => readFilters(new URLSearchParams(params.toString())), [params]);
  // The search box is uncontrolled: words typed before the page hydrates are kept, and a search
  // submitted before then still works as a plain GET of these same parameters. Its key follows
  // the URL, so Back and Forward show the words of the search they return to.
  const searchBox = useRef<HTMLInputElement>(null);

  const districts = api.geography.districts.useQuery(undefined, { staleTime: 5 * 60_000, initialData: initial?.districts });
  const regions = useMemo(() => {
    const byRegion = new Map<string, { id: string; name: string }[]>();
    for (const d of districts.data ?? [])
      byRegion.set(d.regionName, [...(byRegion.get(d.regionName) ?? []), { id: d.id, name: d.name }]);
    return [...byRegion.entries()];
  }, [districts.data]);
  const myDistrictName = districts.data?.find((d) => d.id === myDistrictId)?.name;
  const districtName =
    filters.district === "all"
      ? null
      : filters.district
        ? districts.data?.find((d) => d.id === filters.district)?.name
        : myDistrictName;

  const input = exploreInput(filters);
  const seeded = initial && initial.key === JSON.stringify(input) ? initial.page : undefined;
  // react-query's own infinite query over the tRPC client: tRPC's useInfiniteQuery adds a
  // `direction` key to the input, which the strict explore input refuses.
  const utils = api.useUtils();
  const results = useInfiniteQuery({
    queryKey: ["listings.explore", input],
    queryFn: ({ pageParam, signal }) => utils.client.listings.explore.query({ ...input, cursor: pageParam }, { signal }),
    initialPageParam: null as string | null,
    initialData: seeded ? { pages: [seeded], pageParams: [null] } : undefined,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
    retry: (count, error) => ((error as { data?: { httpStatus?: number } }).data?.httpStatus ?? 500) >= 500 && count < 2,
  });
  const items = results.data?.pages.flatMap((p) => p.items) ?? [];
  const updating = results.isPlaceholderData && results.isFetching;

  function apply(next: Partial<Filters>) {
    const url = `${pathname}${toQueryString({ ...filters, q: searchBox.current?.value ?? filters.q, ...next })}`;
    // A real history entry, without a server round trip: useSearchParams follows it.
    window.history.pushState(null, "", url);
  }

  /** A suggestion: a listing opens; a district or category becomes the filter, instead of the words. */
  function choose(s: Suggestion) {
    if (s.kind === "listing") {
      router.push(`/listings/${s.id}`);
      return;
    }
    if (searchBox.current) searchBox.current.value = "";
    apply(s.kind === "district" ? { q: "", district: s.id } : { q: "", category: s.id as Filters["category"] });
  }

  const firstPage = results.data?.pages[0];
  const exactCount = firstPage?.exactCount;
  const didYouMean = firstPage?.didYouMean;

  const filtered = Boolean(filters.q || filters.kind || filters.category || filters.district);
  const activeFilters = [filters.kind, filters.category, filters.district].filter(Boolean).length;
  const [showFilters, setShowFilters] = useState(false);
  // With no district chosen, the server searches the traveler's own, or every district when the
  // words name a place: it says which (districtId null: all).
  const everywhere = filters.district === "all" || (!filters.district && firstPage?.districtId === null);
  const where = everywhere
    ? "in all districts"
    : districtName
      ? `in ${districtName}`
      : filters.district
        ? "in that district"
        : "in your district";

  return (
    <div className="space-y-6">
      <form
        role="search"
        aria-label="Search listings"
        className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
        onSubmit={(e) => {
          e.preventDefault();
          apply({ q: String(new FormData(e.currentTarget).get("q") ?? "") });
        }}
      >
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <div className="flex-1">
            <Field
              label="Search"
              hint="Words from a title or description, or a place, in Greek or Latin letters, e.g. “boat tour” or “pottery”."
            >
              {(p) => (
                <SearchCombobox
                  {...p}
                  ref={searchBox}
                  key={filters.q}
                  defaultValue={filters.q}
                  placeholder="What are you looking for?"
                  onChoose={choose}
                />
              )}
            </Field>
          </div>
          <Button type="submit" className="sm:mb-5">
            Search
          </Button>
        </div>
        {/* On a phone the filters wait behind one button, so the first screen shows results. */}
        <Button
          type="button"
          variant="secondary"
          className="mt-3 w-full sm:hidden"
          aria-expanded={showFilters}
          aria-controls="explore-filters"
          onClick={() => setShowFilters((s) => !s)}
        >
          {showFilters ? "Hide filters" : "Filters"}
          {activeFilters > 0 && ` · ${activeFilters} set`}
        </Button>
        <div
          id="explore-filters"
          className={cn("mt-3 gap-3 sm:grid sm:grid-cols-2 lg:grid-cols-4", showFilters ? "grid" : "hidden")}
        >
          <Field label="District">
            {(p) => (
              <Select {...p} name="district" value={filters.district} onChange={(e) => apply({ district: e.target.value })}>
                <option value="">{myDistrictName ? `My district (${myDistrictName})` : "My district"}</option>
                {regions.map(([region, list]) => (
                  <optgroup key={region} label={region}>
                    {list.map((d) => (
                      <option key={d.id} value={d.id}>
                        {d.name}
                      </option>
                    ))}
                  </optgroup>
                ))}
                <option value="all">All districts</option>
              </Select>
            )}
          </Field>
          <Field label="Kind">
            {(p) => (
              <Select
                {...p}
                name="kind"
                value={filters.kind}
                onChange={(e) => apply({ kind: e.target.value as Filters["kind"] })}
              >
                <option value="">Hotspots and services</option>
                {LISTING_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABELS[k]}s only
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Category">
            {(p) => (
              <Select
                {...p}
                name="category"
                value={filters.category}
                onChange={(e) => apply({ category: e.target.value as Filters["category"] })}
              >
                <option value="">Any category</option>
                {Object.entries(LISTING_CATEGORIES).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Sort by">
            {(p) => (
              <Select {...p} name="sort" value={filters.sort} onChange={(e) => apply({ sort: e.target.value as Sort })}>
                {Object.entries(SORTS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </div>
      </form>

      <section aria-labelledby="results-heading" aria-busy={results.isLoading || updating}>
        <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="results-heading" className="text-lg font-semibold text-slate-900">
            Listings {where}
          </h2>
          <p aria-live="polite" className="text-sm text-slate-600" data-testid="results-count">
            {results.isLoading || updating
              ? "Searching…"
              : results.error
                ? ""
                : items.length === 0
                  ? "No results"
                  : `${items.length} listing${items.length === 1 ? "" : "s"}${filters.q ? ` for “${filters.q}”` : ""}${results.hasNextPage ? ", more below" : ""}`}
          </p>
        </div>

        {didYouMean && !updating && (
          <p className="mb-3 text-sm text-slate-700">
            Did you mean{" "}
            <button
              type="button"
              className="font-semibold text-teal-700 underline underline-offset-2 hover:text-teal-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-teal-600"
              onClick={() => {
                if (searchBox.current) searchBox.current.value = didYouMean;
                apply({ q: didYouMean });
              }}
            >
              {didYouMean}
            </button>
            ?
          </p>
        )}
        {results.isLoading ? (
          <SkeletonGrid />
        ) : results.error && items.length === 0 ? (
          <Alert title="The listings could not be loaded.">
            <p>{errorMessage(results.error)}</p>
            <Button variant="secondary" className="mt-3" onClick={() => results.refetch()}>
              Try again
            </Button>
          </Alert>
        ) : items.length === 0 ? (
          <EmptyState
            title={filters.q ? `No listings match “${filters.q}” ${where}.` : `No listings match these filters ${where}.`}
          >
            <p>
              {!everywhere
                ? "Try all districts, fewer or different words, or another kind or category."
                : "Try fewer or different words, or another kind or category."}
            </p>
            <div className="mt-4 flex flex-wrap justify-center gap-2">
              {!everywhere && (
                <Button variant="secondary" onClick={() => apply({ district: "all" })}>
                  Search all districts
                </Button>
              )}
              {filtered && (
                <Button
                  variant="ghost"
                  onClick={() => {
                    if (searchBox.current) searchBox.current.value = "";
                    apply({ q: "", district: "", kind: "", category: "" });
                  }}
                >
                  Clear filters
                </Button>
              )}
            </div>
          </EmptyState>
        ) : (
          <>
            {exactCount === undefined ? (
              <ResultGrid items={items} dim={updating} />
            ) : (
              <>
                {exactCount > 0 && <ResultGrid items={items.slice(0, exactCount)} dim={updating} />}
                <h3 className={cn("mb-3 text-base font-semibold text-slate-900", exactCount > 0 && "mt-8")}>
                  {exactCount > 0 ? "Close matches" : `Nothing matches “${filters.q}” exactly; close matches`}
                </h3>
                <ResultGrid items={items.slice(exactCount)} dim={updating} />
              </>
            )}
            {results.error && (
              <div className="mt-4">
                <Alert>{errorMessage(results.error)}</Alert>
              </div>
            )}
            {results.hasNextPage && (
              <div className="mt-6 text-center">
                <Button variant="secondary" busy={results.isFetchingNextPage} onClick={() => results.fetchNextPage()}>
                  Show more
                </Button>
              </div>
            )}
          </>
        )}
      </section>
    </div>
  );
}

function ResultGrid({ items, dim }: { items: ListingCard[]; dim: boolean }) {
  return (
    <ul className={cn("grid gap-5 sm:grid-cols-2 lg:grid-cols-3", dim && "opacity-60 transition-opacity")}>
      {items.map((item) => (
        <li key={item.id} className="flex">
          <ListingCardView item={item} />
        </li>
      ))}
    </ul>
  );
}

function ListingCardView({ item }: { item: ListingCard }) {
  const price = formatPrice(item.priceMinor, item.currency);
  return (
    <article className="group relative flex w-full flex-col overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200 transition hover:shadow-md hover:ring-teal-600 focus-within:ring-2 focus-within:ring-teal-600">
      <div className="relative aspect-[4/3] overflow-hidden bg-slate-100">
        <ListingCover
          photo={item.cover}
          sizes="(min-width: 1024px) 30vw, (min-width: 640px) 45vw, 100vw"
          alt=""
          seed={item.id}
          className="transition duration-300 group-hover:scale-[1.02]"
        />
        {item.promoted && (
          <span className="absolute left-3 top-3 rounded-full bg-amber-400 px-2.5 py-0.5 text-xs font-semibold text-amber-950 shadow">
            Promoted
          </span>
        )}
      </div>
      <div className="flex flex-1 flex-col gap-2 p-4">
        <p className="text-xs font-medium uppercase tracking-wide text-teal-700">
          {categoryLabel(item.category)} · {KIND_LABELS[item.kind]}
        </p>
        <h3 className="text-base font-semibold leading-snug text-slate-900">
          <IntentLink href={`/listings/${item.id}`} className="after:absolute after:inset-0 focus:outline-none">
            {item.title}
          </IntentLink>
        </h3>
        <p className="line-clamp-2 text-sm text-slate-600">{item.excerpt}</p>
        <div className="mt-auto flex items-end justify-between gap-3 pt-2 text-sm">
          <div className="min-w-0 text-slate-600">
            <p className="truncate">
              <span className="sr-only">District: </span>
              {item.districtName}
            </p>
            <p className="truncate text-xs text-slate-500">by {item.hostName}</p>
          </div>
          <div className="shrink-0 text-right">
            {price && <p className="font-semibold text-slate-900">{price}</p>}
            <p className="text-xs text-slate-500">
              {item.ratingCount > 0 && <span aria-hidden="true">★ </span>}
              {ratingText(item.ratingAverage, item.ratingCount)}
            </p>
          </div>
        </div>
      </div>
    </article>
  );
}

function SkeletonGrid() {
  return (
    <div role="status">
      <span className="sr-only">Loading listings…</span>
      <ul aria-hidden="true" className="grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
        {Array.from({ length: 6 }, (_, i) => (
          <li key={i} className="overflow-hidden rounded-lg bg-white ring-1 ring-slate-200">
            <div className="aspect-[4/3] animate-pulse bg-slate-200" />
            <div className="space-y-2 p-4">
              <div className="h-3 w-1/3 animate-pulse rounded bg-slate-200" />
              <div className="h-4 w-3/4 animate-pulse rounded bg-slate-200" />
              <div className="h-3 w-full animate-pulse rounded bg-slate-100" />
              <div className="h-3 w-2/3 animate-pulse rounded bg-slate-100" />
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
