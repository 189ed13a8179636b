"use client";
// The bell in every signed-in header: the unread count, linking to the area's notifications page.
// The page's live stream (components/orders/live.tsx) refreshes it when something arrives; it is
// also asked again when the window regains focus and, as a safety net, every two minutes.
import { api } from "@/components/trpc/react";
import { IntentLink } from "@/components/intent-link";

/** Each area's notifications page, by the area's name in the header. */
const PAGES: Record<string, string> = {
  Traveler: "/notifications",
  Host: "/host/notifications",
  Moderation: "/moderation/notifications",
  Admin: "/admin/notifications",
  Verifier: "/verify/notifications",
};

export function NotificationBell({ area }: { area: string }) {
  const unread = api.notifications.unreadCount.useQuery(undefined, {
    refetchInterval: 120_000,
    refetchOnWindowFocus: true,
    retry: false,
  });
  const count = unread.data?.count ?? 0;
  const label = count === 0 ? "Notifications" : `Notifications, ${count} unread`;
  return (
    <IntentLink
      href={PAGES[area] ?? "/notifications"}
      aria-label={label}
      title={label}
      data-testid="notification-bell"
      className="relative ml-auto inline-flex h-9 w-9 shrink-0 items-center justify-center rounded-md text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 md:ml-0"
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.8">
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 8 3 8H3s3-1 3-8" strokeLinejoin="round" />
        <path d="M10.3 20a1.94 1.94 0 0 0 3.4 0" strokeLinecap="round" />
      </svg>
      {count > 0 && (
        <span
          data-testid="notification-count"
          className="absolute -top-1.5 -right-1.5 inline-flex min-w-5 items-center justify-center rounded-full bg-teal-700 px-1 text-xs font-semibold text-white"
        >
          {count > 99 ? "99+" : count}
        </span>
      )}
    </IntentLink>
  );
}
