"use client";
// "Harbour Ferries verified you at 14:02: name, over 18", with "This wasn't me".
import { useState } from "react";
import { api, errorMessage } from "@/components/trpc/react";
import { Alert, Badge, Button, Card, EmptyState, Loading } from "@/components/ui";
import { Dialog } from "@/components/ui/dialog";
import { scopeList, when } from "@/components/verification/words";
import { REASON_WORDS } from "@/shared/verification-reasons";

export function HistoryList() {
  const utils = api.useUtils();
  const history = api.verification.myHistory.useQuery();
  const dispute = api.verification.dispute.useMutation({
    onSuccess: () => {
      setConfirming(null);
      void utils.verification.myHistory.invalidate();
      void utils.verification.consents.invalidate();
    },
  });
  const [confirming, setConfirming] = useState<{ id: string; organizationName: string } | null>(null);

  if (history.isLoading) return <Loading label="Loading your history…" />;
  if (history.error) return <Alert>{errorMessage(history.error)}</Alert>;
  const items = history.data ?? [];

  return (
    <Card>
      {dispute.isSuccess && (
        <Alert tone="good">Thank you. That organization can no longer verify you, and moderators will look into it.</Alert>
      )}
      {items.length === 0 ? (
        <EmptyState title="No verifications yet">When an organization checks one of your codes, it shows here.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100" role="list" aria-label="Verifications of you">
          {items.map((e) => (
            <li key={e.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="verification-event">
              <div>
                <p className="text-slate-900">
                  {e.outcome === "VERIFIED" ? (
                    <>
                      <span className="font-medium">{e.organizationName}</span> verified you at {when(e.createdAt)}:{" "}
                      {scopeList(e.disclosedScopes)}
                    </>
                  ) : (
                    <>
                      <span className="font-medium">{e.organizationName}</span> tried to verify you at {when(e.createdAt)}:
                      refused ({REASON_WORDS[e.reasonCode ?? "MALFORMED"].title.toLowerCase()})
                    </>
                  )}
                </p>
                {e.disputedAt && (
                  <p className="mt-1">
                    <Badge tone="warn">You reported this as not you</Badge>
                  </p>
                )}
              </div>
              {!e.disputedAt && (
                <Button
                  type="button"
                  variant="secondary"
                  onClick={() => setConfirming({ id: e.id, organizationName: e.organizationName })}
                >
                  This wasn&apos;t me
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <Dialog
        open={confirming !== null}
        onOpenChange={(open) => !open && setConfirming(null)}
        title="This wasn't me"
        description={
          confirming
            ? `Your consent for ${confirming.organizationName} will be revoked at once, and moderators will look into this verification.`
            : undefined
        }
      >
        {dispute.error && <Alert>{errorMessage(dispute.error)}</Alert>}
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={() => setConfirming(null)}>
            Cancel
          </Button>
          <Button
            type="button"
            variant="danger"
            busy={dispute.isPending}
            onClick={() => confirming && dispute.mutate({ eventId: confirming.id })}
          >
            Report and revoke consent
          </Button>
        </div>
      </Dialog>
    </Card>
  );
}
