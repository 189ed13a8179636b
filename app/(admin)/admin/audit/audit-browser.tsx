"use client";
import { Fragment, useState } from "react";
import { api } from "@/components/trpc/react";
import { PagedTable } from "@/components/paged-table";
import { Badge, Button, Card, Field, Input, Select, Td, Th } from "@/components/ui";
import { ProveButton } from "./prove-button";

type Filters = { actorId?: string; action?: string; targetType?: string; targetId?: string; from?: Date; to?: Date };

function show(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** A change is either { field: { before, after } } or plain details; show both readably. */
function Changes({ changes }: { changes: Record<string, unknown> | null }) {
  if (!changes || Object.keys(changes).length === 0) return <span className="text-slate-600">—</span>;
  return (
    <dl className="space-y-0.5 text-xs">
      {Object.entries(changes).map(([field, value]) => {
        const pair =
          value && typeof value === "object" && "before" in value && "after" in value
            ? (value as { before: unknown; after: unknown })
            : null;
        return (
          <div key={field} className="flex flex-wrap gap-1">
            <dt className="font-medium text-slate-700">{field}:</dt>
            {pair ? (
              <dd>
                <del className="text-rose-700">{show(pair.before)}</del> <span aria-hidden="true">→</span>
                <span className="sr-only">changed to</span>{" "}
                <ins className="text-emerald-800 no-underline">{show(pair.after)}</ins>
              </dd>
            ) : (
              <dd className="text-slate-700">{show(value)}</dd>
            )}
          </div>
        );
      })}
    </dl>
  );
}

export function AuditBrowser() {
  const [filters, setFilters] = useState<Filters>({});
  const actions = api.audit.actions.useQuery();
  const list = api.audit.list.useInfiniteQuery({ limit: 50, ...filters }, { getNextPageParam: (p) => p.nextCursor });

  return (
    <Card>
      <form
        role="search"
        aria-label="Filter the audit log"
        className="mb-5 grid gap-3 sm:grid-cols-3 lg:grid-cols-7 lg:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const v = (k: string) => String(f.get(k) ?? "").trim() || undefined;
          const d = (k: string) => (v(k) ? new Date(`${v(k)}Z`) : undefined);
          setFilters({
            actorId: v("actorId"),
            action: v("action"),
            targetType: v("targetType"),
            targetId: v("targetId"),
            from: d("from"),
            to: d("to"),
          });
        }}
      >
        <Field label="Action">
          {(p) => (
            <Select {...p} name="action" defaultValue="">
              <option value="">Any action</option>
              {(actions.data ?? []).map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Actor id">{(p) => <Input {...p} name="actorId" placeholder="user id" />}</Field>
        <Field label="Target type">{(p) => <Input {...p} name="targetType" placeholder="user, invite…" />}</Field>
        <Field label="Target id">{(p) => <Input {...p} name="targetId" />}</Field>
        <Field label="From (UTC)">{(p) => <Input {...p} name="from" type="datetime-local" />}</Field>
        <Field label="To (UTC)">{(p) => <Input {...p} name="to" type="datetime-local" />}</Field>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
      </form>

      <PagedTable
        query={list}
        caption="Audit events, newest first"
        loadingLabel="Loading events…"
        empty={{ title: "No events match", hint: "Widen the time range or clear a filter." }}
        moreLabel="Older events"
        head={
          <>
            <Th>#</Th>
            <Th>Time (UTC)</Th>
            <Th>Actor</Th>
            <Th>Action</Th>
            <Th>Target</Th>
            <Th>Change</Th>
            <Th>Proof</Th>
          </>
        }
        row={(e) => (
          <Fragment key={e.id}>
            <tr data-testid="audit-row">
              <Td className="tabular-nums text-slate-500">
                {e.logIndex === null ? <Badge tone="info">not sequenced yet</Badge> : e.logIndex}
              </Td>
              <Td className="whitespace-nowrap">
                <time dateTime={e.createdAt.toISOString()}>{e.createdAt.toISOString().replace("T", " ").slice(0, 19)}</time>
              </Td>
              <Td>
                <button
                  type="button"
                  className="text-left hover:underline"
                  onClick={() => e.actorId && setFilters({ ...filters, actorId: e.actorId })}
                  title={e.actorId ? "Show only this actor" : undefined}
                >
                  {e.actorName ?? e.actorType.toLowerCase()}
                </button>
                {e.actorRole && <span className="block text-xs text-slate-500">{e.actorRole.toLowerCase()}</span>}
                {e.ip && <span className="block text-xs text-slate-600">{e.ip}</span>}
              </Td>
              <Td className="font-mono text-xs">{e.action}</Td>
              <Td className="text-xs">
                {e.targetType ?? "—"}
                {e.targetId && (
                  <span className="block max-w-[14rem] truncate font-mono text-slate-500" title={e.targetId}>
                    {e.targetId}
                  </span>
                )}
              </Td>
              <Td>
                <Changes changes={e.changes} />
              </Td>
              <Td>
                <ProveButton eventId={e.id} />
              </Td>
            </tr>
          </Fragment>
        )}
      />
    </Card>
  );
}
