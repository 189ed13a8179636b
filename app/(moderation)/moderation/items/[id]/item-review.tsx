"use client";
// One queue item: what it is, why it is here, reports, history, and the decision.
import Link from "next/link";
import { useState } from "react";
import { api, errorMessage, fieldErrors, type ApiError } from "@/components/trpc/react";
import { Alert, Badge, Button, Card, EmptyState, Field, Loading, PageHeader } from "@/components/ui";
import { Dialog } from "@/components/ui/dialog";
import { ListingCover } from "@/components/listing/cover";
import { categoryLabel, formatPrice, KIND_LABELS } from "@/components/listing/format";
import type { ModerationDecision } from "@/db/schema/values";
import type { ModerationReason } from "@/db/schema/safety";
import { DECISION_EFFECTS, DECISION_LABELS, formatDateTime, KEYWORD_ACTION_INFO, reasonChips, TARGET_LABELS, timeAgo } from "../../labels";

function appCode(error: unknown): string | null {
  return ((error as ApiError | null)?.data as { appCode?: string | null } | undefined)?.appCode ?? null;
}

/** The item changed under us (another moderator, a new report): say so and offer a reload. */
function isRace(error: unknown) {
  const code = appCode(error);
  return code === "STALE_VERSION" || code === "CONFLICT";
}

export function ItemReview({ itemId, viewerId }: { itemId: string; viewerId: string }) {
  const utils = api.useUtils();
  const detail = api.moderation.item.useQuery({ itemId });
  const [deciding, setDeciding] = useState<ModerationDecision | null>(null);
  const refresh = () =>
    Promise.all([
      utils.moderation.item.invalidate({ itemId }),
      utils.moderation.queue.invalidate(),
      utils.moderation.counts.invalidate(),
      utils.listings.get.invalidate(),
    ]);
  const claim = api.moderation.claim.useMutation({ onSettled: refresh });
  const release = api.moderation.release.useMutation({ onSettled: refresh });
  const decide = api.moderation.decide.useMutation({
    onSuccess: () => {
      setDeciding(null);
      void refresh();
    },
  });
  const isListing = detail.data?.item.targetType === "LISTING";
  const preview = api.listings.get.useQuery({ listingId: detail.data?.item.targetId ?? "" }, { enabled: Boolean(isListing), retry: false });

  if (detail.isLoading) return <Loading label="Loading the item…" />;
  if (detail.error) {
    return (
      <div className="space-y-4">
        <BackLink />
        <Alert title={appCode(detail.error) === "NOT_FOUND" ? "This item does not exist." : "The item could not be loaded."}>
          {errorMessage(detail.error)}
        </Alert>
      </div>
    );
  }
  const { item, history, target, decisions, reports } = detail.data!;
  const mine = item.claimedBy === viewerId;
  const reportsById = new Map(reports.map((r) => [r.id, r]));
  const claimedByOther = Boolean(item.claimedBy) && !mine;
  const open = item.status === "OPEN";
  const canDecide = open && !claimedByOther;
  const title = target?.title ?? `${TARGET_LABELS[item.targetType].one} ${item.targetId.slice(0, 8)}`;
  const raceError = [claim.error, release.error].find(isRace);
  const otherError = [claim.error, release.error].find((e) => e && !isRace(e));

  async function reload() {
    claim.reset();
    release.reset();
    decide.reset();
    setDeciding(null);
    await refresh();
  }

  return (
    <div className="space-y-6">
      <BackLink />
      <PageHeader
        title={title}
        description={`${TARGET_LABELS[item.targetType].one}${target?.detail ? ` · ${target.detail}` : ""}`}
        actions={
          target?.href ? (
            <a href={target.href} target="_blank" rel="noopener" className="rounded-md px-3.5 py-2 text-sm font-medium text-teal-700 ring-1 ring-slate-300 hover:bg-slate-50">
              Open the {TARGET_LABELS[item.targetType].one.toLowerCase()} page<span className="sr-only"> (opens in a new tab)</span> ↗
            </a>
          ) : undefined
        }
      />

      {raceError && (
        <Alert tone="warn" title="This item changed">
          <p>{errorMessage(raceError)}</p>
          <Button variant="secondary" className="mt-3" onClick={reload}>Reload</Button>
        </Alert>
      )}
      {otherError && <Alert>{errorMessage(otherError)}</Alert>}

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {isListing && (
            <Card title="The listing">
              {preview.isLoading ? (
                <Loading label="Loading the listing…" />
              ) : preview.error ? (
                <p className="text-sm text-slate-600">The listing cannot be shown: {errorMessage(preview.error)}</p>
              ) : preview.data ? (
                <div className="grid gap-4 sm:grid-cols-[12rem_1fr]">
                  <div className="aspect-[4/3] overflow-hidden rounded-md ring-1 ring-slate-200">
                    <ListingCover url={preview.data.listing.cover?.url} alt="" seed={preview.data.listing.id} />
                  </div>
                  <div className="min-w-0 space-y-2 text-sm">
                    <p className="text-xs font-medium uppercase tracking-wide text-teal-700">
                      {categoryLabel(preview.data.listing.category)} · {KIND_LABELS[preview.data.listing.kind]}
                      {" · "}
                      {formatPrice(preview.data.listing.priceMinor, preview.data.listing.currency) ?? "no price"}
                    </p>
                    <p className="font-semibold text-slate-900">{preview.data.listing.title}</p>
                    <p className="max-h-64 overflow-auto whitespace-pre-line text-slate-700">{preview.data.listing.description}</p>
                    <p className="text-xs text-slate-500">
                      {preview.data.listing.media.length} photo{preview.data.listing.media.length === 1 ? "" : "s"} · status{" "}
                      {preview.data.listing.status.replace("_", " ").toLowerCase()}
                    </p>
                  </div>
                </div>
              ) : null}
            </Card>
          )}

          <Card title="Why it is here">
            <ul className="mb-3 flex flex-wrap gap-1">
              {reasonChips(item.reasons, item.reportCount).map((c) => (
                <li key={c.key}><Badge tone={c.tone}>{c.text}</Badge></li>
              ))}
            </ul>
            <ul className="list-inside list-disc space-y-1 text-sm text-slate-700">
              {dedupeReasons(item.reasons).map((r, i) => (
                <li key={i}>
                  {r.kind === "REPORTED"
                    ? `Reported ${item.reportCount === 1 ? "once" : `${item.reportCount} times`} since it was last opened (the reasons are below).`
                    : describeReason(r)}
                </li>
              ))}
            </ul>
          </Card>

          <Card title={`Reports (${reports.length})`}>
            {reports.length === 0 ? (
              <p className="text-sm text-slate-600">Nobody has reported this.</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {reports.map((r) => (
                  <li key={r.id} className="py-3 first:pt-0 last:pb-0">
                    <p className="whitespace-pre-line text-sm text-slate-900">{r.reason}</p>
                    <p className="mt-1 text-xs text-slate-500">
                      {r.reporterName} · <time dateTime={r.createdAt.toISOString()} title={formatDateTime(r.createdAt)}>{timeAgo(r.createdAt)}</time>
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </Card>

          <Card title="History">
            {history.length === 0 ? (
              <EmptyState title="No history yet" />
            ) : (
              <ol className="relative space-y-4 border-l border-slate-200 pl-5">
                {history.map((h) => (
                  <li key={h.id} className="relative">
                    <span aria-hidden="true" className="absolute -left-[1.6rem] top-1 h-2.5 w-2.5 rounded-full bg-teal-600 ring-4 ring-white" />
                    <p className="text-sm text-slate-900">{describeEvent(h, viewerId, reportsById)}</p>
                    <p className="text-xs text-slate-500">
                      <time dateTime={h.createdAt.toISOString()}>{formatDateTime(h.createdAt)}</time>
                    </p>
                  </li>
                ))}
              </ol>
            )}
          </Card>
        </div>

        <aside className="space-y-6" aria-label="Decision">
          <Card title="Status">
            <dl className="space-y-3 text-sm">
              <div className="flex justify-between gap-3">
                <dt className="text-slate-500">State</dt>
                <dd>{open ? <Badge tone="info">Open</Badge> : <Badge>Resolved</Badge>}</dd>
              </div>
              {open && (
                <div className="flex justify-between gap-3">
                  <dt className="text-slate-500">Claimed by</dt>
                  <dd>{mine ? <Badge tone="good">You</Badge> : item.claimedBy ? <Badge tone="warn">Another moderator</Badge> : "Nobody"}</dd>
                </div>
              )}
              <div className="flex justify-between gap-3">
                <dt className="text-slate-500">Waiting since</dt>
                <dd><time dateTime={item.openedAt.toISOString()} title={formatDateTime(item.openedAt)}>{timeAgo(item.openedAt)}</time></dd>
              </div>
              <div className="flex justify-between gap-3">
                <dt className="text-slate-500">Version</dt>
                <dd className="tabular-nums">{item.version}</dd>
              </div>
            </dl>

            {!open && item.decision && (
              <div className="mt-4 rounded-md bg-slate-50 p-3 text-sm ring-1 ring-slate-200" data-testid="item-decision">
                <p>
                  <Badge tone={DECISION_LABELS[item.decision].tone}>{DECISION_LABELS[item.decision].past}</Badge>{" "}
                  {item.decidedAt && <span className="text-slate-500">{formatDateTime(item.decidedAt)}</span>}
                </p>
                {item.decisionReason && <p className="mt-2 whitespace-pre-line text-slate-800">{item.decisionReason}</p>}
              </div>
            )}

            {open && (
              <div className="mt-5 space-y-3 border-t border-slate-200 pt-4">
                {claimedByOther ? (
                  <p className="text-sm text-slate-600">Another moderator is working on this. You can decide once they release it.</p>
                ) : mine ? (
                  <Button variant="secondary" className="w-full" busy={release.isPending} onClick={() => release.mutate({ itemId })}>
                    Release
                  </Button>
                ) : (
                  <>
                    <Button variant="secondary" className="w-full" busy={claim.isPending} onClick={() => claim.mutate({ itemId })}>
                      Claim
                    </Button>
                    <p className="text-xs text-slate-500">Claiming tells other moderators you are on it. You can also decide without claiming.</p>
                  </>
                )}
                {canDecide && (
                  <div className="grid gap-2">
                    {decisions.map((d) => (
                      <Button
                        key={d}
                        variant={d === "APPROVE" ? "primary" : d === "REJECT" ? "danger" : "secondary"}
                        className="w-full"
                        onClick={() => {
                          decide.reset();
                          setDeciding(d);
                        }}
                      >
                        {DECISION_LABELS[d].verb}
                      </Button>
                    ))}
                  </div>
                )}
              </div>
            )}
          </Card>
        </aside>
      </div>

      <Dialog
        open={deciding !== null}
        onOpenChange={(o) => {
          if (!o) setDeciding(null);
        }}
        title={deciding ? `${DECISION_LABELS[deciding].verb} “${title}”?` : ""}
        description={deciding ? DECISION_EFFECTS[deciding] : undefined}
      >
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            const reason = String(new FormData(e.currentTarget).get("reason") ?? "");
            if (deciding) decide.mutate({ itemId, version: item.version, decision: deciding, reason });
          }}
        >
          {decide.error && isRace(decide.error) ? (
            <Alert tone="warn" title="This item changed">
              <p>{errorMessage(decide.error)}</p>
              <Button type="button" variant="secondary" className="mt-3" onClick={reload}>Reload</Button>
            </Alert>
          ) : decide.error && Object.keys(fieldErrors(decide.error)).length === 0 ? (
            <Alert>{errorMessage(decide.error)}</Alert>
          ) : null}
          <Field label="Reason" error={fieldErrors(decide.error).reason} hint="Kept with the decision and in the audit log; the host sees it.">
            {(p) => (
              <textarea
                {...p}
                name="reason"
                required
                rows={4}
                maxLength={1000}
                autoFocus
                className="block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-teal-600 aria-[invalid=true]:ring-rose-500"
                placeholder={deciding === "APPROVE" ? "e.g. Clear, accurate, and within the pilot's rules." : "Say what is wrong, so the host can fix it."}
              />
            )}
          </Field>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => setDeciding(null)}>Cancel</Button>
            <Button
              type="submit"
              variant={deciding === "APPROVE" ? "primary" : "danger"}
              busy={decide.isPending}
              disabled={Boolean(decide.error && isRace(decide.error))}
            >
              {deciding ? DECISION_LABELS[deciding].verb : ""}
            </Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}

function BackLink() {
  return (
    <Link href="/moderation" className="text-sm font-medium text-teal-700 hover:underline">
      <span aria-hidden="true">← </span>Back to the queue
    </Link>
  );
}

/** One line per kind of reason: reports are counted together, each keyword once. */
function dedupeReasons(reasons: ModerationReason[]): ModerationReason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = r.kind === "KEYWORD" ? `k:${r.term}` : r.kind;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describeReason(r: ModerationReason): string {
  switch (r.kind) {
    case "SUBMITTED":
      return "The host submitted it for review.";
    case "REPORTED":
      return "Someone reported it (see the reports below).";
    case "KEYWORD": {
      const info = KEYWORD_ACTION_INFO[r.action as keyof typeof KEYWORD_ACTION_INFO];
      return `It contains the keyword “${r.term}”${info ? `, set to ${info.label.toLowerCase()}` : ""}.`;
    }
  }
}

function describeEvent(
  h: { event: string; actorId: string | null; details: Record<string, unknown> | null },
  viewerId: string,
  reportsById: Map<string, { reason: string; reporterName: string }>,
): string {
  const who = h.actorId === viewerId ? "You" : "Another moderator";
  const reason = (h.details?.reason ?? null) as ModerationReason | string | null;
  switch (h.event) {
    case "OPENED":
    case "REOPENED":
    case "REASON_ADDED": {
      const report = reason && typeof reason === "object" && reason.kind === "REPORTED" ? reportsById.get(reason.reportId) : undefined;
      const what = report
        ? `${report.reporterName} reported it: “${report.reason}”`
        : reason && typeof reason === "object"
          ? describeReason(reason).replace(/\.$/, "")
          : "Added to the queue";
      const text = report ? what : `${what.charAt(0).toLowerCase()}${what.slice(1)}`;
      const label = h.event === "OPENED" ? "Opened" : h.event === "REOPENED" ? "Reopened" : "Reason added";
      return `${label}: ${text}${report ? "" : "."}`;
    }
    case "TARGET_CHANGED":
      return "The host changed the listing; decide on what it says now.";
    case "CLAIMED":
      return `${who} claimed it.`;
    case "RELEASED":
      return `${who} released it.`;
    case "DECIDED": {
      const decision = h.details?.decision as ModerationDecision | undefined;
      const label = decision ? DECISION_LABELS[decision]?.past.toLowerCase() : "decided";
      return `${who} ${label === "hidden" ? "hid" : label} it${typeof reason === "string" ? `: “${reason}”` : "."}`;
    }
    default:
      return h.event.toLowerCase().replace(/_/g, " ");
  }
}
