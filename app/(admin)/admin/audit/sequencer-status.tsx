"use client";
// The log's state beside the events: the newest signed checkpoint, what waits to be sequenced, and
// how long sequencing takes (p99 over the last five minutes).
import { api } from "@/components/trpc/react";
import { Alert, Badge, Card, Loading } from "@/components/ui";

export function SequencerStatus() {
  const status = api.audit.status.useQuery(undefined, { refetchInterval: 5000 });
  if (status.isPending) return <Loading label="Loading the log's state…" />;
  if (status.isError) return <Alert title="The log's state could not be loaded.">Reload the page to try again.</Alert>;
  const s = status.data;
  return (
    <Card title="Signed log" className="mb-5">
      <dl className="grid gap-4 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-slate-600">Latest checkpoint</dt>
          <dd className="mt-0.5">
            {s.checkpoint ? (
              <>
                <span className="font-medium tabular-nums">{s.checkpoint.treeSize.toLocaleString("en")} events</span>
                <span className="block break-all font-mono text-xs text-slate-600" title={s.checkpoint.rootHash}>
                  root {s.checkpoint.rootHash.slice(0, 16)}…
                </span>
                <span className="block text-xs text-slate-600">
                  <time dateTime={s.checkpoint.createdAt.toISOString()}>
                    {s.checkpoint.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC
                  </time>{" "}
                  · key {s.checkpoint.kid}
                </span>
              </>
            ) : (
              <span className="text-slate-600">None yet</span>
            )}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Not sequenced yet</dt>
          <dd className="mt-0.5">
            {s.pending === 0 ? (
              <Badge tone="good">None</Badge>
            ) : (
              <>
                <Badge tone="info">{s.pending.toLocaleString("en")} waiting</Badge>
                {s.oldestPendingAt && (
                  <span className="block text-xs text-slate-600">
                    oldest written{" "}
                    <time dateTime={s.oldestPendingAt.toISOString()}>{s.oldestPendingAt.toISOString().slice(11, 19)} UTC</time>
                  </span>
                )}
              </>
            )}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Sequencer lag (p99, last 5 min)</dt>
          <dd className="mt-0.5 tabular-nums">
            {s.lagP99Ms === null ? "No recent events" : `${s.lagP99Ms.toLocaleString("en")} ms`}
          </dd>
        </div>
      </dl>
    </Card>
  );
}
