// How orders read to people: status names and tones, timeline events, payment states.
import type { OrderStatus, PaymentStatus } from "@/db/schema/values";

export const ORDER_STATUS_LABELS: Record<OrderStatus, { label: string; tone: "neutral" | "good" | "warn" | "bad" | "info" }> = {
  INQUIRY: { label: "Question", tone: "info" },
  REQUESTED: { label: "Requested", tone: "warn" },
  ACCEPTED: { label: "Accepted", tone: "good" },
  DECLINED: { label: "Declined", tone: "bad" },
  IN_PROGRESS: { label: "In progress", tone: "info" },
  COMPLETED: { label: "Completed", tone: "good" },
  CANCELLED: { label: "Cancelled", tone: "neutral" },
  EXPIRED: { label: "Expired unanswered", tone: "neutral" },
};

export const PAYMENT_LABELS: Record<PaymentStatus, string> = {
  NONE: "Not due yet",
  PENDING: "To pay in person",
  PAID: "Paid in person",
  REFUNDED: "Refunded",
};

export const TIMELINE_LABELS: Record<string, string> = {
  ORDER_INQUIRY_OPENED: "Question asked",
  ORDER_REQUESTED: "Requested",
  ORDER_ACCEPTED: "Accepted by the host",
  ORDER_DECLINED: "Declined by the host",
  ORDER_STARTED: "Checked in: the work started",
  ORDER_COMPLETED: "Completed",
  ORDER_CANCELLED: "Cancelled",
  PAYMENT_MARKED_PAID: "Marked paid in person",
};
