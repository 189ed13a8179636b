"use client";
// The moderator's window on a thread: the few messages around the one in the queue, nothing more.
import { api, errorMessage } from "@/components/trpc/react";
import { Badge, Card, Loading } from "@/components/ui";
import { cn } from "@/components/ui";

const time = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

/** `view`: whether the server lets this moderator see the thread now (asked only then), and why not. */
export function MessageContext({ itemId, view }: { itemId: string; view: { allowed: boolean; message: string | null } | null }) {
  const allowed = view?.allowed === true;
  const context = api.messages.moderationContext.useQuery({ itemId }, { retry: false, enabled: allowed });
  return (
    <Card title="The message in its thread">
      {!allowed ? (
        <p className="text-sm text-slate-600">{view?.message ?? "The thread cannot be shown."}</p>
      ) : context.isLoading ? (
        <Loading label="Loading the messages around it…" />
      ) : context.error ? (
        <p className="text-sm text-slate-600">The thread cannot be shown: {errorMessage(context.error)}</p>
      ) : (
        <>
          <p className="mb-3 text-xs text-slate-500">Only the messages just before and after the one in the queue are shown.</p>
          <ol className="space-y-2" data-testid="message-context">
            {context.data!.messages.map((m) => (
              <li
                key={m.id}
                className={cn(
                  "rounded-md p-3 text-sm ring-1",
                  m.reported ? "bg-amber-50 ring-amber-300" : "bg-white ring-slate-200",
                )}
              >
                <p className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
                  <span className="font-medium text-slate-800">{m.senderName}</span>
                  <span>{time.format(m.createdAt)}</span>
                  {m.reported && <Badge tone="warn">In the queue</Badge>}
                  {m.status !== "VISIBLE" && <Badge>{m.status.toLowerCase()}</Badge>}
                </p>
                <p className="mt-1 whitespace-pre-line text-slate-900">{m.body}</p>
              </li>
            ))}
          </ol>
        </>
      )}
    </Card>
  );
}
