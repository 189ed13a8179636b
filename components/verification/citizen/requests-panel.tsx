"use client";
// Requests addressed to the traveler, a box for a request's code, and the code an approval makes.
import { useState } from "react";
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { Alert, Badge, Button, Card, EmptyState, Field, Input, Loading } from "@/components/ui";
import { TokenQr } from "@/components/verification/token-qr";
import { scopeList, when } from "@/components/verification/words";

const STATUS = {
  PENDING: ["info", "Waiting for you"],
  APPROVED: ["good", "Approved"],
  COMPLETED: ["good", "Verified"],
  DECLINED: ["neutral", "Declined"],
  EXPIRED: ["warn", "Expired"],
} as const;

export function RequestsPanel() {
  const utils = api.useUtils();
  const requests = api.verification.myRequests.useQuery();
  const claim = api.verification.claimRequest.useMutation({ onSuccess: () => utils.verification.myRequests.invalidate() });
  const respond = api.verification.respondToRequest.useMutation({
    onSuccess: () => {
      void utils.verification.myRequests.invalidate();
      void utils.verification.consents.invalidate();
    },
  });
  const [answered, setAnswered] = useState<{ organizationName: string } | null>(null);
  const claimErrors = fieldErrors(claim.error);

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
      <Card title="Requests to verify you">
        {respond.error && <Alert>{errorMessage(respond.error)}</Alert>}
        {requests.isLoading ? (
          <Loading label="Loading requests…" />
        ) : requests.error ? (
          <Alert>{errorMessage(requests.error)}</Alert>
        ) : (requests.data ?? []).length === 0 ? (
          <EmptyState title="No requests">When an organization asks to verify you, it appears here.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" role="list">
            {(requests.data ?? []).map((r) => (
              <li key={r.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                <div>
                  <p className="font-medium text-slate-900">
                    {r.organizationName} asks for: {scopeList(r.scopes)}
                  </p>
                  {r.note && <p className="text-sm text-slate-700">“{r.note}”</p>}
                  <p className="text-xs text-slate-500">
                    Asked {when(r.createdAt)} · <Badge tone={STATUS[r.status][0]}>{STATUS[r.status][1]}</Badge>
                  </p>
                </div>
                {r.status === "PENDING" && (
                  <div className="flex gap-2">
                    <Button
                      type="button"
                      busy={respond.isPending && respond.variables?.requestId === r.id && respond.variables.approve}
                      onClick={() => {
                        setAnswered({ organizationName: r.organizationName });
                        respond.mutate({ requestId: r.id, approve: true });
                      }}
                    >
                      Approve
                    </Button>
                    <Button
                      type="button"
                      variant="secondary"
                      busy={respond.isPending && respond.variables?.requestId === r.id && !respond.variables.approve}
                      onClick={() => {
                        setAnswered(null);
                        respond.mutate({ requestId: r.id, approve: false });
                      }}
                    >
                      Decline
                    </Button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <div className="space-y-6">
        {respond.data?.token && respond.data.expiresAt && answered && (
          <Card title="Show this code">
            <TokenQr token={respond.data.token} expiresAt={respond.data.expiresAt} organizationName={answered.organizationName} />
          </Card>
        )}
        <Card title="Have a request code?">
          <form
            aria-label="Find a request by its code"
            className="space-y-3"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              claim.mutate({ code: String(new FormData(e.currentTarget).get("code") ?? "") });
            }}
          >
            {claim.error && Object.keys(claimErrors).length === 0 && <Alert>{errorMessage(claim.error)}</Alert>}
            {claim.isSuccess && <Alert tone="good">Found it: the request is in your list.</Alert>}
            <Field label="Request code" error={claimErrors.code} hint="The organization shows it, e.g. ABCD-EFGH.">
              {(p) => <Input {...p} name="code" autoComplete="off" className="font-mono uppercase" maxLength={9} />}
            </Field>
            <Button type="submit" busy={claim.isPending} variant="secondary" className="w-full">
              Find request
            </Button>
          </form>
        </Card>
      </div>
    </div>
  );
}
