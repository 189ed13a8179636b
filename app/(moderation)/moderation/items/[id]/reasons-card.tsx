"use client";
// Why an item is in the queue: its reasons as chips, then one line each.
import { Badge, Card } from "@/components/ui";
import type { ModerationReason } from "@/db/schema/moderation";
import { KEYWORD_ACTION_INFO, reasonChips } from "../../labels";

export function ReasonsCard({ reasons, reportCount }: { reasons: ModerationReason[]; reportCount: number }) {
  const item = { reasons, reportCount };
  return (
    <Card title="Why it is here">
      <ul className="mb-3 flex flex-wrap gap-1">
        {reasonChips(item.reasons, item.reportCount).map((c) => (
          <li key={c.key}>
            <Badge tone={c.tone}>{c.text}</Badge>
          </li>
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

export function describeReason(r: ModerationReason): string {
  switch (r.kind) {
    case "SUBMITTED":
      return "Its author submitted it for review.";
    case "REPORTED":
      return "Someone reported it (see the reports below).";
    case "KEYWORD": {
      const info = KEYWORD_ACTION_INFO[r.action as keyof typeof KEYWORD_ACTION_INFO];
      return `It contains the keyword “${r.term}”${info ? `, set to ${info.label.toLowerCase()}` : ""}.`;
    }
    case "DISPUTED":
      return "The traveler says this verification was not them; their consent to the organization was revoked.";
  }
}
