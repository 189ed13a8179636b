"use client";
// The order's message thread, live.
import { LocalTime } from "@/components/local-time";
import { useEffect, useRef, useState } from "react";
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { Alert, Button, Card, cn, Field } from "@/components/ui";
import { ReportLink } from "./report-link";
import { type Detail, useRefresh } from "./order-detail";

export function Thread({ order }: { order: Detail }) {
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
                    {own ? "You" : m.senderName} · <LocalTime date={m.createdAt} />
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
