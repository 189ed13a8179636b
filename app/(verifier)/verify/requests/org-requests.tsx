"use client";
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { Alert, Badge, Button, Card, EmptyState, Field, Input, Loading } from "@/components/ui";
import { DataTable } from "@/components/ui/data-table";
import { scopeList, when } from "@/components/verification/words";
import { CONSENT_SCOPE_LABELS, type ConsentScope } from "@/db/schema/values";

const STATUS = {
  PENDING: ["info", "Waiting"],
  APPROVED: ["good", "Approved"],
  COMPLETED: ["good", "Verified"],
  DECLINED: ["neutral", "Declined"],
  EXPIRED: ["warn", "Expired"],
} as const;

export function OrgRequests() {
  const utils = api.useUtils();
  const org = api.verification.myOrganization.useQuery();
  const list = api.verification.requests.useQuery(undefined, { refetchInterval: 10_000 });
  const create = api.verification.createRequest.useMutation({ onSuccess: () => utils.verification.requests.invalidate() });
  const errors = fieldErrors(create.error);

  if (org.isLoading) return <Loading />;
  if (org.error) return <Alert>{errorMessage(org.error)}</Alert>;
  if (!org.data) return <Alert tone="warn">You are not a member of an organization.</Alert>;

  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-[22rem_minmax(0,1fr)]">
      <Card title="New request">
        <form
          aria-label="New request"
          className="space-y-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            create.mutate({
              scopes: f.getAll("scopes").map(String) as ConsentScope[],
              subject: String(f.get("subject") ?? "").trim() || undefined,
              note: String(f.get("note") ?? "").trim() || undefined,
            });
          }}
        >
          {create.error && Object.keys(errors).length === 0 && <Alert>{errorMessage(create.error)}</Alert>}
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-slate-800">Ask for</legend>
            {org.data.scopePolicy.map((s) => (
              <label key={s} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="scopes" value={s} className="h-4 w-4 rounded border-slate-300" />
                {CONSENT_SCOPE_LABELS[s]}
              </label>
            ))}
            {errors.scopes && (
              <p className="text-sm text-rose-700" role="alert">
                {errors.scopes[0]}
              </p>
            )}
          </fieldset>
          <Field
            label="Traveler reference (optional)"
            error={errors.subject}
            hint="From an earlier verification; leave empty to hand out a code."
          >
            {(p) => <Input {...p} name="subject" autoComplete="off" className="font-mono" />}
          </Field>
          <Field label="Why (shown to the traveler)" error={errors.note}>
            {(p) => <Input {...p} name="note" maxLength={200} />}
          </Field>
          <Button type="submit" busy={create.isPending} className="w-full">
            Create request
          </Button>
        </form>
        {create.data && (
          <div className="mt-4 rounded-md bg-teal-50 p-4 text-center ring-1 ring-teal-200" role="status">
            <p className="text-sm text-teal-900">Give the traveler this code (valid 15 minutes):</p>
            <p className="mt-1 font-mono text-2xl tracking-widest text-teal-950" data-testid="request-code">
              {create.data.code}
            </p>
          </div>
        )}
      </Card>
      <Card title="Recent requests">
        {list.isLoading ? (
          <Loading />
        ) : list.error ? (
          <Alert>{errorMessage(list.error)}</Alert>
        ) : (list.data ?? []).length === 0 ? (
          <EmptyState title="No requests yet" />
        ) : (
          <DataTable
            caption="Recent requests"
            rows={list.data ?? []}
            rowKey={(r) => r.id}
            columns={[
              { header: "Code", className: "font-mono", cell: (r) => r.code },
              {
                header: "Asks for",
                cell: (r) => (
                  <>
                    {scopeList(r.scopes)}
                    {r.note && <span className="block text-xs text-slate-500">{r.note}</span>}
                  </>
                ),
              },
              { header: "By", cell: (r) => r.requestedByName },
              { header: "When", className: "whitespace-nowrap", cell: (r) => when(r.createdAt) },
              {
                header: "State",
                cell: (r) => (
                  <>
                    <Badge tone={STATUS[r.status][0]}>{STATUS[r.status][1]}</Badge>
                  </>
                ),
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
