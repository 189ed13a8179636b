"use client";
// Where an item stands (open or resolved, who holds it, since when, its version) and what the
// viewer can do: claim or release it, and the decisions that fit it now.
import { Badge, Button, Card } from "@/components/ui";
import type { ModerationDecision } from "@/db/schema/values";
import { DECISION_LABELS, formatDateTime, timeAgo } from "../../labels";

export function StatusCard({
  item,
  decisions,
  mine,
  claimedByOther,
  claiming,
  releasing,
  onClaim,
  onRelease,
  onDecide,
}: {
  item: {
    status: "OPEN" | "RESOLVED";
    claimedBy: string | null;
    openedAt: Date;
    version: number;
    decision: ModerationDecision | null;
    decidedAt: Date | null;
    decisionReason: string | null;
  };
  decisions: readonly ModerationDecision[];
  mine: boolean;
  claimedByOther: boolean;
  claiming: boolean;
  releasing: boolean;
  onClaim: () => void;
  onRelease: () => void;
  onDecide: (decision: ModerationDecision) => void;
}) {
  const open = item.status === "OPEN";
  const canDecide = open && !claimedByOther;
  return (
    <Card title="Status">
      <dl className="space-y-3 text-sm">
        <div className="flex justify-between gap-3">
          <dt className="text-slate-500">State</dt>
          <dd>{open ? <Badge tone="info">Open</Badge> : <Badge>Resolved</Badge>}</dd>
        </div>
        {open && (
          <div className="flex justify-between gap-3">
            <dt className="text-slate-500">Claimed by</dt>
            <dd>
              {mine ? <Badge tone="good">You</Badge> : item.claimedBy ? <Badge tone="warn">Another moderator</Badge> : "Nobody"}
            </dd>
          </div>
        )}
        <div className="flex justify-between gap-3">
          <dt className="text-slate-500">Waiting since</dt>
          <dd>
            <time dateTime={item.openedAt.toISOString()} title={formatDateTime(item.openedAt)}>
              {timeAgo(item.openedAt)}
            </time>
          </dd>
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
            <Button variant="secondary" className="w-full" busy={releasing} onClick={onRelease}>
              Release
            </Button>
          ) : (
            <>
              <Button variant="secondary" className="w-full" busy={claiming} onClick={onClaim}>
                Claim
              </Button>
              <p className="text-xs text-slate-500">
                Claiming tells other moderators you are on it. You can also decide without claiming.
              </p>
            </>
          )}
          {canDecide && (
            <div className="grid gap-2">
              {decisions.map((d) => (
                <Button
                  key={d}
                  variant={d === "APPROVE" ? "primary" : d === "REJECT" ? "danger" : "secondary"}
                  className="w-full"
                  onClick={() => onDecide(d)}
                >
                  {DECISION_LABELS[d].verb}
                </Button>
              ))}
            </div>
          )}
        </div>
      )}
    </Card>
  );
}
