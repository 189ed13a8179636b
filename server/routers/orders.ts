// orders: travelers (and hosts, of other hosts' listings) ask and request; both sides of an order
// read it and move it along its table.
import { z } from "zod";
import { ORDER_STATUSES } from "@/db/schema/values";
import { askHost, requestOrder } from "@/server/orders/create-order";
import { actorIn, markPaid, moveOrder, orderForParticipant } from "@/server/orders/move-order";
import { checkIn, issueCheckinCode } from "@/server/orders/checkin";
import { hostOrders, latestOrderOnListing, orderDetail, travelerOrders } from "@/server/orders/queries";
import { orderDetailView, orderSummaryView } from "@/server/orders/views";
import type { PersonOrderAction } from "@/server/orders/transitions";
import { MESSAGE_MAX } from "@/server/messages/send";
import { warningsOf } from "@/server/moderation/warnings";
import { auditedHasRole, hasRole, router } from "@/server/trpc";
import { orderActionRoles } from "@/server/orders/transitions";
import { strictInput, text } from "@/server/validation";
import { CITIZENS, HOSTS } from "@/server/policy/roles";
import type { Deps } from "@/server/context";

const orderId = z.string().uuid();
const listingId = z.string().uuid();
const moved = z.object({ id: z.string().uuid(), status: z.enum(ORDER_STATUSES) });

async function act(ctx: Deps, id: string, action: PersonOrderAction) {
  const order = await orderForParticipant(ctx, id);
  const row = await moveOrder(ctx, order, action, actorIn(order, ctx.user.id));
  return { id: row.id, status: row.status };
}

export const ordersRouter = router({
  /** "Ask the host": a question about a listing (opens an INQUIRY, or joins the open order). */
  ask: auditedHasRole(CITIZENS)
    .input(strictInput({ listingId, body: text(MESSAGE_MAX, 1, "Write your question.") }))
    .output(z.object({ orderId: z.string().uuid(), status: z.enum(ORDER_STATUSES), messageId: z.string().uuid() }))
    .mutation(async ({ ctx, input }) => askHost(ctx, input)),

  /** "Request": order the listing (or turn the open question into a request). */
  request: auditedHasRole(orderActionRoles("request"))
    .input(
      strictInput({
        listingId,
        note: text(MESSAGE_MAX)
          .nullish()
          .transform((v) => v || null),
      }),
    )
    .output(z.object({ orderId: z.string().uuid(), status: z.enum(ORDER_STATUSES) }))
    .mutation(async ({ ctx, input }) => requestOrder(ctx, { listingId: input.listingId, note: input.note ?? null })),

  accept: auditedHasRole(orderActionRoles("accept"))
    .input(strictInput({ orderId }))
    .output(moved)
    .mutation(({ ctx, input }) => act(ctx, input.orderId, "accept")),
  decline: auditedHasRole(orderActionRoles("decline"))
    .input(strictInput({ orderId }))
    .output(moved)
    .mutation(({ ctx, input }) => act(ctx, input.orderId, "decline")),
  complete: auditedHasRole(orderActionRoles("complete"))
    .input(strictInput({ orderId }))
    .output(moved)
    .mutation(({ ctx, input }) => act(ctx, input.orderId, "complete")),
  /** The traveler before the work starts; the host before accepting. */
  cancel: auditedHasRole(orderActionRoles("cancel"))
    .input(strictInput({ orderId }))
    .output(moved)
    .mutation(({ ctx, input }) => act(ctx, input.orderId, "cancel")),

  /** The traveler's check-in code (QR token and short form) for an accepted order. */
  checkinCode: auditedHasRole(CITIZENS)
    .input(strictInput({ orderId }))
    .output(z.object({ token: z.string(), shortCode: z.string(), expiresAt: z.date() }))
    .mutation(({ ctx, input }) => issueCheckinCode(ctx, input.orderId)),

  /** The host checks the traveler in with their code: the work starts. */
  checkIn: auditedHasRole(orderActionRoles("start"))
    .input(strictInput({ orderId, code: text(400, 1, "Scan or type the traveler's code.") }))
    .output(moved)
    .mutation(async ({ ctx, input }) => {
      const row = await checkIn(ctx, input.orderId, input.code);
      return { id: row.id, status: row.status };
    }),

  /** Paid in person: the host marks it. */
  markPaid: auditedHasRole(HOSTS)
    .input(strictInput({ orderId }))
    .output(z.object({ id: z.string().uuid(), paymentStatus: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const row = await markPaid(ctx, input.orderId);
      return { id: row.id, paymentStatus: row.paymentStatus };
    }),

  /** "My orders": the orders the caller made (a host's bookings of other hosts' listings too). */
  mine: hasRole(CITIZENS)
    .output(
      z.object({
        items: z.array(orderSummaryView),
        warnings: z.array(z.object({ id: z.string().uuid(), reason: z.string(), createdAt: z.date() })),
      }),
    )
    .query(async ({ ctx }) => ({
      items: await travelerOrders(ctx.db, ctx.user.id),
      warnings: await warningsOf(ctx.db, ctx.user.id),
    })),

  /** The host's orders, by status tab. */
  hosted: hasRole(HOSTS)
    .input(strictInput({ statuses: z.array(z.enum(ORDER_STATUSES)).max(7).optional() }))
    .output(
      z.object({
        items: z.array(orderSummaryView),
        counts: z.array(
          z.object({ status: z.enum(ORDER_STATUSES), count: z.number().int(), unread: z.number().int().nullable() }),
        ),
        warnings: z.array(z.object({ id: z.string().uuid(), reason: z.string(), createdAt: z.date() })),
      }),
    )
    .query(async ({ ctx, input }) => ({
      ...(await hostOrders(ctx.db, ctx.user.id, input.statuses)),
      warnings: await warningsOf(ctx.db, ctx.user.id),
    })),

  /** The order page, for its traveler and its host. */
  get: hasRole(CITIZENS)
    .input(strictInput({ orderId }))
    .output(orderDetailView)
    .query(async ({ ctx, input }) => orderDetail(ctx, input.orderId)),

  /** The viewer's latest order on a listing (the listing page links to it). */
  onListing: hasRole(CITIZENS)
    .input(strictInput({ listingId }))
    .output(z.object({ id: z.string().uuid(), status: z.enum(ORDER_STATUSES) }).nullable())
    .query(({ ctx, input }) => latestOrderOnListing(ctx.db, ctx.user.id, input.listingId)),
});
