"use client";
// Keywords: add a term with what it does; remove one after confirming.
import { useState } from "react";
import { api, errorMessage, fieldErrors, formError } from "@/components/trpc/react";
import { Alert, Badge, Button, Card, EmptyState, Field, Input, Loading, Select } from "@/components/ui";
import { DataTable } from "@/components/ui/data-table";
import { FormCard } from "@/components/ui/form-card";
import { Dialog } from "@/components/ui/dialog";
import { KEYWORD_ACTIONS, type KeywordAction } from "@/db/schema/values";
import { formatDateTime, KEYWORD_ACTION_INFO } from "../labels";

export function KeywordsManager() {
  const utils = api.useUtils();
  const list = api.moderation.keywords.useQuery();
  const [action, setAction] = useState<KeywordAction>("FLAG");
  const [term, setTerm] = useState("");
  const [added, setAdded] = useState<string | null>(null);
  const add = api.moderation.addKeyword.useMutation({
    onSuccess: (row) => {
      setTerm("");
      setAdded(row.term);
      void utils.moderation.keywords.invalidate();
    },
  });
  const [removing, setRemoving] = useState<{ id: string; term: string } | null>(null);
  const [removed, setRemoved] = useState<string | null>(null);
  const remove = api.moderation.removeKeyword.useMutation({
    onSuccess: () => {
      setRemoved(removing?.term ?? null);
      setRemoving(null);
      void utils.moderation.keywords.invalidate();
    },
  });
  const errors = fieldErrors(add.error);
  const rows = list.data ?? [];

  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
      <div className="lg:col-span-1">
        <FormCard
          title="Add a keyword"
          submitLabel="Add keyword"
          onSubmit={() => {
            setAdded(null);
            setRemoved(null);
            add.mutate({ term, action });
          }}
          error={formError(add.error)}
          pending={add.isPending}
          after={
            <div aria-live="polite" className="mt-4 space-y-2">
              {added && <Alert tone="good">“{added}” is on the list. It applies from the next submission.</Alert>}
              {removed && <Alert tone="good">“{removed}” was removed.</Alert>}
            </div>
          }
        >
          <Field label="Word or phrase" error={errors.term} hint="2 to 80 characters. Matched as a whole word or phrase.">
            {(p) => (
              <Input
                {...p}
                name="term"
                value={term}
                onChange={(e) => setTerm(e.target.value)}
                required
                minLength={2}
                maxLength={80}
                autoComplete="off"
              />
            )}
          </Field>
          <Field label="What it does" error={errors.action} hint={KEYWORD_ACTION_INFO[action].explain}>
            {(p) => (
              <Select {...p} name="action" value={action} onChange={(e) => setAction(e.target.value as KeywordAction)}>
                {KEYWORD_ACTIONS.map((a) => (
                  <option key={a} value={a}>
                    {KEYWORD_ACTION_INFO[a].label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </FormCard>

        <section aria-labelledby="actions-heading" className="mt-6 rounded-lg bg-slate-100/70 p-4 text-sm">
          <h2 id="actions-heading" className="font-semibold text-slate-900">
            The three actions
          </h2>
          <dl className="mt-2 space-y-3">
            {KEYWORD_ACTIONS.map((a) => (
              <div key={a}>
                <dt>
                  <Badge tone={KEYWORD_ACTION_INFO[a].tone}>{KEYWORD_ACTION_INFO[a].label}</Badge>
                </dt>
                <dd className="mt-1 text-slate-700">{KEYWORD_ACTION_INFO[a].explain}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>

      <div className="lg:col-span-2">
        <Card title={list.data ? `On the list (${rows.length})` : "On the list"}>
          {list.isLoading ? (
            <Loading label="Loading keywords…" />
          ) : list.error ? (
            <Alert title="The keywords could not be loaded.">
              <p>{errorMessage(list.error)}</p>
              <Button variant="secondary" className="mt-3" onClick={() => list.refetch()}>
                Try again
              </Button>
            </Alert>
          ) : rows.length === 0 ? (
            <EmptyState title="No keywords yet">
              Add a word or phrase to flag, hold or block listing text that contains it.
            </EmptyState>
          ) : (
            <DataTable
              caption="Keywords"
              rows={rows}
              rowKey={(k) => k.id}
              columns={[
                { header: "Term", className: "font-medium", cell: (k) => k.term },
                {
                  header: "Action",
                  cell: (k) => <Badge tone={KEYWORD_ACTION_INFO[k.action].tone}>{KEYWORD_ACTION_INFO[k.action].label}</Badge>,
                },
                { header: "Added", className: "whitespace-nowrap text-slate-600", cell: (k) => formatDateTime(k.createdAt) },
                {
                  header: "Remove",
                  hideHeader: true,
                  className: "text-right",
                  cell: (k) => (
                    <Button
                      variant="ghost"
                      className="text-rose-700"
                      aria-label={`Remove ${k.term}`}
                      onClick={() => {
                        remove.reset();
                        setRemoving({ id: k.id, term: k.term });
                      }}
                    >
                      Remove
                    </Button>
                  ),
                },
              ]}
            />
          )}
        </Card>
      </div>

      <Dialog
        open={removing !== null}
        onOpenChange={(o) => {
          if (!o) setRemoving(null);
        }}
        title={removing ? `Remove “${removing.term}”?` : ""}
        description="New submissions are no longer checked for it. Items it already put in the queue stay there."
      >
        <div className="space-y-4">
          {remove.error && <Alert>{errorMessage(remove.error)}</Alert>}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setRemoving(null)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              busy={remove.isPending}
              onClick={() => removing && remove.mutate({ keywordId: removing.id })}
            >
              Remove
            </Button>
          </div>
        </div>
      </Dialog>
    </div>
  );
}
