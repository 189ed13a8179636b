import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireRole } from "@/server/rsc";
import { ItemReview } from "./item-review";
import { MODERATORS } from "@/server/policy/roles";
import { isUuid } from "@/shared/uuid";

export const metadata: Metadata = { title: "Review item" };

export default async function ItemPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireRole(MODERATORS);
  const { id } = await params;
  if (!isUuid(id)) notFound();
  return <ItemReview itemId={id} viewerId={user.id} />;
}
