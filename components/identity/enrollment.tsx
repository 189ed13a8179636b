"use client";
// The Identity page for travelers and hosts: start an enrollment, fill in the details, upload the
// ID card (front and back) and optionally a proof of address, submit; then see where it stands,
// answer a request for changes, or read why it was refused. Each step is its own file.
import { api, errorMessage } from "@/components/trpc/react";
import { Alert, Badge, Button, Card, EmptyState, Loading } from "@/components/ui";
import { ENROLLMENT_DOCUMENT_LIMITS, MB } from "@/shared/upload-limits";
import { ENROLLMENT_STATUS_LABELS, KYC_LABELS } from "./labels";
import { DetailsForm, ProfileSummary } from "./enrollment-details";
import { DOCUMENTS, DocumentSlot, type Provider } from "./enrollment-documents";

export function Enrollment({ verifiedBenefit, provider }: { verifiedBenefit: string; provider: Provider }) {
  const utils = api.useUtils();
  const mine = api.identity.mine.useQuery();
  const start = api.identity.start.useMutation({ onSuccess: () => utils.identity.mine.invalidate() });
  const submit = api.identity.submit.useMutation({ onSuccess: () => utils.identity.mine.invalidate() });

  if (mine.isLoading) return <Loading label="Loading your identity…" />;
  if (mine.error) return <Alert title="Your identity could not be loaded">{errorMessage(mine.error)}</Alert>;
  const data = mine.data!;
  const current = data.current;
  const kyc = KYC_LABELS[data.kycStatus];

  return (
    <div className="space-y-6">
      <Card>
        <div className="flex flex-wrap items-center gap-3">
          <span className="text-sm text-slate-600">Status:</span>
          <Badge tone={kyc.tone}>{kyc.label}</Badge>
          {current && current.status !== "APPROVED" && (
            <Badge tone={ENROLLMENT_STATUS_LABELS[current.status].tone}>
              Enrollment: {ENROLLMENT_STATUS_LABELS[current.status].label}
            </Badge>
          )}
        </div>
        {data.kycStatus === "VERIFIED" ? (
          <>
            <p className="mt-3 text-sm text-slate-700">Your identity is verified. {verifiedBenefit}</p>
            {data.reference && (
              <p className="mt-2 text-sm text-slate-700">
                Your Tessera reference, for support:{" "}
                <code className="break-all rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs" data-testid="tessera-reference">
                  {data.reference}
                </code>{" "}
                Organizations never see it: each one knows you by a different name.
              </p>
            )}
          </>
        ) : (
          <p className="mt-3 text-sm text-slate-700">
            Verify your identity to {verifiedBenefit.charAt(0).toLowerCase() + verifiedBenefit.slice(1)} A moderator checks your
            ID card against the details you type; nobody else sees your documents, and your national ID number is never stored,
            only a keyed fingerprint of it and its last four characters.
          </p>
        )}
      </Card>

      {current?.status === "CHANGES_REQUESTED" && (
        <Alert tone="warn" title="A moderator asked for changes">
          <p data-testid="decision-note">“{current.decisionNote}”</p>
          <p className="mt-1">Fix what they asked below, then submit again.</p>
        </Alert>
      )}
      {current?.status === "REJECTED" && (
        <Alert tone="bad" title="Your enrollment was refused">
          <p data-testid="decision-note">“{current.decisionNote}”</p>
          {data.canStart && <p className="mt-1">You can start a new enrollment.</p>}
        </Alert>
      )}
      {(current?.status === "SUBMITTED" || current?.status === "IN_REVIEW") && (
        <Alert tone="info" title="Thank you: your enrollment is waiting for review">
          A moderator will check it soon. You will see the result here; until then your details cannot be changed.
        </Alert>
      )}

      {data.canStart && (
        <Card title={current?.status === "REJECTED" ? "Start again" : "Verify your identity"}>
          <p className="mb-3 text-sm text-slate-700">You will need your national ID card (both sides). It takes a few minutes.</p>
          {start.error && <Alert>{errorMessage(start.error)}</Alert>}
          <Button onClick={() => start.mutate()} busy={start.isPending}>
            Start enrollment
          </Button>
        </Card>
      )}

      {current?.editable && (
        <>
          <DetailsForm profile={data.profile} />
          <Card title="Documents">
            <p className="mb-4 text-sm text-slate-600">
              JPEG, PNG or WebP (a PDF for proof of address), up to {ENROLLMENT_DOCUMENT_LIMITS.maxBytes / MB} MB, at least{" "}
              {ENROLLMENT_DOCUMENT_LIMITS.minSide} pixels on each side. Never a photo of your face.
            </p>
            <ul className="grid gap-6 md:grid-cols-3">
              {DOCUMENTS.map((d) => (
                <DocumentSlot
                  key={d.kind}
                  doc={d}
                  provider={provider}
                  uploaded={current.documents.find((x) => x.kind === d.kind) ?? null}
                />
              ))}
            </ul>
          </Card>
          <Card title="Submit">
            <p className="mb-3 text-sm text-slate-700">
              When your details are saved and both sides of the card are uploaded, submit for review.
            </p>
            {submit.error && <Alert>{errorMessage(submit.error)}</Alert>}
            <Button onClick={() => submit.mutate()} busy={submit.isPending}>
              {current.status === "CHANGES_REQUESTED" ? "Submit again" : "Submit for review"}
            </Button>
          </Card>
        </>
      )}

      {!current?.editable && data.profile && (
        <Card title="Your details">
          <ProfileSummary profile={data.profile} />
          {current && current.documents.length > 0 && (
            <ul className="mt-4 grid gap-4 sm:grid-cols-3" aria-label="Your documents">
              {current.documents.map((d) => (
                <li key={d.kind} className="space-y-1">
                  <p className="text-xs font-medium text-slate-600">{d.label}</p>
                  {d.url && d.format !== "pdf" ? (
                    // eslint-disable-next-line @next/next/no-img-element -- private and no-store: not through the image optimiser
                    <img
                      src={d.url}
                      alt={d.label}
                      className="aspect-[3/2] w-full rounded-md object-cover ring-1 ring-slate-200"
                    />
                  ) : d.url ? (
                    <a href={d.url} target="_blank" rel="noopener" className="text-sm text-teal-700 underline">
                      Open the PDF
                    </a>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}

      <Card title="History">
        {data.history.length === 0 ? (
          <EmptyState title="No enrollments yet" />
        ) : (
          <ol className="space-y-2 text-sm">
            {data.history.map((h) => (
              <li key={h.id} className="flex flex-wrap items-baseline gap-2">
                <Badge tone={ENROLLMENT_STATUS_LABELS[h.status].tone}>{ENROLLMENT_STATUS_LABELS[h.status].label}</Badge>
                <span className="text-slate-600">started {h.createdAt.toLocaleDateString("en-GB")}</span>
                {h.decidedAt && <span className="text-slate-600">· decided {h.decidedAt.toLocaleDateString("en-GB")}</span>}
                {h.decisionNote && <span className="text-slate-800">· “{h.decisionNote}”</span>}
              </li>
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}
