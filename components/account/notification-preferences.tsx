"use client";
// Notification choices on the account page: per kind, in the app, by e-mail too, or off. Security
// notices are listed as always on.
import { api, errorMessage } from "@/components/trpc/react";
import { Alert, Card, Loading, Select } from "@/components/ui";

const CHANNEL_LABELS = { EMAIL: "In the app and by e-mail", IN_APP: "In the app only", OFF: "Off" } as const;

export function NotificationPreferences() {
  const utils = api.useUtils();
  const prefs = api.notifications.preferences.useQuery(undefined, { retry: false });
  const set = api.notifications.setPreference.useMutation({ onSuccess: () => utils.notifications.preferences.invalidate() });

  return (
    <Card title="Notifications">
      {prefs.isLoading && <Loading label="Loading your choices…" />}
      {prefs.error && <Alert title="Your choices could not be loaded">{errorMessage(prefs.error)}</Alert>}
      {prefs.data && (
        <div className="space-y-4 text-sm">
          {!prefs.data.hasEmail && (
            <p className="text-slate-600">Your account has no e-mail address: you are told in the app only.</p>
          )}
          {prefs.data.hasEmail && !prefs.data.emailConfirmed && (
            <Alert tone="warn" title="Your e-mail address is not confirmed">
              Open the link we sent to it. Until then, nothing but that link is mailed to you.
            </Alert>
          )}
          {set.error && <Alert>{errorMessage(set.error)}</Alert>}
          <ul className="divide-y divide-slate-200">
            {prefs.data.items.map((p) => (
              <li key={p.kind} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between">
                <label htmlFor={`pref-${p.kind}`} className="text-slate-800">
                  {p.label}
                </label>
                <Select
                  id={`pref-${p.kind}`}
                  value={p.channel}
                  className="sm:w-60"
                  disabled={set.isPending}
                  onChange={(e) => set.mutate({ kind: p.kind, channel: e.target.value as keyof typeof CHANNEL_LABELS })}
                >
                  {(Object.keys(CHANNEL_LABELS) as (keyof typeof CHANNEL_LABELS)[]).map((c) => (
                    <option key={c} value={c}>
                      {CHANNEL_LABELS[c]}
                    </option>
                  ))}
                </Select>
              </li>
            ))}
          </ul>
          <p className="text-xs text-slate-500">
            Security notices — password reset links, a changed password or e-mail address, a new sign-in, address confirmations, a
            suspension — are always sent and cannot be turned off.
          </p>
        </div>
      )}
    </Card>
  );
}
