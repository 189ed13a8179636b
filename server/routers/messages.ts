// messages: inside an order only. Send, mark read, unread counts, and the live stream (SSE).
import { z } from "zod";
import { tracked } from "@trpc/server";
import { orderForParticipant } from "@/server/orders/move-order";
import { MESSAGE_MAX, sendMessage } from "@/server/messages/send";
import { markThreadRead, unreadCounts } from "@/server/messages/thread";
import { liveEventsFor } from "@/server/messages/live";
import { messageContext } from "@/server/messages/moderation";
import { liveEventView, messageView, unreadView } from "@/server/messages/views";
import { auditedHasRole, hasRole, router } from "@/server/trpc";
import { strictInput, text } from "@/server/validation";
import { CITIZENS, MODERATORS } from "@/server/policy/roles";
import { CONTENT_STATUSES } from "@/db/schema/values";

const orderId = z.string().uuid();

export const messagesRouter = router({
  send: auditedHasRole(CITIZENS)
    .input(strictInput({ orderId, body: text(MESSAGE_MAX, 1, "Write a message.") }))
    .output(messageView)
    .mutation(async ({ ctx, input }) => {
      const order = await orderForParticipant(ctx, input.orderId);
      return sendMessage(ctx, order, input.body);
    }),

  markRead: auditedHasRole(CITIZENS)
    .input(strictInput({ orderId }))
    .output(z.object({ upTo: z.number().int() }))
    .mutation(({ ctx, input }) => markThreadRead(ctx, input.orderId)),

  unread: hasRole(CITIZENS)
    .output(unreadView)
    .query(({ ctx }) => unreadCounts(ctx.db, ctx.user.id)),

  /**
   * New messages and order changes of the caller's orders, live over SSE. Every server process
   * hears them through PostgreSQL LISTEN/NOTIFY; `lastEventId` (sent by the client when it
   * reconnects) replays the messages missed meanwhile.
   */
  live: hasRole(CITIZENS)
    .input(strictInput({ lastEventId: z.string().max(20).nullish() }).optional())
    .subscription(async function* ({ ctx, input, signal }) {
      for await (const { id, event } of liveEventsFor(ctx.db, ctx.user.id, input?.lastEventId, signal, {
        stillSignedIn: ctx.stillSignedIn,
      })) {
        yield tracked(id, liveEventView.parse(event));
      }
    }),

  /** A moderator's window on a thread: only around a reported message whose item they hold (audited). */
  moderationContext: hasRole(MODERATORS)
    .input(strictInput({ itemId: z.string().uuid() }))
    .output(
      z.object({
        reportedId: z.string().uuid(),
        messages: z.array(
          z.object({
            id: z.string().uuid(),
            seq: z.number().int(),
            senderId: z.string().uuid(),
            senderName: z.string(),
            body: z.string(),
            status: z.enum(CONTENT_STATUSES),
            createdAt: z.date(),
            reported: z.boolean(),
          }),
        ),
      }),
    )
    .query(({ ctx, input }) => messageContext(ctx, input.itemId)),
});
