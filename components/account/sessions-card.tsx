"use client";
// Where you are signed in: each device (browser and system, address, last seen), this one marked,
// "sign out" for any of them, and "sign out everywhere".
import { useState } from "react";
import { api, errorMessage } from "@/components/trpc/react";
import { Alert, Badge, Button, Card, Loading } from "@/components/ui";

const when = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

/** "Active now" within the few minutes last-seen is rounded to; otherwise the time. */
function lastSeenWords(lastSeenAt: Date, current: boolean): string {
  if (current || Date.now() - lastSeenAt.getTime() < 6 * 60_000) return "Active now";
  return `Last seen ${when.format(lastSeenAt)}`;
}

/** This device's session ended: a full page load drops the cached queries and asks the server afresh. */
function leave() {
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign("/login?signedOut=1");
}

export function SessionsCard() {
  const utils = api.useUtils();
  const list = api.account.sessions.useQuery();
  const endOne = api.account.endSession.useMutation({
    onSuccess: (out) => (out.endedCurrent ? leave() : utils.account.sessions.invalidate()),
  });
  const endAll = api.account.endAllSessions.useMutation({ onSuccess: leave });
  const [confirming, setConfirming] = useState(false);

  return (
    <Card title="Where you are signed in" className="lg:col-span-2">
      {list.isLoading && <Loading label="Loading your sessions…" />}
      {list.error && <Alert title="Your sessions could not be loaded">{errorMessage(list.error)}</Alert>}
      {(endOne.error || endAll.error) && <Alert>{errorMessage(endOne.error ?? endAll.error)}</Alert>}
      {list.data && (
        <>
          {list.data.length === 0 ? (
            <p className="text-sm text-slate-600">No other signed-in devices.</p>
          ) : (
            <ul className="divide-y divide-slate-200" aria-label="Signed-in devices">
              {list.data.map((s) => (
                <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="session-row">
                  <div className="min-w-0 text-sm">
                    <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                      {s.device}
                      {s.current && <Badge tone="good">This device</Badge>}
                    </p>
                    <p className="text-slate-600">
                      {s.ip ?? "Address unknown"} · {lastSeenWords(s.lastSeenAt, s.current)}
                    </p>
                    <p className="text-xs text-slate-500">Signed in {when.format(s.createdAt)}</p>
                    {s.userAgent && (
                      <p className="truncate text-xs text-slate-500" title={s.userAgent}>
                        {s.userAgent}
                      </p>
                    )}
                  </div>
                  <Button
                    variant="secondary"
                    busy={endOne.isPending && endOne.variables?.sessionId === s.id}
                    onClick={() => endOne.mutate({ sessionId: s.id })}
                    aria-label={s.current ? "Sign out this device" : `Sign out ${s.device}, ${s.ip ?? "address unknown"}`}
                  >
                    {s.current ? "Sign out this device" : "Sign out"}
                  </Button>
                </li>
              ))}
            </ul>
          )}
          <div className="mt-4 flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4">
            {confirming ? (
              <>
                <p className="w-full text-sm text-slate-700">Every device, this one included, will have to sign in again.</p>
                <Button variant="danger" busy={endAll.isPending} onClick={() => endAll.mutate()}>
                  Yes, sign out everywhere
                </Button>
                <Button variant="ghost" onClick={() => setConfirming(false)}>
                  Cancel
                </Button>
              </>
            ) : (
              <Button variant="secondary" onClick={() => setConfirming(true)}>
                Sign out everywhere
              </Button>
            )}
          </div>
        </>
      )}
    </Card>
  );
}
