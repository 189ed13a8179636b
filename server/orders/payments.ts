// Payments behind one interface. The pilot has one provider: the traveler pays the host in person,
// and the host marks the order paid. A card provider would implement the same four calls.
import type { Order } from "@/db/schema/orders";
import type { PaymentProviderName, PaymentStatus } from "@/db/schema/values";

export interface PaymentIntent {
  ref: string;
  status: PaymentStatus;
}

export interface PaymentProvider {
  readonly name: PaymentProviderName;
  /** Prepares payment for an accepted order. */
  intent(order: Pick<Order, "id" | "priceMinor" | "currency">): Promise<PaymentIntent>;
  /** The money arrived (for IN_PERSON: the host says so). */
  confirm(order: Pick<Order, "paymentRef" | "paymentStatus">): Promise<PaymentStatus>;
  /** Gives the money back (an order cancelled after payment). */
  refund(order: Pick<Order, "paymentRef" | "paymentStatus">): Promise<PaymentStatus>;
  status(order: Pick<Order, "paymentRef" | "paymentStatus">): Promise<PaymentStatus>;
}

/** "Paid in person": nothing leaves Tessera; the order only records what the host marks. */
export const inPersonProvider: PaymentProvider = {
  name: "IN_PERSON",
  async intent(order) {
    return { ref: `in-person:${order.id}`, status: "PENDING" };
  },
  async confirm() {
    return "PAID";
  },
  async refund(order) {
    return order.paymentStatus === "PAID" ? "REFUNDED" : order.paymentStatus;
  },
  async status(order) {
    return order.paymentStatus;
  },
};

export function paymentProvider(name: PaymentProviderName | null): PaymentProvider {
  switch (name) {
    case "IN_PERSON":
    case null:
      return inPersonProvider;
  }
}
