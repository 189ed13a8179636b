// What leaves the server about orders: a row in a list, and the order page for its participants.
import { z } from "zod";
import { CONTENT_STATUSES, ORDER_STATUSES, PAYMENT_PROVIDERS, PAYMENT_STATUSES } from "@/db/schema/values";
import { messageView } from "@/server/messages/views";
import { ORDER_ACTIONS } from "./transitions";

export const orderSummaryView = z.object({
  id: z.string().uuid(),
  listingId: z.string().uuid(),
  listingTitle: z.string(),
  status: z.enum(ORDER_STATUSES),
  priceMinor: z.number().int().nullable(),
  currency: z.string().nullable(),
  paymentStatus: z.enum(PAYMENT_STATUSES),
  travelerName: z.string(),
  hostName: z.string(),
  unread: z.number().int(),
  lastMessage: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type OrderSummary = z.infer<typeof orderSummaryView>;

export const reviewView = z.object({
  id: z.string().uuid(),
  rating: z.number().int(),
  body: z.string(),
  status: z.enum(CONTENT_STATUSES),
  reply: z.string().nullable(),
  /** The reply's state, for its author (the host); others get a reply only once it is VISIBLE. */
  replyStatus: z.enum(CONTENT_STATUSES).nullable(),
  repliedAt: z.date().nullable(),
  travelerName: z.string(),
  createdAt: z.date(),
});

export const orderDetailView = orderSummaryView.extend({
  travelerId: z.string().uuid(),
  hostId: z.string().uuid(),
  paymentProvider: z.enum(PAYMENT_PROVIDERS).nullable(),
  /** Which side the viewer is on. */
  viewerIs: z.enum(["TRAVELER", "HOST"]),
  /** The status moves the viewer may make now (check-in is "start", with a code). */
  actions: z.array(z.enum(ORDER_ACTIONS as [string, ...string[]])),
  timeline: z.array(
    z.object({
      event: z.string(),
      fromStatus: z.enum(ORDER_STATUSES).nullable(),
      toStatus: z.enum(ORDER_STATUSES).nullable(),
      actorName: z.string().nullable(),
      createdAt: z.date(),
    }),
  ),
  messages: z.array(messageView),
  review: reviewView.nullable(),
  canReview: z.boolean(),
  canReply: z.boolean(),
  canMarkPaid: z.boolean(),
  messagingEnabled: z.boolean(),
});
export type OrderDetail = z.infer<typeof orderDetailView>;
