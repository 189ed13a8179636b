import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireRole } from "@/server/rsc";
import { uploadProvider } from "@/server/uploads/provider";
import { EditListing } from "./edit-listing";
import { isUuid } from "@/shared/uuid";

export const metadata: Metadata = { title: "Edit listing" };

export default async function EditListingPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole(["HOST"]);
  const { id } = await params;
  // A mistyped or made-up id is "not found", not a form error.
  if (!isUuid(id)) notFound();
  return <EditListing listingId={id} provider={uploadProvider()} />;
}
