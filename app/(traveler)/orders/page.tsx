import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { TravelerOrders } from "@/components/orders/order-list";

export const metadata: Metadata = { title: "My orders" };

export default function MyOrdersPage() {
  return (
    <>
      <PageHeader
        title="My orders"
        description="Your questions to hosts, requests and bookings, with their messages. New messages arrive as they are sent."
      />
      <TravelerOrders />
    </>
  );
}
