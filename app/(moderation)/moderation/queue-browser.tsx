"use client";
// The queue: filters in the URL, counts, a page of items with why each is here and who has it.
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { keepPreviousData } from "@tanstack/react-query";
import { api, errorMessage } from "@/components/trpc/react";
import { Alert, Badge, Button, Card, cn, EmptyState, Field, Loading, Select } from "@/components/ui";
import { DataTable } from "@/components/ui/data-table";
import { MODERATION_TARGET_TYPES, type ModerationTargetType } from "@/db/schema/values";
import { DECISION_LABELS, formatDateTime, reasonChips, TARGET_LABELS, timeAgo } from "./labels";

const PAGE_SIZE = 25;

interface QueueFilters {
  status: "OPEN" | "RESOLVED";
  targetType: ModerationTargetType | "";
  claimed: "mine" | "unclaimed" | "";
  reportedOnly: boolean;
}

function readFilters(p: URLSearchParams): QueueFilters {
  const type = p.get("type") ?? "";
  const claimed = p.get("claimed") ?? "";
  return {
    status: p.get("status") === "resolved" ? "RESOLVED" : "OPEN",
    targetType: (MODERATION_TARGET_TYPES as readonly string[]).includes(type) ? (type as ModerationTargetType) : "",
    claimed: claimed === "mine" || claimed === "unclaimed" ? claimed : "",
    reportedOnly: p.get("reported") === "1",
  };
}

function toQueryString(f: QueueFilters): string {
  const p = new URLSearchParams();
  if (f.status === "RESOLVED") p.set("status", "resolved");
  if (f.targetType) p.set("type", f.targetType);
  if (f.claimed) p.set("claimed", f.claimed);
  if (f.reportedOnly) p.set("reported", "1");
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** A view of the queue with some filters fixed by its route (reports, enrollment cases). */
export interface QueuePreset {
  targetType?: ModerationTargetType;
  reportedOnly?: true;
}

export function QueueBrowser({ viewerId, preset = {} }: { viewerId: string; preset?: QueuePreset }) {
  const params = useSearchParams();
  const pathname = usePathname();
  const filters = useMemo(
    () => ({ ...readFilters(new URLSearchParams(params.toString())), ...preset }),
    // The preset is a constant of the route; its fields are what matter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [params, preset.targetType, preset.reportedOnly],
  );
  const filterKey = toQueryString(filters);
  const [page, setPage] = useState({ key: filterKey, offset: 0 });
  const offset = page.key === filterKey ? page.offset : 0;

  const counts = api.moderation.counts.useQuery();
  const queue = api.moderation.queue.useQuery(
    {
      status: filters.status,
      targetType: filters.targetType || undefined,
      claimed: filters.claimed || undefined,
      reportedOnly: filters.reportedOnly || undefined,
      offset,
      limit: PAGE_SIZE,
    },
    { placeholderData: keepPreviousData },
  );
  const utils = api.useUtils();
  const claim = api.moderation.claim.useMutation({
    onSettled: () => {
      void utils.moderation.queue.invalidate();
    },
  });

  // What the URL carries: the filters chosen on this page, not the ones its route fixes.
  const chosen = (f: QueueFilters): QueueFilters => ({
    ...f,
    targetType: preset.targetType ? "" : f.targetType,
    reportedOnly: preset.reportedOnly ? false : f.reportedOnly,
  });
  const chosenKey = toQueryString(chosen(filters));
  function apply(next: Partial<QueueFilters>) {
    window.history.pushState(null, "", `${pathname}${toQueryString(chosen({ ...filters, ...next }))}`);
  }

  const totalOpen = (counts.data ?? []).reduce((n, c) => n + c.count, 0);
  const items = queue.data?.items ?? [];
  const updating = queue.isPlaceholderData && queue.isFetching;

  return (
    <div className="space-y-6">
      <section aria-label="Open items" className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <CountTile
          label={preset.targetType ? `Open ${TARGET_LABELS[preset.targetType].many.toLowerCase()}` : "Open items"}
          value={
            counts.data
              ? preset.targetType
                ? (counts.data.find((c) => c.targetType === preset.targetType)?.count ?? 0)
                : totalOpen
              : null
          }
          highlight
        />
        {MODERATION_TARGET_TYPES.filter(
          (t) => !preset.targetType && (t === "LISTING" || counts.data?.some((c) => c.targetType === t)),
        ).map((t) => (
          <CountTile
            key={t}
            label={`Open ${TARGET_LABELS[t].many.toLowerCase()}`}
            value={counts.data ? (counts.data.find((c) => c.targetType === t)?.count ?? 0) : null}
          />
        ))}
      </section>

      <Card>
        <form
          role="search"
          aria-label="Filter the queue"
          className="mb-5 grid gap-3 sm:grid-cols-2 lg:grid-cols-4 lg:items-end"
          onSubmit={(e) => e.preventDefault()}
        >
          <Field label="Status">
            {(p) => (
              <Select {...p} value={filters.status} onChange={(e) => apply({ status: e.target.value as QueueFilters["status"] })}>
                <option value="OPEN">Open</option>
                <option value="RESOLVED">Resolved</option>
              </Select>
            )}
          </Field>
          {!preset.targetType && (
            <Field label="Type">
              {(p) => (
                <Select
                  {...p}
                  value={filters.targetType}
                  onChange={(e) => apply({ targetType: e.target.value as QueueFilters["targetType"] })}
                >
                  <option value="">Every type</option>
                  {MODERATION_TARGET_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {TARGET_LABELS[t].many}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          )}
          <Field label="Claimed by">
            {(p) => (
              <Select
                {...p}
                value={filters.claimed}
                onChange={(e) => apply({ claimed: e.target.value as QueueFilters["claimed"] })}
              >
                <option value="">Anyone or nobody</option>
                <option value="mine">Me</option>
                <option value="unclaimed">Nobody (unclaimed)</option>
              </Select>
            )}
          </Field>
          {!preset.reportedOnly && (
            <label className="flex items-center gap-2 pb-2 text-sm font-medium text-slate-800">
              <input
                type="checkbox"
                className="h-4 w-4 rounded border-slate-300 text-teal-700 focus:ring-teal-600"
                checked={filters.reportedOnly}
                onChange={(e) => apply({ reportedOnly: e.target.checked })}
              />
              Reported items only
            </label>
          )}
        </form>

        <p aria-live="polite" className="sr-only">
          {queue.isFetching ? "Loading the queue" : `${items.length} item${items.length === 1 ? "" : "s"} shown`}
        </p>

        {claim.error && (
          <div className="mb-4">
            <Alert title="Could not claim that item">{errorMessage(claim.error)}</Alert>
          </div>
        )}

        {queue.isLoading ? (
          <Loading label="Loading the queue…" />
        ) : queue.error ? (
          <Alert title="The queue could not be loaded.">
            <p>{errorMessage(queue.error)}</p>
            <Button variant="secondary" className="mt-3" onClick={() => queue.refetch()}>
              Try again
            </Button>
          </Alert>
        ) : items.length === 0 ? (
          <EmptyState title={filters.status === "OPEN" ? "Nothing waiting here" : "No resolved items here"}>
            {chosenKey && chosenKey !== "?status=resolved"
              ? "No item matches these filters. Try fewer filters."
              : filters.status === "OPEN"
                ? "The queue is clear. New submissions, reports and flagged words appear here."
                : "Decisions appear here once moderators make them."}
          </EmptyState>
        ) : (
          <div className={cn(updating && "opacity-60 transition-opacity")} aria-busy={updating}>
            <DataTable
              caption={filters.status === "OPEN" ? "Open queue items, oldest first" : "Resolved queue items, most recent first"}
              rows={items}
              rowKey={(item) => item.id}
              rowClassName={(item) => (item.claimedBy === viewerId ? "bg-teal-50/50" : undefined)}
              columns={[
                {
                  header: "Item",
                  className: "md:min-w-56",
                  cell: (item) => {
                    const title = titleOf(item);
                    return (
                      <>
                        <p className="text-xs font-medium uppercase tracking-wide text-slate-500">
                          {TARGET_LABELS[item.targetType].one}
                        </p>
                        <Link
                          href={`/moderation/items/${item.id}`}
                          className="font-medium text-slate-900 hover:text-teal-700 hover:underline"
                        >
                          {title}
                        </Link>
                        {item.target?.detail && <p className="text-xs text-slate-500">{item.target.detail}</p>}
                        {item.target?.href && (
                          <a
                            href={item.target.href}
                            target="_blank"
                            rel="noopener"
                            className="text-xs font-medium text-teal-700 hover:underline"
                          >
                            Open {TARGET_LABELS[item.targetType].one.toLowerCase()}
                            <span className="sr-only"> {title} (opens in a new tab)</span> ↗
                          </a>
                        )}
                      </>
                    );
                  },
                },
                {
                  header: "Why it is here",
                  cell: (item) => (
                    <ul className="flex flex-wrap gap-1">
                      {reasonChips(item.reasons, item.reportCount).map((c) => (
                        <li key={c.key}>
                          <Badge tone={c.tone}>{c.text}</Badge>
                        </li>
                      ))}
                    </ul>
                  ),
                },
                {
                  header: filters.status === "OPEN" ? "Claimed by" : "Decision",
                  className: "whitespace-nowrap",
                  cell: (item) =>
                    filters.status === "OPEN" ? (
                      item.claimedBy === viewerId ? (
                        <Badge tone="good">You</Badge>
                      ) : item.claimedBy ? (
                        <Badge tone="warn">Another moderator</Badge>
                      ) : (
                        <span className="text-slate-600">Nobody</span>
                      )
                    ) : item.decision ? (
                      <Badge tone={DECISION_LABELS[item.decision].tone}>{DECISION_LABELS[item.decision].past}</Badge>
                    ) : null,
                },
                {
                  header: filters.status === "OPEN" ? "Waiting" : "Decided",
                  className: "whitespace-nowrap text-slate-600",
                  cell: (item) => {
                    const at = filters.status === "OPEN" ? item.openedAt : item.decidedAt;
                    return at ? (
                      <time dateTime={at.toISOString()} title={formatDateTime(at)}>
                        {timeAgo(at)}
                      </time>
                    ) : (
                      "—"
                    );
                  },
                },
                {
                  header: "Actions",
                  hideHeader: true,
                  className: "whitespace-nowrap text-right",
                  cell: (item) => {
                    const title = titleOf(item);
                    return (
                      <>
                        {item.status === "OPEN" && !item.claimedBy && (
                          <Button
                            variant="ghost"
                            busy={claim.isPending && claim.variables?.itemId === item.id}
                            onClick={() => claim.mutate({ itemId: item.id })}
                            aria-label={`Claim ${title}`}
                          >
                            Claim
                          </Button>
                        )}
                        <Link
                          href={`/moderation/items/${item.id}`}
                          className="ml-1 inline-flex rounded-md px-3 py-2 text-sm font-medium text-teal-700 ring-1 ring-slate-300 hover:bg-slate-50"
                          aria-label={`Review ${title}`}
                        >
                          Review
                        </Link>
                      </>
                    );
                  },
                },
              ]}
            />
          </div>
        )}

        {(offset > 0 || queue.data?.nextOffset != null) && (
          <nav aria-label="Queue pages" className="mt-4 flex items-center justify-between">
            <Button
              variant="secondary"
              disabled={offset === 0}
              onClick={() => setPage({ key: filterKey, offset: Math.max(0, offset - PAGE_SIZE) })}
            >
              Previous
            </Button>
            <span className="text-sm text-slate-600">
              Items {offset + 1}–{offset + items.length}
            </span>
            <Button
              variant="secondary"
              disabled={queue.data?.nextOffset == null}
              onClick={() => queue.data?.nextOffset != null && setPage({ key: filterKey, offset: queue.data.nextOffset })}
            >
              Next
            </Button>
          </nav>
        )}
      </Card>
    </div>
  );
}

function titleOf(item: { target?: { title?: string | null } | null; targetType: ModerationTargetType; targetId: string }) {
  return item.target?.title ?? `${TARGET_LABELS[item.targetType].one} ${item.targetId.slice(0, 8)}`;
}

function CountTile({ label, value, highlight }: { label: string; value: number | null; highlight?: boolean }) {
  return (
    <div
      className={cn(
        "rounded-lg p-4 shadow-sm ring-1",
        highlight ? "bg-teal-700 text-white ring-teal-700" : "bg-white ring-slate-200",
      )}
    >
      <p className={cn("text-sm", highlight ? "text-teal-50" : "text-slate-600")}>{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums">{value ?? "…"}</p>
    </div>
  );
}
