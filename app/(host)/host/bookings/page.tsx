import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { TravelerOrders } from "@/components/orders/order-list";
import { firstRead } from "@/server/rsc";

export const metadata: Metadata = { title: "My bookings" };

/** Hosts are travelers too: what they asked about or booked from other hosts. */
export default async function HostBookingsPage() {
  const initial = await firstRead((api) => api.orders.mine());
  return (
    <>
      <PageHeader
        title="My bookings"
        description="What you asked other hosts about or booked from them, with the messages. Your own listings' orders are under Orders."
      />
      <TravelerOrders initial={initial} hrefBase="/host/orders" exploreHref="/host/explore" noun="bookings" />
    </>
  );
}
