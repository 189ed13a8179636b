// The order lifecycle as one table of (actor, action, from, to). Nothing else moves an order's status.
import type { OrderStatus } from "@/db/schema/values";
import { AppError } from "@/server/errors";

export type OrderActor = "TRAVELER" | "HOST";
export type OrderAction = "request" | "accept" | "decline" | "start" | "complete" | "cancel";
export const ORDER_ACTIONS: readonly OrderAction[] = ["request", "accept", "decline", "start", "complete", "cancel"];

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
];

export const ORDER_STATUS_WORDS: Record<OrderStatus, string> = {
  INQUIRY: "a question",
  REQUESTED: "requested",
  ACCEPTED: "accepted",
  DECLINED: "declined",
  IN_PROGRESS: "in progress",
  COMPLETED: "completed",
  CANCELLED: "cancelled",
};

const ACTION_WORDS: Record<OrderAction, string> = {
  request: "requested",
  accept: "accepted",
  decline: "declined",
  start: "checked in",
  complete: "completed",
  cancel: "cancelled",
};

/** The status after `action`, or a clear error naming the order's state when the table has no such move. */
export function nextOrderStatus(actor: OrderActor, action: OrderAction, from: OrderStatus): OrderStatus {
  const move = ORDER_TRANSITIONS.find((t) => t.actor === actor && t.action === action && t.from === from);
  if (move) return move.to;
  const byOther = ORDER_TRANSITIONS.some((t) => t.action === action && t.from === from);
  const whose = actor === "HOST" ? "the traveler" : "the host";
  throw new AppError(
    "INVALID_STATE",
    byOther
      ? `An order that is ${ORDER_STATUS_WORDS[from]} can be ${ACTION_WORDS[action]} only by ${whose}.`
      : `An order that is ${ORDER_STATUS_WORDS[from]} cannot be ${ACTION_WORDS[action]}.`,
    { reason: "ILLEGAL_TRANSITION" },
  );
}

/** The actions `actor` may take on an order in `status` (for the buttons a page offers). */
export function availableActions(actor: OrderActor, status: OrderStatus): OrderAction[] {
  return ORDER_TRANSITIONS.filter((t) => t.actor === actor && t.from === status).map((t) => t.action);
}
