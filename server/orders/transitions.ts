// The order lifecycle as one table of (actor, action, from, to). Nothing else moves an order's status.
import type { OrderStatus } from "@/db/schema/values";
import { CITIZENS, HOSTS, type Role } from "@/server/policy/roles";
import { transitionTable } from "@/server/transitions";

// SYSTEM is the scheduler (server/orders/timers.ts): it takes the timed moves, and no person can.
export type OrderActor = "TRAVELER" | "HOST" | "SYSTEM";
export type PersonOrderAction = "request" | "accept" | "decline" | "start" | "complete" | "cancel";
export type SystemOrderAction = "expire" | "close";
export type OrderAction = PersonOrderAction | SystemOrderAction;
/** The actions people take (the buttons a page can offer). */
export const ORDER_ACTIONS: readonly PersonOrderAction[] = ["request", "accept", "decline", "start", "complete", "cancel"];
export const SYSTEM_ORDER_ACTIONS: readonly SystemOrderAction[] = ["expire", "close"];

export const ORDER_TRANSITIONS: readonly { actor: OrderActor; action: OrderAction; from: OrderStatus; to: OrderStatus }[] = [
  // A question becomes a request when the traveler asks for the service.
  { actor: "TRAVELER", action: "request", from: "INQUIRY", to: "REQUESTED" },
  { actor: "HOST", action: "accept", from: "REQUESTED", to: "ACCEPTED" },
  { actor: "HOST", action: "decline", from: "REQUESTED", to: "DECLINED" },
  // The work starts when the host checks the traveler in with their code.
  { actor: "HOST", action: "start", from: "ACCEPTED", to: "IN_PROGRESS" },
  { actor: "HOST", action: "complete", from: "IN_PROGRESS", to: "COMPLETED" },
  // The traveler may cancel until the work starts; the host only before accepting.
  { actor: "TRAVELER", action: "cancel", from: "INQUIRY", to: "CANCELLED" },
  { actor: "TRAVELER", action: "cancel", from: "REQUESTED", to: "CANCELLED" },
  { actor: "TRAVELER", action: "cancel", from: "ACCEPTED", to: "CANCELLED" },
  { actor: "HOST", action: "cancel", from: "INQUIRY", to: "CANCELLED" },
  { actor: "HOST", action: "cancel", from: "REQUESTED", to: "CANCELLED" },
  // Timed moves. A request nobody answered gets its own state, so a traveler can tell silence from
  // a decline; an idle question just ends, as a cancellation does (nobody asked for anything).
  { actor: "SYSTEM", action: "expire", from: "REQUESTED", to: "EXPIRED" },
  { actor: "SYSTEM", action: "close", from: "INQUIRY", to: "CANCELLED" },
];

export const ORDER_STATUS_WORDS: Record<OrderStatus, string> = {
  INQUIRY: "a question",
  REQUESTED: "requested",
  ACCEPTED: "accepted",
  DECLINED: "declined",
  IN_PROGRESS: "in progress",
  COMPLETED: "completed",
  CANCELLED: "cancelled",
  EXPIRED: "expired unanswered",
};

const ACTION_WORDS: Record<OrderAction, string> = {
  request: "requested",
  accept: "accepted",
  decline: "declined",
  start: "checked in",
  complete: "completed",
  cancel: "cancelled",
  expire: "expired",
  close: "closed",
};

export const orderTransitions = transitionTable({
  noun: "An order",
  rows: ORDER_TRANSITIONS,
  statusWords: ORDER_STATUS_WORDS,
  actionWords: ACTION_WORDS,
  actorWords: { TRAVELER: "the traveler", HOST: "the host", SYSTEM: "the scheduler" },
});

/** The status after `action`, or a clear error naming the order's state when the table has no such move. */
export const nextOrderStatus = orderTransitions.next;

/** The actions `actor` may take on an order in `status` (for the buttons a page offers). */
export function availableActions(actor: Exclude<OrderActor, "SYSTEM">, status: OrderStatus): PersonOrderAction[] {
  return orderTransitions.available(actor, status).filter((a): a is PersonOrderAction => a !== "expire" && a !== "close");
}

/**
 * Who acts as each side of an order. Hosts are travelers too: a host orders another host's listing
 * (never their own: rule `order.create`), and which side a person is on follows from the order.
 */
const ORDER_ACTOR_ROLES: Record<OrderActor, readonly Role[]> = { TRAVELER: CITIZENS, HOST: HOSTS, SYSTEM: [] };

/** The roles that may call the procedure for `action`: every role of every actor the table lets take it. */
export function orderActionRoles(action: OrderAction): Role[] {
  return [...new Set(orderTransitions.actorsOf(action).flatMap((actor) => ORDER_ACTOR_ROLES[actor]))];
}
