"use client";
// Live updates on every signed-in page: one SSE stream per page. Travelers and hosts listen on
// messages.live (their orders and messages, and news for the bell); everyone else on
// notifications.live (the bell only). Every event refreshes what it concerns, so a new message or
// notification appears without reloading.
import { api } from "@/components/trpc/react";

export function LiveUpdates({ orders }: { orders: boolean }) {
  const utils = api.useUtils();
  const refreshBell = () => {
    void utils.notifications.unreadCount.invalidate();
    void utils.notifications.list.invalidate();
  };
  const refreshOrders = () => {
    void utils.messages.unread.invalidate();
    void utils.orders.invalidate();
  };
  api.messages.live.useSubscription(
    {},
    {
      enabled: orders,
      onData: ({ data }) => {
        if (data.kind === "notification") {
          refreshBell();
          void utils.messages.unread.invalidate();
        } else refreshOrders();
      },
      // After a reconnect the stream replays missed messages; refresh the rest too.
      onStarted: () => {
        refreshOrders();
        refreshBell();
      },
    },
  );
  api.notifications.live.useSubscription({}, { enabled: !orders, onData: refreshBell, onStarted: refreshBell });
  return null;
}

export function UnreadBadge() {
  const unread = api.messages.unread.useQuery(undefined, { staleTime: 60_000, retry: false });
  const total = unread.data?.total ?? 0;
  if (total === 0) return null;
  return (
    <span
      className="ml-1.5 inline-flex min-w-5 items-center justify-center rounded-full bg-teal-700 px-1.5 text-xs font-semibold text-white"
      data-testid="unread-count"
    >
      {total}
      <span className="sr-only"> unread {total === 1 ? "message" : "messages"}</span>
    </span>
  );
}
