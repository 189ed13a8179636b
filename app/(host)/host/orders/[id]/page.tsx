import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { OrderView } from "@/components/orders/order-view";
import { isUuid } from "@/shared/uuid";
import { firstRead } from "@/server/rsc";

export const metadata: Metadata = { title: "Order" };

export default async function HostOrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  // Read here so the order is in the page itself; if the read is refused, the view asks and says why.
  const initial = await firstRead((api) => api.orders.get({ orderId: id }));
  return <OrderView orderId={id} backHref="/host/orders" backLabel="Orders" initial={initial} />;
}
