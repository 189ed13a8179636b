"use client";
// Live updates for travelers and hosts: one SSE subscription per page (messages.live). Every event
// refreshes the orders and unread counts shown, so a new message appears without reloading.
import { api } from "@/components/trpc/react";

export function LiveUpdates() {
  const utils = api.useUtils();
  api.messages.live.useSubscription(
    {},
    {
      onData: () => {
        void utils.messages.unread.invalidate();
        void utils.orders.invalidate();
      },
      // After a reconnect the stream replays missed messages; refresh the rest too.
      onStarted: () => {
        void utils.messages.unread.invalidate();
        void utils.orders.invalidate();
      },
    },
  );
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
