// What leaves the server about messages: a thread's messages, unread counts, live events.
import { z } from "zod";
import { CONTENT_STATUSES, ORDER_STATUSES } from "@/db/schema/values";

export const messageView = z.object({
  id: z.string().uuid(),
  seq: z.number().int(),
  orderId: z.string().uuid(),
  senderId: z.string().uuid(),
  senderName: z.string(),
  body: z.string(),
  /** HELD messages are shown only to their sender ("waiting for a moderator"). */
  status: z.enum(CONTENT_STATUSES),
  createdAt: z.date(),
});
export type MessageView = z.infer<typeof messageView>;

export const liveEventView = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("message"), orderId: z.string().uuid(), message: messageView }),
  z.object({ kind: z.literal("order"), orderId: z.string().uuid(), status: z.enum(ORDER_STATUSES) }),
  /** Something new for the bell (or read elsewhere): the client asks for its counts again. */
  z.object({ kind: z.literal("notification") }),
]);
export type LiveEvent = z.infer<typeof liveEventView>;

export const unreadView = z.object({
  total: z.number().int(),
  byOrder: z.array(z.object({ orderId: z.string().uuid(), count: z.number().int() })),
});
