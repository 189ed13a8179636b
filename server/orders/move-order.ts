// Moving an order along its table: one conditional UPDATE (exactly one of two concurrent moves
// wins), the timeline entry and the audit event, in the caller's transaction (live streams hear of
// the move from the sequenced audit log: server/live).
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { orderEvents, orders, type Order } from "@/db/schema/orders";
import type { Deps } from "@/server/context";
import { AppError } from "@/server/errors";
import { enforce } from "@/server/policy/authorize";
import { nextOrderStatus, ORDER_STATUS_WORDS, type OrderActor, type PersonOrderAction } from "./transitions";
import { paymentProvider } from "./payments";
import { notifyOtherSide } from "./notify-order";
import type { NotificationKind } from "@/server/notifications/kinds";

const NOTIFICATION_KINDS: Record<PersonOrderAction, NotificationKind> = {
  request: "ORDER_REQUESTED",
  accept: "ORDER_ACCEPTED",
  decline: "ORDER_DECLINED",
  start: "ORDER_STARTED",
  complete: "ORDER_COMPLETED",
  cancel: "ORDER_CANCELLED",
};

type PersonOrderActor = Exclude<OrderActor, "SYSTEM">;

const AUDIT_ACTIONS: Record<PersonOrderAction, string> = {
  request: "ORDER_REQUESTED",
  accept: "ORDER_ACCEPTED",
  decline: "ORDER_DECLINED",
  start: "ORDER_STARTED",
  complete: "ORDER_COMPLETED",
  cancel: "ORDER_CANCELLED",
};

/** The order, for one of its two participants (anyone else is refused by `order.participant`). */
export async function orderForParticipant(deps: Pick<Deps, "db" | "user" | "securityEvents">, orderId: string): Promise<Order> {
  const [order] = await deps.db.select().from(orders).where(eq(orders.id, orderId)).limit(1);
  if (!order) throw new AppError("NOT_FOUND", "That order does not exist.");
  enforce(deps.securityEvents, "order.participant", deps.user, order);
  return order;
}

export function actorIn(order: Pick<Order, "travelerId" | "hostId">, userId: string): PersonOrderActor {
  return order.hostId === userId ? "HOST" : "TRAVELER";
}

export async function moveOrder(
  deps: Deps,
  order: Order,
  action: PersonOrderAction,
  actor: PersonOrderActor,
  extra: Partial<Order> = {},
) {
  const to = nextOrderStatus(actor, action, order.status);
  const payment: Partial<Order> = {};
  if (action === "accept") {
    const intent = await paymentProvider(order.paymentProvider).intent(order);
    Object.assign(payment, { paymentProvider: "IN_PERSON", paymentRef: intent.ref, paymentStatus: intent.status });
  } else if (action === "cancel" || action === "decline") {
    const provider = paymentProvider(order.paymentProvider);
    const after =
      order.paymentStatus === "PAID"
        ? await provider.refund(order)
        : order.paymentStatus === "PENDING"
          ? "NONE"
          : order.paymentStatus;
    if (after !== order.paymentStatus) payment.paymentStatus = after;
  }
  const [row] = await deps.db
    .update(orders)
    .set({ ...extra, ...payment, status: to, version: sql`${orders.version} + 1`, updatedAt: new Date() })
    // The status it was read in: of two concurrent moves, the second matches nothing.
    .where(and(eq(orders.id, order.id), eq(orders.status, order.status)))
    .returning();
  if (!row) {
    const [now] = await deps.db.select({ status: orders.status }).from(orders).where(eq(orders.id, order.id)).limit(1);
    throw new AppError(
      "INVALID_STATE",
      `This order changed in the meantime: it is ${ORDER_STATUS_WORDS[now?.status ?? order.status]} now. Reload the page.`,
      { reason: "STALE_ORDER" },
    );
  }
  await recordOrderEvent(deps.db, {
    orderId: order.id,
    actorId: deps.user.id,
    event: AUDIT_ACTIONS[action],
    fromStatus: order.status,
    toStatus: to,
  });
  deps.audit({
    action: AUDIT_ACTIONS[action],
    targetType: "order",
    targetId: order.id,
    changes: {
      status: { before: order.status, after: to },
      ...(payment.paymentStatus ? { paymentStatus: { before: order.paymentStatus, after: payment.paymentStatus } } : {}),
    },
  });
  await notifyOtherSide(deps.db, row, deps.user, NOTIFICATION_KINDS[action]);
  return row;
}

export async function recordOrderEvent(
  db: Database,
  event: {
    orderId: string;
    actorId: string | null;
    event: string;
    fromStatus?: Order["status"] | null;
    toStatus?: Order["status"] | null;
  },
) {
  await db.insert(orderEvents).values(event);
}

/** The host marks an order paid in person. */
export async function markPaid(deps: Deps, orderId: string) {
  const order = await orderForParticipant(deps, orderId);
  enforce(deps.securityEvents, "order.markPaid", deps.user, order);
  if (order.paymentStatus !== "PENDING") {
    throw new AppError(
      "INVALID_STATE",
      order.paymentStatus === "PAID" ? "This order is already marked as paid." : "Payment opens once you accept the order.",
      { reason: "PAYMENT_NOT_PENDING" },
    );
  }
  const status = await paymentProvider(order.paymentProvider).confirm(order);
  const [row] = await deps.db
    .update(orders)
    .set({ paymentStatus: status, updatedAt: new Date() })
    .where(and(eq(orders.id, order.id), eq(orders.paymentStatus, "PENDING")))
    .returning();
  if (!row)
    throw new AppError("INVALID_STATE", "This order changed in the meantime. Reload the page.", { reason: "STALE_ORDER" });
  await recordOrderEvent(deps.db, { orderId, actorId: deps.user.id, event: "PAYMENT_MARKED_PAID" });
  deps.audit({
    action: "ORDER_MARKED_PAID",
    targetType: "order",
    targetId: orderId,
    changes: { paymentStatus: { before: order.paymentStatus, after: status } },
  });
  return row;
}
