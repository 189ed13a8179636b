// Explore, for travelers (/explore) and hosts (/host/explore): the first page of results read on
// the server, then the browser follows the URL.
import { Suspense } from "react";
import { Loading, PageHeader } from "@/components/ui";
import { api, currentUser } from "@/server/rsc";
import { KycNudge } from "@/components/identity/kyc-nudge";
import { ExploreBrowser, type ExploreInitial } from "./explore-browser";
import { exploreInput, readFilters } from "./filters";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * The first page of results and the district names for the URL as opened, read here so they are in
 * the page itself: no request after hydration, no skeleton, no second render of the results. If
 * the read fails, the browser asks for them as before (and says why it could not).
 */
async function firstResults(searchParams: Props["searchParams"]): Promise<ExploreInitial | null> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, v);
  }
  const input = exploreInput(readFilters(params));
  try {
    const caller = await api();
    const [page, districts] = await Promise.all([caller.listings.explore(input), caller.geography.districts()]);
    return { key: JSON.stringify(input), page, districts };
  } catch {
    return null;
  }
}

export async function ExplorePage({ searchParams, identityHref }: Props & { identityHref: string }) {
  const [{ user }, initial] = await Promise.all([currentUser(), firstResults(searchParams)]);
  return (
    <>
      <PageHeader
        title="Explore"
        description="Approved hotspots and services from local hosts. Your own district comes first; any other is a choice away."
      />
      {user && <KycNudge kycStatus={user.kycStatus} href={identityHref} toDo="see hosts' contact details and meeting points" />}
      <Suspense fallback={<Loading label="Loading listings…" />}>
        <ExploreBrowser myDistrictId={user?.districtId ?? null} initial={initial} />
      </Suspense>
    </>
  );
}
