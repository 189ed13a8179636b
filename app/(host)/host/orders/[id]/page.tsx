import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { OrderView } from "@/components/orders/order-view";
import { isUuid } from "@/shared/uuid";

export const metadata: Metadata = { title: "Order" };

export default async function HostOrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  return <OrderView orderId={id} backHref="/host/orders" backLabel="Orders" />;
}
