import type { Metadata } from "next";
import { Suspense } from "react";
import { Loading, PageHeader } from "@/components/ui";
import { currentUser } from "@/server/rsc";
import { KycNudge } from "@/components/identity/kyc-nudge";
import { ExploreBrowser } from "./explore-browser";

export const metadata: Metadata = { title: "Explore" };

export default async function ExplorePage() {
  const { user } = await currentUser();
  return (
    <>
      <PageHeader
        title="Explore"
        description="Approved hotspots and services from local hosts. Your own district comes first; any other is a choice away."
      />
      {user && <KycNudge kycStatus={user.kycStatus} href="/identity" toDo="see hosts' contact details and meeting points" />}
      <Suspense fallback={<Loading label="Loading listings…" />}>
        <ExploreBrowser myDistrictId={user?.districtId ?? null} />
      </Suspense>
    </>
  );
}
