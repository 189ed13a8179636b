import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireRole } from "@/server/rsc";
import { uploadProvider } from "@/server/uploads/provider";
import { EditListing } from "./edit-listing";

export const metadata: Metadata = { title: "Edit listing" };

export default async function EditListingPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole(["HOST"]);
  const { id } = await params;
  // A mistyped or made-up id is "not found", not a form error.
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) notFound();
  return <EditListing listingId={id} provider={uploadProvider()} />;
}
