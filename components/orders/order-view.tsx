"use client";
// The order page, for its traveler and its host: status and the actions that fit it, check-in, the
// message thread (live), the review and the reply, and the timeline. Each section is its own file.
import { LocalTime } from "@/components/local-time";
import Link from "next/link";
import { Suspense, useEffect, useEffectEvent, useRef } from "react";
import { api, errorMessage } from "@/components/trpc/react";
import { Alert, Badge, Card, Loading } from "@/components/ui";
import { formatPrice } from "@/components/listing/format";
import { ORDER_STATUS_LABELS, PAYMENT_LABELS, TIMELINE_LABELS } from "./labels";
import { ReportLink } from "./report-link";
import { Actions } from "./order-actions";
import { CheckinForm, CheckinQr } from "./checkin";
import { Thread } from "./order-thread";
import { ReviewSection } from "./order-review";
import type { Detail } from "./order-detail";

export function OrderView({
  orderId,
  backHref,
  backLabel,
  initial = null,
}: {
  orderId: string;
  backHref: string;
  backLabel: string;
  /** The order as the server read it for this page: shown at once, then kept fresh here. */
  initial?: Detail | null;
}) {
  const order = api.orders.get.useQuery({ orderId }, { retry: false, initialData: initial ?? undefined });
  const utils = api.useUtils();
  const markRead = api.messages.markRead.useMutation({
    onSuccess: () =>
      Promise.all([
        utils.messages.unread.invalidate(),
        utils.orders.get.invalidate({ orderId }),
        utils.orders.mine.invalidate(),
        utils.orders.hosted.invalidate(),
      ]),
  });
  // The latest mutate, called from the effect below without making it a dependency.
  const mark = useEffectEvent((input: { orderId: string }) => markRead.mutate(input));
  // Mark the thread read once per newest message seen (not on every render).
  const unread = order.data?.unread ?? 0;
  const newest = order.data?.messages.reduce((max, m) => Math.max(max, m.seq), 0) ?? 0;
  const markedUpTo = useRef(0);
  useEffect(() => {
    if (unread > 0 && newest > markedUpTo.current) {
      markedUpTo.current = newest;
      mark({ orderId });
    }
  }, [unread, newest, orderId]);

  if (order.isLoading) return <Loading label="Loading the order…" />;
  if (order.error || !order.data) {
    return (
      <div className="space-y-4">
        <Link href={backHref} className="text-sm font-medium text-teal-700 hover:underline">
          ← {backLabel}
        </Link>
        <Alert title="This order cannot be shown.">{errorMessage(order.error)}</Alert>
      </div>
    );
  }
  const o = order.data;
  const status = ORDER_STATUS_LABELS[o.status];
  const other = o.viewerIs === "TRAVELER" ? o.hostName : o.travelerName;
  const price = formatPrice(o.priceMinor, o.currency);
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb">
        <Link href={backHref} className="text-sm font-medium text-teal-700 hover:underline">
          <span aria-hidden="true">← </span>
          {backLabel}
        </Link>
      </nav>
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <div className="flex items-center gap-2">
            <Badge tone={status.tone}>
              <span data-testid="order-status">{status.label}</span>
            </Badge>
            <span className="text-xs text-slate-500">
              since <LocalTime date={o.createdAt} />
            </span>
          </div>
          <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">
            <Link href={`/listings/${o.listingId}`} className="hover:underline">
              {o.listingTitle}
            </Link>
          </h1>
          <p className="text-sm text-slate-600">
            {o.viewerIs === "TRAVELER" ? "Hosted by" : "Ordered by"} <span className="font-medium text-slate-800">{other}</span>
          </p>
          <ReportLink
            targetType="USER"
            targetId={o.viewerIs === "TRAVELER" ? o.hostId : o.travelerId}
            label={`Report ${other}`}
            question={`What has ${other} done wrong? (5 characters or more)`}
          />
        </div>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm">
          <dt className="text-slate-500">Price</dt>
          <dd className="font-medium text-slate-900">{price ?? "On request"}</dd>
          <dt className="text-slate-500">Payment</dt>
          <dd className="font-medium text-slate-900" data-testid="payment-status">
            {PAYMENT_LABELS[o.paymentStatus]}
          </dd>
        </dl>
      </header>

      <div className="grid gap-6 lg:grid-cols-3">
        {/* Suspense boundaries let hydration yield between the page's parts (less main-thread blocking on phones). */}
        <Suspense fallback={null}>
          <div className="space-y-6 lg:col-span-2">
            <Thread order={o} />
            <ReviewSection order={o} />
          </div>
        </Suspense>
        <Suspense fallback={null}>
          <div className="space-y-6">
            <Actions order={o} />
            {o.status === "ACCEPTED" &&
              (o.viewerIs === "TRAVELER" ? <CheckinQr orderId={o.id} /> : <CheckinForm orderId={o.id} />)}
            <Card title="Timeline">
              <ol className="space-y-3 border-l border-slate-200 pl-4 text-sm">
                {o.timeline.map((e, i) => (
                  <li key={i}>
                    <p className="font-medium text-slate-800">{TIMELINE_LABELS[e.event] ?? e.event}</p>
                    <p className="text-xs text-slate-500">
                      <LocalTime date={e.createdAt} />
                      {e.actorName ? ` · ${e.actorName}` : ""}
                    </p>
                  </li>
                ))}
              </ol>
            </Card>
          </div>
        </Suspense>
      </div>
    </div>
  );
}
