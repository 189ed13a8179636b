"use client";
// The order's actions for whoever is looking (the server's list), with their confirmations.
import { api, errorMessage } from "@/components/trpc/react";
import { Alert, Button, Card } from "@/components/ui";
import { type Detail, useRefresh } from "./order-detail";

export function Actions({ order }: { order: Detail }) {
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
