import type { Metadata } from "next";
import { requireRole } from "@/server/rsc";
import { uploadProvider } from "@/server/uploads/provider";
import { EditListing } from "./edit-listing";

export const metadata: Metadata = { title: "Edit listing" };

export default async function EditListingPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole(["HOST"]);
  const { id } = await params;
  return <EditListing listingId={id} provider={uploadProvider()} />;
}
