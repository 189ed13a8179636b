import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { HostOrders } from "@/components/orders/order-list";

export const metadata: Metadata = { title: "Orders" };

export default function HostOrdersPage() {
  return (
    <>
      <PageHeader
        title="Orders"
        description="Questions and requests from travelers. Accept or decline, check travelers in with their code, complete, and reply to reviews."
      />
      <HostOrders />
    </>
  );
}
