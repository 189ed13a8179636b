import type { Metadata } from "next";
import { ComingSoon } from "@/components/coming-soon";

export const metadata: Metadata = { title: "Explore" };

export default function ExplorePage() {
  return (
    <ComingSoon
      title="Explore your district"
      description="Approved hotspots and services near you, from local hosts."
      items={["Search listings by word, kind and category", "Order from hosts and message them", "Your identity wallet and consents"]}
    />
  );
}
