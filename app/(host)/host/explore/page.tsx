import type { Metadata } from "next";
import { ExplorePage } from "@/components/explore/explore-page";

export const metadata: Metadata = { title: "Explore" };

/** Hosts are travelers too: they browse (and order from) other hosts' listings. */
export default function HostExplorePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return <ExplorePage searchParams={searchParams} identityHref="/host/identity" />;
}
