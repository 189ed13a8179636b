"use client";
// The reviewer's view of an enrollment case: the typed details beside the documents. The person's
// details and documents are shown only to the moderator holding the case (the server sends neither otherwise).
import { api, errorMessage } from "@/components/trpc/react";
import { Alert, Badge, Card, Loading } from "@/components/ui";
import { ENROLLMENT_STATUS_LABELS, formatDate } from "./labels";

export function EnrollmentReview({ itemId }: { itemId: string }) {
  // The item page invalidates this on claim and release: the details and document addresses come only with the claim.
  const review = api.identity.review.useQuery({ itemId }, { retry: false });
  if (review.isLoading) return <Loading label="Loading the enrollment…" />;
  if (review.error) return <Alert title="The enrollment cannot be shown">{errorMessage(review.error)}</Alert>;
  const c = review.data!;
  return (
    <Card title="The enrollment">
      <div className="grid grid-cols-1 gap-6 md:grid-cols-[16rem_minmax(0,1fr)]">
        <dl className="space-y-3 text-sm" aria-label="Typed details">
          <Detail label="Status">
            <Badge tone={ENROLLMENT_STATUS_LABELS[c.status].tone}>{ENROLLMENT_STATUS_LABELS[c.status].label}</Badge>
          </Detail>
          <Detail label="Account">
            {c.person.displayName} ({c.person.role === "HOST" ? "host" : "traveler"}, {c.person.districtName ?? "no district"})
          </Detail>
          <Detail label="Legal name">{c.profile?.legalName ?? "—"}</Detail>
          <Detail label="Date of birth">{c.profile ? formatDate(c.profile.dateOfBirth) : "—"}</Detail>
          <Detail label="District of residence">{c.profile?.districtName ?? "—"}</Detail>
          <Detail label="National ID">{c.profile ? `ending in ${c.profile.nidLast4}` : "—"}</Detail>
          {c.submittedAt && <Detail label="Submitted">{c.submittedAt.toLocaleString("en-GB")}</Detail>}
          {c.earlierCases.length > 0 && (
            <Detail label="Earlier enrollments">
              <ul className="space-y-1">
                {c.earlierCases.map((e) => (
                  <li key={e.id}>
                    {ENROLLMENT_STATUS_LABELS[e.status].label}
                    {e.decisionNote ? `: “${e.decisionNote}”` : ""}
                  </li>
                ))}
              </ul>
            </Detail>
          )}
        </dl>
        <div>
          {!c.holding && (
            <p className="mb-3 rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
              Claim this case to see the person&apos;s details and documents. They are shown only to the moderator holding the
              case.
            </p>
          )}
          <ul className="grid gap-4 sm:grid-cols-2" aria-label="Documents">
            {c.documents.map((d) => (
              <li key={d.kind} className="space-y-1">
                <p className="text-sm font-medium text-slate-800">{d.label}</p>
                {d.url && d.format !== "pdf" ? (
                  <a href={d.url} target="_blank" rel="noopener">
                    {/* eslint-disable-next-line @next/next/no-img-element -- private, no-store: never through the image optimiser */}
                    <img src={d.url} alt={d.label} className="w-full rounded-md object-contain ring-1 ring-slate-200" />
                  </a>
                ) : d.url ? (
                  <a href={d.url} target="_blank" rel="noopener" className="text-sm text-teal-700 underline">
                    Open the PDF<span className="sr-only"> (opens in a new tab)</span>
                  </a>
                ) : (
                  <div className="flex aspect-[3/2] items-center justify-center rounded-md bg-slate-100 text-xs text-slate-600 ring-1 ring-slate-200">
                    Hidden until claimed
                  </div>
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </Card>
  );
}

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="text-slate-900">{children}</dd>
    </div>
  );
}
