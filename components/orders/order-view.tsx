"use client";
// The order page, for its traveler and its host: status and actions that fit it, check-in, the
// message thread (live), the review and the reply, and the timeline.
import dynamic from "next/dynamic";
import Link from "next/link";
import { useEffect, useEffectEvent, useRef, useState } from "react";
import { QRCodeSVG } from "qrcode.react";
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { Alert, Badge, Button, Card, cn, Field, Loading } from "@/components/ui";
import { formatPrice } from "@/components/listing/format";
import { dateTime, ORDER_STATUS_LABELS, PAYMENT_LABELS, TIMELINE_LABELS } from "./labels";
import { ReportLink } from "./report-link";

// The camera scanner (and its QR library) loads only when a host presses "Scan with camera".
const CameraScanner = dynamic(() => import("@/components/camera-scanner").then((m) => m.CameraScanner), {
  ssr: false,
  loading: () => <Loading label="Starting the camera…" />,
});

import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/root";

type Detail = inferRouterOutputs<AppRouter>["orders"]["get"];

export function OrderView({ orderId, backHref, backLabel }: { orderId: string; backHref: string; backLabel: string }) {
  const order = api.orders.get.useQuery({ orderId }, { retry: false });
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
            <span className="text-xs text-slate-500">since {dateTime.format(o.createdAt)}</span>
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
        <div className="space-y-6 lg:col-span-2">
          <Thread order={o} />
          <ReviewSection order={o} />
        </div>
        <div className="space-y-6">
          <Actions order={o} />
          {o.status === "ACCEPTED" && (o.viewerIs === "TRAVELER" ? <CheckinQr orderId={o.id} /> : <CheckinForm orderId={o.id} />)}
          <Card title="Timeline">
            <ol className="space-y-3 border-l border-slate-200 pl-4 text-sm">
              {o.timeline.map((e, i) => (
                <li key={i}>
                  <p className="font-medium text-slate-800">{TIMELINE_LABELS[e.event] ?? e.event}</p>
                  <p className="text-xs text-slate-500">
                    {dateTime.format(e.createdAt)}
                    {e.actorName ? ` · ${e.actorName}` : ""}
                  </p>
                </li>
              ))}
            </ol>
          </Card>
        </div>
      </div>
    </div>
  );
}

function useRefresh(orderId: string) {
  const utils = api.useUtils();
  return () =>
    Promise.all([utils.orders.get.invalidate({ orderId }), utils.orders.mine.invalidate(), utils.orders.hosted.invalidate()]);
}

function Actions({ order }: { order: Detail }) {
  const refresh = useRefresh(order.id);
  const options = { onSuccess: refresh };
  const request = api.orders.request.useMutation(options);
  const accept = api.orders.accept.useMutation(options);
  const decline = api.orders.decline.useMutation(options);
  const complete = api.orders.complete.useMutation(options);
  const cancel = api.orders.cancel.useMutation(options);
  const markPaid = api.orders.markPaid.useMutation(options);
  const error = [request, accept, decline, complete, cancel, markPaid].find((m) => m.error)?.error;
  const can = (a: string) => order.actions.includes(a);
  const busy = [request, accept, decline, complete, cancel, markPaid].some((m) => m.isPending);
  const buttons: React.ReactNode[] = [];
  if (can("request"))
    buttons.push(
      <Button
        key="request"
        busy={request.isPending}
        disabled={busy}
        onClick={() => request.mutate({ listingId: order.listingId })}
      >
        Request this
      </Button>,
    );
  if (can("accept"))
    buttons.push(
      <Button key="accept" busy={accept.isPending} disabled={busy} onClick={() => accept.mutate({ orderId: order.id })}>
        Accept
      </Button>,
    );
  if (can("decline"))
    buttons.push(
      <Button
        key="decline"
        variant="secondary"
        busy={decline.isPending}
        disabled={busy}
        onClick={() => decline.mutate({ orderId: order.id })}
      >
        Decline
      </Button>,
    );
  if (can("complete"))
    buttons.push(
      <Button key="complete" busy={complete.isPending} disabled={busy} onClick={() => complete.mutate({ orderId: order.id })}>
        Mark completed
      </Button>,
    );
  if (order.canMarkPaid)
    buttons.push(
      <Button
        key="paid"
        variant="secondary"
        busy={markPaid.isPending}
        disabled={busy}
        onClick={() => markPaid.mutate({ orderId: order.id })}
      >
        Mark paid in person
      </Button>,
    );
  if (can("cancel")) {
    buttons.push(
      <Button
        key="cancel"
        variant="ghost"
        busy={cancel.isPending}
        disabled={busy}
        onClick={() => {
          if (window.confirm("Cancel this order?")) cancel.mutate({ orderId: order.id });
        }}
      >
        Cancel order
      </Button>,
    );
  }
  const hint: Record<string, string> = {
    INQUIRY:
      order.viewerIs === "TRAVELER"
        ? "Ask anything in the thread; request the service when you are ready."
        : "The traveler is asking a question. Answer in the thread.",
    REQUESTED: order.viewerIs === "TRAVELER" ? "Waiting for the host to accept." : "Accept or decline this request.",
    ACCEPTED:
      order.viewerIs === "TRAVELER"
        ? "Show your check-in code to the host when you meet."
        : "Check the traveler in with their code when you meet.",
    IN_PROGRESS:
      order.viewerIs === "TRAVELER"
        ? "Enjoy! The host completes the order at the end."
        : "Mark the order completed when you are done.",
    COMPLETED: "This order is completed.",
    DECLINED: "The host declined this request.",
    CANCELLED: "This order was cancelled.",
  };
  return (
    <Card title="What now">
      <p className="text-sm text-slate-600">{hint[order.status]}</p>
      {buttons.length > 0 && <div className="mt-4 flex flex-wrap gap-2">{buttons}</div>}
      {error && (
        <div className="mt-3">
          <Alert>{errorMessage(error)}</Alert>
        </div>
      )}
    </Card>
  );
}

function CheckinQr({ orderId }: { orderId: string }) {
  const issue = api.orders.checkinCode.useMutation();
  const [now, setNow] = useState(() => Date.now());
  const requestCode = useEffectEvent((input: { orderId: string }) => issue.mutate(input));
  const started = useRef(false);
  useEffect(() => {
    if (!started.current) {
      started.current = true;
      requestCode({ orderId });
    }
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [orderId]);
  const code = issue.data;
  const expired = code ? code.expiresAt.getTime() <= now : false;
  const left = code ? Math.max(0, Math.round((code.expiresAt.getTime() - now) / 1000)) : 0;
  return (
    <Card title="Your check-in code">
      {issue.isPending && <Loading label="Preparing your code…" />}
      {issue.error && <Alert>{errorMessage(issue.error)}</Alert>}
      {code && !expired && (
        <div className="flex flex-col items-center gap-2 text-center">
          <div className="rounded-md bg-white p-2 ring-1 ring-slate-200">
            <QRCodeSVG
              value={code.token}
              size={200}
              level="M"
              marginSize={2}
              role="img"
              aria-label="Check-in QR code"
              data-testid="checkin-qr"
            />
          </div>
          <p className="text-sm text-slate-600">Or tell the host this code:</p>
          <p className="font-mono text-2xl font-semibold tracking-widest text-slate-900" data-testid="checkin-short-code">
            {code.shortCode}
          </p>
          <p className="text-xs text-slate-500">
            Works once, for {Math.floor(left / 60)}:{String(left % 60).padStart(2, "0")} more.
          </p>
        </div>
      )}
      {code && expired && <p className="text-sm text-slate-600">This code has expired.</p>}
      {(expired || issue.error) && (
        <Button className="mt-3" variant="secondary" onClick={() => issue.mutate({ orderId })}>
          Show a new code
        </Button>
      )}
    </Card>
  );
}

function CheckinForm({ orderId }: { orderId: string }) {
  const refresh = useRefresh(orderId);
  const checkIn = api.orders.checkIn.useMutation({ onSuccess: refresh });
  const [code, setCode] = useState("");
  const [scanning, setScanning] = useState(false);
  return (
    <Card title="Check the traveler in">
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          checkIn.mutate({ orderId, code });
        }}
      >
        <Field
          label="Traveler's check-in code"
          hint="Scan their QR code into this field, or type the eight characters under it."
          error={fieldErrors(checkIn.error).code}
        >
          {(props) => (
            <input
              {...props}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              className="block w-full rounded-md border-0 px-3 py-2 font-mono text-sm uppercase text-slate-900 shadow-sm ring-1 ring-slate-300 focus:ring-2 focus:ring-teal-600"
              placeholder="ABCD-EFGH"
            />
          )}
        </Field>
        {checkIn.error && !fieldErrors(checkIn.error).code && <Alert>{errorMessage(checkIn.error)}</Alert>}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" busy={checkIn.isPending} disabled={code.trim().length === 0}>
            Check in and start
          </Button>
          <Button type="button" variant="secondary" onClick={() => setScanning((s) => !s)} aria-expanded={scanning}>
            {scanning ? "Stop camera" : "Scan with camera"}
          </Button>
        </div>
      </form>
      {scanning && (
        <div className="mt-4">
          <CameraScanner
            what="the traveler's check-in code"
            fallback="type the code under their QR code"
            onScan={(text) => {
              setScanning(false);
              setCode(text);
              checkIn.mutate({ orderId, code: text });
            }}
          />
        </div>
      )}
    </Card>
  );
}

function Thread({ order }: { order: Detail }) {
  const refresh = useRefresh(order.id);
  const send = api.messages.send.useMutation({ onSuccess: () => refresh() });
  const [body, setBody] = useState("");
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView({ block: "nearest" });
  }, [order.messages.length]);
  const mine = order.viewerIs === "TRAVELER" ? order.travelerId : order.hostId;
  return (
    <Card title="Messages">
      {order.messages.length === 0 ? (
        <p className="text-sm text-slate-600">No messages yet. Say hello.</p>
      ) : (
        <ol className="max-h-[28rem] space-y-3 overflow-y-auto pr-1" aria-label="Messages" data-testid="thread">
          {order.messages.map((m) => {
            const own = m.senderId === mine;
            return (
              <li key={m.id} className={cn("flex", own ? "justify-end" : "justify-start")}>
                <div
                  className={cn(
                    "max-w-[80%] rounded-lg px-3 py-2 text-sm",
                    own ? "bg-teal-700 text-white" : "bg-slate-100 text-slate-900",
                  )}
                >
                  <p className={cn("text-xs", own ? "text-teal-50" : "text-slate-600")}>
                    {own ? "You" : m.senderName} · {dateTime.format(m.createdAt)}
                    {m.status === "HELD" && " · waiting for a moderator"}
                  </p>
                  <p className="whitespace-pre-line">{m.body}</p>
                  {!own && (
                    <ReportLink
                      targetType="MESSAGE"
                      targetId={m.id}
                      question="What is wrong with this message? (5 characters or more)"
                    />
                  )}
                </div>
              </li>
            );
          })}
          <li ref={end} aria-hidden="true" />
        </ol>
      )}
      {order.messagingEnabled ? (
        <form
          className="mt-4 space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            send.mutate({ orderId: order.id, body }, { onSuccess: () => setBody("") });
          }}
        >
          <Field label="Your message" error={fieldErrors(send.error).body}>
            {(props) => (
              <textarea
                {...props}
                rows={3}
                value={body}
                onChange={(e) => setBody(e.target.value)}
                maxLength={2000}
                className="block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 focus:ring-2 focus:ring-teal-600"
              />
            )}
          </Field>
          {send.error && !fieldErrors(send.error).body && <Alert>{errorMessage(send.error)}</Alert>}
          <Button type="submit" busy={send.isPending} disabled={body.trim().length === 0}>
            Send
          </Button>
        </form>
      ) : (
        <p className="mt-4 text-sm text-slate-600">Messaging is switched off in your district for now.</p>
      )}
    </Card>
  );
}

function Stars({ rating }: { rating: number }) {
  return (
    <span className="text-amber-500" aria-label={`${rating} out of 5 stars`}>
      {"★".repeat(rating)}
      <span className="text-slate-300">{"★".repeat(5 - rating)}</span>
    </span>
  );
}

function ReviewSection({ order }: { order: Detail }) {
  const refresh = useRefresh(order.id);
  const create = api.reviews.create.useMutation({ onSuccess: refresh });
  const reply = api.reviews.reply.useMutation({ onSuccess: refresh });
  const [rating, setRating] = useState(5);
  const [body, setBody] = useState("");
  const [replyText, setReplyText] = useState("");
  if (order.status !== "COMPLETED") return null;
  const review = order.review;
  return (
    <Card title="Review">
      {review ? (
        <div className="space-y-3" data-testid="order-review">
          <p className="text-sm">
            <Stars rating={review.rating} />{" "}
            <span className="text-slate-500">
              by {review.travelerName} · {dateTime.format(review.createdAt)}
            </span>
            {review.status !== "VISIBLE" && (
              <Badge tone="warn">{review.status === "HELD" ? "waiting for a moderator" : "hidden by a moderator"}</Badge>
            )}
          </p>
          <p className="whitespace-pre-line text-sm text-slate-800">{review.body}</p>
          {review.reply && (
            <div className="rounded-md bg-slate-50 p-3 text-sm ring-1 ring-slate-200" data-testid="review-reply">
              <p className="text-xs font-medium text-slate-500">Reply from {order.hostName}</p>
              <p className="whitespace-pre-line text-slate-800">{review.reply}</p>
            </div>
          )}
          {order.canReply && (
            <form
              className="space-y-2"
              onSubmit={(e) => {
                e.preventDefault();
                reply.mutate({ reviewId: review.id, reply: replyText });
              }}
            >
              <Field label="Your reply (once)" error={fieldErrors(reply.error).reply}>
                {(props) => (
                  <textarea
                    {...props}
                    rows={3}
                    value={replyText}
                    onChange={(e) => setReplyText(e.target.value)}
                    className="block w-full rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-slate-300 focus:ring-2 focus:ring-teal-600"
                  />
                )}
              </Field>
              {reply.error && !fieldErrors(reply.error).reply && <Alert>{errorMessage(reply.error)}</Alert>}
              <Button type="submit" busy={reply.isPending} disabled={replyText.trim().length < 2}>
                Post reply
              </Button>
            </form>
          )}
        </div>
      ) : order.canReview ? (
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ orderId: order.id, rating, body });
          }}
        >
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Your rating</legend>
            <div className="mt-1 flex gap-3">
              {[1, 2, 3, 4, 5].map((n) => (
                <label key={n} className="flex items-center gap-1 text-sm">
                  <input type="radio" name="rating" value={n} checked={rating === n} onChange={() => setRating(n)} />
                  {n} {n === 1 ? "star" : "stars"}
                </label>
              ))}
            </div>
          </fieldset>
          <Field label="Your review" error={fieldErrors(create.error).body} hint="What should other travelers know?">
            {(props) => (
              <textarea
                {...props}
                rows={4}
                value={body}
                onChange={(e) => setBody(e.target.value)}
                className="block w-full rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-slate-300 focus:ring-2 focus:ring-teal-600"
              />
            )}
          </Field>
          {create.error && !fieldErrors(create.error).body && <Alert>{errorMessage(create.error)}</Alert>}
          <Button type="submit" busy={create.isPending}>
            Post review
          </Button>
        </form>
      ) : (
        <p className="text-sm text-slate-600">No review yet.</p>
      )}
    </Card>
  );
}
