import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { NewListing } from "./new-listing";

export const metadata: Metadata = { title: "New listing" };

export default function NewListingPage() {
  return (
    <>
      <PageHeader title="New listing" description="Start with the words; add photos next, then submit it for review." />
      <NewListing />
    </>
  );
}
