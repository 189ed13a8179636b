"use client";
// The wallet: choose an organization you consented to, show its one-time code; renewed before it expires.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, errorMessage } from "@/components/trpc/react";
import { Alert, Button, Card, EmptyState, Loading, TextLink } from "@/components/ui";
import { TokenQr } from "@/components/verification/token-qr";
import { scopeList } from "@/components/verification/words";

/** Renew this long before the code expires, so the one on screen always has time left to be scanned. */
const RENEW_BEFORE_MS = 60_000;

export function Wallet({ base }: { base: "/identity" | "/host/identity" }) {
  const consents = api.verification.consents.useQuery();
  const issue = api.verification.walletToken.useMutation();
  const [organizationId, setOrganizationId] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const active = (consents.data ?? []).filter((c) => c.state === "ACTIVE" && c.organizationStatus === "ACTIVE");
  const { mutate } = issue;

  const renew = useCallback(
    (orgId: string) => {
      // Each new code schedules the next request, shortly before it expires.
      function request() {
        mutate(
          { organizationId: orgId },
          {
            onSuccess: (data) => {
              if (timer.current) clearTimeout(timer.current);
              const wait = Math.max(5_000, data.expiresAt.getTime() - Date.now() - RENEW_BEFORE_MS);
              timer.current = setTimeout(request, wait);
            },
          },
        );
      }
      request();
    },
    [mutate],
  );
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  if (consents.isLoading) return <Loading label="Loading your consents…" />;
  if (consents.error) return <Alert>{errorMessage(consents.error)}</Alert>;
  if (active.length === 0) {
    return (
      <EmptyState title="No organization can verify you yet">
        Give an organization your consent first, on <TextLink href={`${base}/consents`}>Consents</TextLink>.
      </EmptyState>
    );
  }

  return (
    <div className="grid grid-cols-1 gap-6 md:grid-cols-[18rem_minmax(0,1fr)]">
      <Card title="Show a code for">
        <ul className="space-y-2" role="list">
          {active.map((c) => (
            <li key={c.organizationId}>
              <button
                type="button"
                aria-pressed={organizationId === c.organizationId}
                onClick={() => {
                  setOrganizationId(c.organizationId);
                  renew(c.organizationId);
                }}
                className="w-full rounded-md px-3 py-2 text-left ring-1 ring-slate-200 hover:bg-slate-50 aria-pressed:bg-teal-50 aria-pressed:ring-teal-600"
              >
                <span className="block font-medium text-slate-900">{c.organizationName}</span>
                <span className="block text-xs text-slate-600">Shares: {scopeList(c.effectiveScopes)}</span>
              </button>
            </li>
          ))}
        </ul>
      </Card>
      <Card title="Your code">
        {!organizationId ? (
          <p className="text-sm text-slate-600">Choose the organization in front of you.</p>
        ) : issue.error ? (
          <div className="space-y-3">
            <Alert>{errorMessage(issue.error)}</Alert>
            <Button type="button" variant="secondary" onClick={() => renew(organizationId)}>
              Try again
            </Button>
          </div>
        ) : !issue.data || issue.isPending ? (
          <Loading label="Making your code…" />
        ) : (
          <div className="space-y-4">
            <TokenQr token={issue.data.token} expiresAt={issue.data.expiresAt} organizationName={issue.data.organizationName} />
            <p className="text-center text-xs text-slate-500">
              The code tells {issue.data.organizationName} only: {scopeList(issue.data.scopes)}. It holds no personal data itself.
            </p>
            <div className="text-center">
              <Button type="button" variant="secondary" onClick={() => renew(organizationId)}>
                New code now
              </Button>
            </div>
          </div>
        )}
      </Card>
    </div>
  );
}
