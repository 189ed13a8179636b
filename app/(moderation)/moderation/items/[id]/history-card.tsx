"use client";
// An item's history: opened, reasons added, claims, releases, decisions, in words.
import { Card, EmptyState } from "@/components/ui";
import type { ModerationDecision } from "@/db/schema/values";
import type { ModerationReason } from "@/db/schema/moderation";
import { DECISION_LABELS, formatDateTime } from "../../labels";
import { describeReason } from "./reasons-card";
import type { ItemReport } from "./reports-card";

type HistoryEvent = {
  id: string;
  event: string;
  actorId: string | null;
  details: Record<string, unknown> | null;
  createdAt: Date;
};

export function HistoryCard({
  history,
  viewerId,
  reports,
}: {
  history: HistoryEvent[];
  viewerId: string;
  reports: ItemReport[];
}) {
  const reportsById = new Map(reports.map((r) => [r.id, r]));
  return (
    <Card title="History">
      {history.length === 0 ? (
        <EmptyState title="No history yet" />
      ) : (
        <ol className="relative space-y-4 border-l border-slate-200 pl-5">
          {history.map((h) => (
            <li key={h.id} className="relative">
              <span
                aria-hidden="true"
                className="absolute -left-[1.6rem] top-1 h-2.5 w-2.5 rounded-full bg-teal-600 ring-4 ring-white"
              />
              <p className="text-sm text-slate-900">{describeEvent(h, viewerId, reportsById)}</p>
              <p className="text-xs text-slate-500">
                <time dateTime={h.createdAt.toISOString()}>{formatDateTime(h.createdAt)}</time>
              </p>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
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
      const report =
        reason && typeof reason === "object" && reason.kind === "REPORTED" ? reportsById.get(reason.reportId) : undefined;
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
