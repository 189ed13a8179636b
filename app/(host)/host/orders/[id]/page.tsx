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
  // The host's own bookings of other hosts' listings open here too; they go back to those.
  const booking = initial?.viewerIs === "TRAVELER";
  return (
    <OrderView
      orderId={id}
      backHref={booking ? "/host/bookings" : "/host/orders"}
      backLabel={booking ? "My bookings" : "Orders"}
      initial={initial}
    />
  );
}
