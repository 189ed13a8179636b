"use client";
// Admins: a person's KYC status and enrollment cases, in a dialog from the users page (no national ID).
import { api, errorMessage } from "@/components/trpc/react";
import { Alert, Badge, EmptyState, Loading } from "@/components/ui";
import { Dialog } from "@/components/ui/dialog";
import { ENROLLMENT_STATUS_LABELS, KYC_LABELS } from "./labels";

export function KycHistoryDialog({ person, onClose }: { person: { id: string; name: string } | null; onClose: () => void }) {
  const history = api.identity.historyOf.useQuery({ userId: person?.id ?? "" }, { enabled: Boolean(person), retry: false });
  return (
    <Dialog
      open={person !== null}
      onOpenChange={(open) => !open && onClose()}
      title={person ? `Identity of ${person.name}` : ""}
      description="KYC status and every enrollment case."
    >
      {history.isLoading ? (
        <Loading label="Loading…" />
      ) : history.error ? (
        <Alert>{errorMessage(history.error)}</Alert>
      ) : history.data ? (
        <div className="space-y-4 text-sm">
          <p>
            Status: <Badge tone={KYC_LABELS[history.data.kycStatus].tone}>{KYC_LABELS[history.data.kycStatus].label}</Badge>
          </p>
          {history.data.cases.length === 0 ? (
            <EmptyState title="No enrollment yet" />
          ) : (
            <ol className="space-y-3" aria-label="Enrollment cases">
              {history.data.cases.map((c) => (
                <li key={c.id} className="rounded-md p-3 ring-1 ring-slate-200">
                  <Badge tone={ENROLLMENT_STATUS_LABELS[c.status].tone}>{ENROLLMENT_STATUS_LABELS[c.status].label}</Badge>
                  <p className="mt-1 text-slate-600">
                    Started {c.createdAt.toLocaleDateString("en-GB")}
                    {c.submittedAt ? ` · submitted ${c.submittedAt.toLocaleDateString("en-GB")}` : ""}
                    {c.decidedAt
                      ? ` · decided ${c.decidedAt.toLocaleDateString("en-GB")}${c.decidedByName ? ` by ${c.decidedByName}` : ""}`
                      : ""}
                  </p>
                  {c.decisionNote && <p className="mt-1 text-slate-800">“{c.decisionNote}”</p>}
                </li>
              ))}
            </ol>
          )}
        </div>
      ) : null}
    </Dialog>
  );
}
