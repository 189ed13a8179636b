"use client";
// The listing page's "Ask the host" and "Request" for travelers (and hosts, on other hosts'
// listings), or a link to their open order in their own area (`ordersBase`).
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { Alert, Button, Card, Field, Loading } from "@/components/ui";
import { ORDER_STATUS_LABELS } from "./labels";

const OPEN = ["INQUIRY", "REQUESTED", "ACCEPTED", "IN_PROGRESS"];

export function ListingOrderPanel({
  listingId,
  hostName,
  ordersBase = "/orders",
}: {
  listingId: string;
  hostName: string;
  ordersBase?: string;
}) {
  const router = useRouter();
  const existing = api.orders.onListing.useQuery({ listingId });
  const go = (data: { orderId: string }) => router.push(`${ordersBase}/${data.orderId}`);
  const ask = api.orders.ask.useMutation({ onSuccess: go });
  const request = api.orders.request.useMutation({ onSuccess: go });
  const [text, setText] = useState("");
  if (existing.isLoading) return <Loading label="Checking your orders…" />;
  const open = existing.data && OPEN.includes(existing.data.status) ? existing.data : null;
  if (open && open.status !== "INQUIRY") {
    return (
      <Card title="Your order">
        <p className="text-sm text-slate-700">
          You have an order here: <span className="font-medium">{ORDER_STATUS_LABELS[open.status].label}</span>.
        </p>
        <Link href={`${ordersBase}/${open.id}`} className="mt-3 inline-block text-sm font-medium text-teal-700 hover:underline">
          Open the order and its messages
        </Link>
      </Card>
    );
  }
  const error = ask.error ?? request.error;
  return (
    <Card title={`Ask ${hostName} or request`}>
      {open && (
        <p className="mb-3 text-sm text-slate-600">
          You asked a question already:{" "}
          <Link href={`${ordersBase}/${open.id}`} className="font-medium text-teal-700 hover:underline">
            see the conversation
          </Link>
          .
        </p>
      )}
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          ask.mutate({ listingId, body: text });
        }}
      >
        <Field
          label="Your question or note"
          error={fieldErrors(error).body ?? fieldErrors(error).note}
          hint="The host answers in your order's messages."
        >
          {(props) => (
            <textarea
              {...props}
              rows={3}
              maxLength={2000}
              value={text}
              onChange={(e) => setText(e.target.value)}
              className="block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 focus:ring-2 focus:ring-teal-600"
            />
          )}
        </Field>
        {error && !fieldErrors(error).body && !fieldErrors(error).note && <Alert>{errorMessage(error)}</Alert>}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" variant="secondary" busy={ask.isPending} disabled={text.trim().length === 0 || request.isPending}>
            Ask the host
          </Button>
          <Button
            type="button"
            busy={request.isPending}
            disabled={ask.isPending}
            onClick={() => request.mutate({ listingId, note: text.trim() || null })}
          >
            Request
          </Button>
        </div>
      </form>
    </Card>
  );
}
