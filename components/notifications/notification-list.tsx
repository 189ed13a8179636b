"use client";
// A person's notifications, newest first: each links to what it is about (and is marked read when
// opened); "Mark all as read"; more on request. The same page in every area.
import { api, errorMessage } from "@/components/trpc/react";
import { Alert, Button, EmptyState, Loading, cn } from "@/components/ui";

const time = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function NotificationList() {
  const utils = api.useUtils();
  const list = api.notifications.list.useInfiniteQuery(
    { limit: 20 },
    { getNextPageParam: (last) => last.nextCursor ?? undefined, retry: false },
  );
  const refresh = () => Promise.all([utils.notifications.list.invalidate(), utils.notifications.unreadCount.invalidate()]);
  const markRead = api.notifications.markRead.useMutation({ onSuccess: refresh });

  if (list.isLoading) return <Loading label="Loading your notifications…" />;
  if (list.error) return <Alert title="Your notifications could not be loaded">{errorMessage(list.error)}</Alert>;
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = items.filter((i) => !i.read).length;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600" role="status">
          {unread === 0 ? "Nothing unread." : `${unread} unread shown.`}
        </p>
        <Button
          variant="secondary"
          disabled={unread === 0}
          busy={markRead.isPending}
          onClick={() => markRead.mutate({ ids: "all" })}
        >
          Mark all as read
        </Button>
      </div>
      {markRead.error && <Alert>{errorMessage(markRead.error)}</Alert>}
      {items.length === 0 ? (
        <EmptyState title="No notifications yet">
          When something happens that concerns you — a request, an answer, a decision — it appears here.
        </EmptyState>
      ) : (
        <ul
          className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white"
          data-testid="notification-list"
        >
          {items.map((n) => (
            <li key={n.id} className={cn("flex items-start gap-3 p-4", !n.read && "bg-teal-50/60")}>
              <span
                aria-hidden="true"
                className={cn("mt-1.5 h-2 w-2 shrink-0 rounded-full", n.read ? "bg-transparent" : "bg-teal-700")}
              />
              <div className="min-w-0 flex-1">
                <a
                  href={n.link}
                  className="font-medium text-slate-900 hover:underline"
                  onClick={() => {
                    if (!n.read) markRead.mutate({ ids: [n.id] });
                  }}
                >
                  {n.title}
                  {!n.read && <span className="sr-only"> (unread)</span>}
                </a>
                <p className="mt-0.5 text-sm text-slate-600">{n.body}</p>
                <p className="mt-1 text-xs text-slate-500">{time.format(n.createdAt)} UTC</p>
              </div>
              {!n.read && (
                <button
                  type="button"
                  className="shrink-0 rounded px-2 py-1 text-xs font-medium text-teal-800 hover:bg-teal-100"
                  onClick={() => markRead.mutate({ ids: [n.id] })}
                >
                  Mark read
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <Button variant="secondary" busy={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          Show older
        </Button>
      )}
    </div>
  );
}
