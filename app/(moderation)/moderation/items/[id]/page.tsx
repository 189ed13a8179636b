import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireRole } from "@/server/rsc";
import { ItemReview } from "./item-review";
import { MODERATORS } from "@/server/policy/roles";

export const metadata: Metadata = { title: "Review item" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function ItemPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireRole(MODERATORS);
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  return <ItemReview itemId={id} viewerId={user.id} />;
}
