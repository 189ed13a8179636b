"use client";
// One queue item: what it is, why it is here, reports, history, and the decision. Each section is
// its own component beside this file; this one holds the queries, the mutations and the layout.
import Link from "next/link";
import { useState } from "react";
import { api, errorMessage } from "@/components/trpc/react";
import { Alert, Button, Loading, PageHeader } from "@/components/ui";
import type { ModerationDecision } from "@/db/schema/values";
import { EnrollmentReview } from "@/components/identity/enrollment-review";
import { TARGET_LABELS } from "../../labels";
import { DecisionDialog } from "./decision-dialog";
import { HistoryCard } from "./history-card";
import { ListingPreview } from "./listing-preview";
import { MessageContext } from "./message-context";
import { appCode, isRace } from "./races";
import { ReasonsCard } from "./reasons-card";
import { ReportsCard } from "./reports-card";
import { StatusCard } from "./status-card";

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
      utils.identity.review.invalidate({ itemId }),
      utils.messages.moderationContext.invalidate({ itemId }),
    ]);
  const claim = api.moderation.claim.useMutation({ onSettled: refresh });
  const release = api.moderation.release.useMutation({ onSettled: refresh });
  const decide = api.moderation.decide.useMutation({
    onSuccess: () => {
      setDeciding(null);
      void refresh();
    },
  });

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
  const { item, history, target, decisions, reports, threadView } = detail.data!;
  const mine = item.claimedBy === viewerId;
  const claimedByOther = Boolean(item.claimedBy) && !mine;
  const isListing = item.targetType === "LISTING";
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
            <a
              href={target.href}
              target="_blank"
              rel="noopener"
              className="rounded-md px-3.5 py-2 text-sm font-medium text-teal-700 ring-1 ring-slate-300 hover:bg-slate-50"
            >
              Open the {TARGET_LABELS[item.targetType].one.toLowerCase()} page
              <span className="sr-only"> (opens in a new tab)</span> ↗
            </a>
          ) : undefined
        }
      />

      {raceError && (
        <Alert tone="warn" title="This item changed">
          <p>{errorMessage(raceError)}</p>
          <Button variant="secondary" className="mt-3" onClick={reload}>
            Reload
          </Button>
        </Alert>
      )}
      {otherError && <Alert>{errorMessage(otherError)}</Alert>}

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {item.targetType === "MESSAGE" && <MessageContext itemId={item.id} view={threadView} />}
          {isListing && <ListingPreview listingId={item.targetId} />}
          {item.targetType === "ENROLLMENT_CASE" && <EnrollmentReview itemId={itemId} />}

          <ReasonsCard reasons={item.reasons} reportCount={item.reportCount} />

          <ReportsCard reports={reports} />

          <HistoryCard history={history} viewerId={viewerId} reports={reports} />
        </div>

        <aside className="space-y-6" aria-label="Decision">
          <StatusCard
            item={item}
            decisions={decisions}
            mine={mine}
            claimedByOther={claimedByOther}
            claiming={claim.isPending}
            releasing={release.isPending}
            onClaim={() => claim.mutate({ itemId })}
            onRelease={() => release.mutate({ itemId })}
            onDecide={(d) => {
              decide.reset();
              setDeciding(d);
            }}
          />
        </aside>
      </div>

      <DecisionDialog
        deciding={deciding}
        targetType={item.targetType}
        title={title}
        error={decide.error}
        pending={decide.isPending}
        onSubmit={(decision, reason) => decide.mutate({ itemId, version: item.version, decision, reason })}
        onClose={() => setDeciding(null)}
        onReload={reload}
      />
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
