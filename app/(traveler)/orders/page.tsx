import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { TravelerOrders } from "@/components/orders/order-list";
import { firstRead } from "@/server/rsc";

export const metadata: Metadata = { title: "My orders" };

export default async function MyOrdersPage() {
  const initial = await firstRead((api) => api.orders.mine());
  return (
    <>
      <PageHeader
        title="My orders"
        description="Your questions to hosts, requests and bookings, with their messages. New messages arrive as they are sent."
      />
      <TravelerOrders initial={initial} />
    </>
  );
}
