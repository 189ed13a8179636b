"use client";
// Lists of orders: the traveler's "My orders", and the host's orders in tabs by status.
import { LocalTime } from "@/components/local-time";
import Link from "next/link";
import { useState } from "react";
import type { OrderStatus } from "@/db/schema/values";
import { api, errorMessage } from "@/components/trpc/react";
import { Alert, Badge, cn, EmptyState, Loading } from "@/components/ui";
import { formatPrice } from "@/components/listing/format";
import { ORDER_STATUS_LABELS } from "./labels";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/root";

interface Row {
  id: string;
  listingTitle: string;
  status: OrderStatus;
  priceMinor: number | null;
  currency: string | null;
  travelerName: string;
  hostName: string;
  unread: number;
  lastMessage: string | null;
  updatedAt: Date;
}

function Warnings({ warnings }: { warnings: { id: string; reason: string; createdAt: Date }[] }) {
  if (warnings.length === 0) return null;
  return (
    <div className="mb-6">
      <Alert tone="warn" title="A moderator has warned you">
        <ul className="list-disc pl-5">
          {warnings.map((w) => (
            <li key={w.id}>
              {w.reason}{" "}
              <span className="text-xs">
                (<LocalTime date={w.createdAt} />)
              </span>
            </li>
          ))}
        </ul>
      </Alert>
    </div>
  );
}

function OrderRows({ rows, hrefBase, side }: { rows: Row[]; hrefBase: string; side: "TRAVELER" | "HOST" }) {
  return (
    <ul
      className="divide-y divide-slate-200 overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200"
      data-testid="order-list"
    >
      {rows.map((o) => {
        const s = ORDER_STATUS_LABELS[o.status];
        return (
          <li key={o.id}>
            <Link
              href={`${hrefBase}/${o.id}`}
              className="flex flex-wrap items-center gap-4 px-4 py-3 hover:bg-slate-50 focus-visible:bg-slate-50"
            >
              <div className="min-w-0 flex-1">
                <p className="flex flex-wrap items-center gap-2">
                  <span className="font-medium text-slate-900">{o.listingTitle}</span>
                  <Badge tone={s.tone}>{s.label}</Badge>
                  {o.unread > 0 && (
                    <span className="rounded-full bg-teal-700 px-2 text-xs font-semibold text-white">{o.unread} new</span>
                  )}
                </p>
                <p className="truncate text-sm text-slate-600">
                  {side === "TRAVELER" ? o.hostName : o.travelerName}
                  {o.lastMessage ? ` · “${o.lastMessage}”` : ""}
                </p>
              </div>
              <div className="text-right text-sm">
                <p className="font-medium text-slate-900">{formatPrice(o.priceMinor, o.currency) ?? "On request"}</p>
                <p className="text-xs text-slate-500">
                  <LocalTime date={o.updatedAt} />
                </p>
              </div>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

type Mine = inferRouterOutputs<AppRouter>["orders"]["mine"];

/**
 * The orders the person made: a traveler's "My orders", a host's "My bookings" (hosts are travelers
 * too). `initial`: the list as the server read it for the page (shown at once, then kept fresh).
 */
export function TravelerOrders({
  initial = null,
  hrefBase = "/orders",
  exploreHref = "/explore",
  noun = "orders",
}: {
  initial?: Mine | null;
  hrefBase?: string;
  exploreHref?: string;
  /** What the list is called: "orders" (a traveler's), "bookings" (a host's own). */
  noun?: "orders" | "bookings";
}) {
  const mine = api.orders.mine.useQuery(undefined, { initialData: initial ?? undefined });
  if (mine.isLoading) return <Loading label={`Loading your ${noun}…`} />;
  if (mine.error) return <Alert title={`Your ${noun} could not be loaded.`}>{errorMessage(mine.error)}</Alert>;
  const { items, warnings } = mine.data!;
  return (
    <>
      <Warnings warnings={warnings} />
      {items.length === 0 ? (
        <EmptyState title={`No ${noun} yet`}>
          Find something on{" "}
          <Link href={exploreHref} className="font-medium text-teal-700 hover:underline">
            Explore
          </Link>
          , then ask the host or request it.
        </EmptyState>
      ) : (
        <OrderRows rows={items} hrefBase={hrefBase} side="TRAVELER" />
      )}
    </>
  );
}

const TABS: { key: string; label: string; statuses: OrderStatus[] }[] = [
  { key: "new", label: "New", statuses: ["INQUIRY", "REQUESTED"] },
  { key: "upcoming", label: "Upcoming", statuses: ["ACCEPTED"] },
  { key: "active", label: "In progress", statuses: ["IN_PROGRESS"] },
  { key: "done", label: "Completed", statuses: ["COMPLETED"] },
  { key: "closed", label: "Declined & cancelled", statuses: ["DECLINED", "CANCELLED"] },
];

export function HostOrders() {
  const [tab, setTab] = useState(TABS[0]!.key);
  const current = TABS.find((t) => t.key === tab)!;
  const hosted = api.orders.hosted.useQuery({ statuses: current.statuses });
  const counts = new Map((hosted.data?.counts ?? []).map((c) => [c.status, c]));
  return (
    <>
      {hosted.data && <Warnings warnings={hosted.data.warnings} />}
      <div role="tablist" aria-label="Orders by status" className="mb-4 flex flex-wrap gap-1 border-b border-slate-200">
        {TABS.map((t) => {
          const n = t.statuses.reduce((sum, s) => sum + (counts.get(s)?.count ?? 0), 0);
          const unread = t.statuses.reduce((sum, s) => sum + (counts.get(s)?.unread ?? 0), 0);
          const selected = t.key === tab;
          return (
            <button
              key={t.key}
              role="tab"
              type="button"
              aria-selected={selected}
              onClick={() => setTab(t.key)}
              className={cn(
                "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
                selected ? "border-teal-700 text-teal-800" : "border-transparent text-slate-600 hover:text-slate-900",
              )}
            >
              {t.label} <span className="text-slate-600">({n})</span>
              {unread > 0 && <span className="ml-1 rounded-full bg-teal-700 px-1.5 text-xs text-white">{unread}</span>}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" aria-label={current.label}>
        {hosted.isLoading ? (
          <Loading label="Loading orders…" />
        ) : hosted.error ? (
          <Alert title="Orders could not be loaded.">{errorMessage(hosted.error)}</Alert>
        ) : hosted.data!.items.length === 0 ? (
          <EmptyState title={`Nothing in “${current.label}”`}>
            Questions and requests from travelers arrive here, live.
          </EmptyState>
        ) : (
          <OrderRows rows={hosted.data!.items} hrefBase="/host/orders" side="HOST" />
        )}
      </div>
    </>
  );
}
