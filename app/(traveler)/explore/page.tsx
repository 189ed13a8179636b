import type { Metadata } from "next";
import { ExplorePage } from "@/components/explore/explore-page";

export const metadata: Metadata = { title: "Explore" };

export default function TravelerExplorePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return <ExplorePage searchParams={searchParams} identityHref="/identity" />;
}
