// notifications: a person's own bell, list and choices. Everyone signed in has them.
import { z } from "zod";
import { tracked } from "@trpc/server";
import { liveEventsFor } from "@/server/live";
import { liveEventView } from "@/server/messages/views";
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS } from "@/server/notifications/kinds";
import { listNotifications, markRead, unreadCount } from "@/server/notifications/views";
import { addressState, preferencesOf, setPreference } from "@/server/notifications/preferences";
import { cursorInput } from "@/server/pagination";
import { auditedAuthedProcedure, authedProcedure, router } from "@/server/trpc";
import { strictInput } from "@/server/validation";

const notificationView = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string(),
  link: z.string(),
  read: z.boolean(),
  createdAt: z.date(),
});

export const notificationsRouter = router({
  unreadCount: authedProcedure.output(z.object({ count: z.number().int() })).query(async ({ ctx }) => ({
    count: await unreadCount(ctx.db, ctx.user.id),
  })),

  /**
   * News for the bell, live over SSE: an event each time something new arrives for the caller or
   * they read notifications elsewhere; the page then asks for its counts again. Travelers and hosts
   * get the same events on messages.live (one stream per page).
   */
  live: authedProcedure
    .input(strictInput({ lastEventId: z.string().max(20).nullish() }).optional())
    .subscription(async function* ({ ctx, input, signal }) {
      for await (const { id, event } of liveEventsFor(ctx.db, ctx.user.id, input?.lastEventId, signal, {
        kinds: ["notification"],
        stillSignedIn: ctx.stillSignedIn,
      })) {
        yield tracked(id, liveEventView.parse(event));
      }
    }),

  list: authedProcedure
    .input(strictInput({ ...cursorInput, unreadOnly: z.boolean().optional() }))
    .output(z.object({ items: z.array(notificationView), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listNotifications(ctx.db, ctx.user.id, input)),

  markRead: auditedAuthedProcedure
    .input(strictInput({ ids: z.array(z.string().uuid()).min(1).max(100).or(z.literal("all")) }))
    .output(z.object({ marked: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const marked = await markRead(ctx.db, ctx.user.id, input.ids);
      ctx.audit({
        action: "NOTIFICATIONS_READ",
        targetType: "user",
        targetId: ctx.user.id,
        changes: { marked, all: input.ids === "all" },
      });
      return { marked };
    }),

  preferences: authedProcedure
    .output(
      z.object({
        items: z.array(z.object({ kind: z.enum(NOTIFICATION_KINDS), label: z.string(), channel: z.enum(NOTIFICATION_CHANNELS) })),
        emailConfirmed: z.boolean(),
        hasEmail: z.boolean(),
      }),
    )
    .query(async ({ ctx }) => ({
      items: await preferencesOf(ctx.db, ctx.user),
      ...(await addressState(ctx.db, ctx.user.id)),
    })),

  setPreference: auditedAuthedProcedure
    .input(strictInput({ kind: z.enum(NOTIFICATION_KINDS), channel: z.enum(NOTIFICATION_CHANNELS) }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const before = await setPreference(ctx.db, ctx.user.id, input.kind, input.channel);
      ctx.audit({
        action: "NOTIFICATION_PREFERENCE_SET",
        targetType: "user",
        targetId: ctx.user.id,
        changes: { kind: input.kind, channel: { before, after: input.channel } },
      });
      return { ok: true as const };
    }),
});
