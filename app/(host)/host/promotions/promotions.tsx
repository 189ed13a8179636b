"use client";
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { Alert, Badge, Button, Card, EmptyState, Field, Input, Loading, Select } from "@/components/ui";
import { DataTable } from "@/components/ui/data-table";

function localInput(date: Date): string {
  const d = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

export function Promotions() {
  const utils = api.useUtils();
  const mine = api.listings.mine.useQuery();
  const promotions = api.promotions.mine.useQuery();
  const issue = api.promotions.issue.useMutation({ onSuccess: () => utils.promotions.mine.invalidate() });
  const cancel = api.promotions.cancel.useMutation({ onSuccess: () => utils.promotions.mine.invalidate() });
  const errors = fieldErrors(issue.error);
  const approved = (mine.data?.listings ?? []).filter((l) => l.status === "APPROVED");
  const now = new Date();

  if (mine.isLoading || promotions.isLoading) return <Loading />;

  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-[22rem_minmax(0,1fr)]">
      <Card title="New promotion">
        {approved.length === 0 ? (
          <EmptyState title="No approved listings">Promotions are for listings a moderator has approved.</EmptyState>
        ) : (
          <form
            className="space-y-4"
            noValidate
            aria-label="New promotion"
            onSubmit={(e) => {
              e.preventDefault();
              const f = new FormData(e.currentTarget);
              const discount = String(f.get("discountPercent") ?? "").trim();
              issue.mutate({
                listingId: String(f.get("listingId")),
                title: String(f.get("title") ?? ""),
                discountPercent: discount ? Number(discount) : null,
                startsAt: new Date(String(f.get("startsAt"))),
                endsAt: new Date(String(f.get("endsAt"))),
              });
            }}
          >
            {issue.error && Object.keys(errors).length === 0 && (
              <Alert title="Not issued">
                <span data-testid="promotion-refused">{errorMessage(issue.error)}</span>
              </Alert>
            )}
            {issue.isSuccess &&
              (issue.data.status === "HELD" ? (
                <Alert tone="warn">
                  Promotion issued. A word in its title needs a moderator&apos;s approval first: it runs once approved.
                </Alert>
              ) : (
                <Alert tone="good">Promotion issued.</Alert>
              ))}
            <Field label="Listing" error={errors.listingId}>
              {(p) => (
                <Select {...p} name="listingId">
                  {approved.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.title}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label="Offer" error={errors.title} hint="e.g. “Sunset walk for two”">
              {(p) => <Input {...p} name="title" maxLength={120} />}
            </Field>
            <Field label="Discount % (optional)" error={errors.discountPercent}>
              {(p) => <Input {...p} name="discountPercent" type="number" min={1} max={90} />}
            </Field>
            <div className="grid gap-3">
              <Field label="Starts" error={errors.startsAt}>
                {(p) => <Input {...p} name="startsAt" type="datetime-local" defaultValue={localInput(now)} />}
              </Field>
              <Field label="Ends" error={errors.endsAt}>
                {(p) => (
                  <Input
                    {...p}
                    name="endsAt"
                    type="datetime-local"
                    defaultValue={localInput(new Date(now.getTime() + 7 * 86_400_000))}
                  />
                )}
              </Field>
            </div>
            <Button type="submit" className="w-full" busy={issue.isPending}>
              Issue promotion
            </Button>
          </form>
        )}
      </Card>
      <Card title="Your promotions">
        {promotions.error ? (
          <Alert>{errorMessage(promotions.error)}</Alert>
        ) : (promotions.data ?? []).length === 0 ? (
          <EmptyState title="No promotions yet" />
        ) : (
          <DataTable
            caption="Your promotions"
            rows={promotions.data!}
            rowKey={(p) => p.id}
            columns={[
              {
                header: "Offer",
                className: "font-medium",
                cell: (p) => (
                  <>
                    {p.title}
                    {p.discountPercent && <span className="block text-xs text-slate-500">−{p.discountPercent}%</span>}
                  </>
                ),
              },
              { header: "Listing", cell: (p) => p.listingTitle },
              {
                header: "When",
                className: "whitespace-nowrap text-slate-600",
                cell: (p) => `${p.startsAt.toLocaleDateString()} – ${p.endsAt.toLocaleDateString()}`,
              },
              {
                header: "State",
                cell: (p) => {
                  const state = stateOf(p, now);
                  return (
                    <>
                      <Badge tone={state === "Running" ? "good" : state === "Scheduled" ? "info" : "neutral"}>{state}</Badge>
                      {p.status !== "VISIBLE" && (
                        <Badge tone="warn">{p.status === "HELD" ? "waiting for a moderator" : "hidden by a moderator"}</Badge>
                      )}
                    </>
                  );
                },
              },
              {
                header: "Actions",
                hideHeader: true,
                className: "text-right",
                cell: (p) => {
                  const state = stateOf(p, now);
                  return (
                    (state === "Running" || state === "Scheduled") && (
                      <Button
                        variant="ghost"
                        busy={cancel.isPending && cancel.variables?.promotionId === p.id}
                        onClick={() => cancel.mutate({ promotionId: p.id })}
                      >
                        Cancel
                      </Button>
                    )
                  );
                },
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}

function stateOf(p: { cancelledAt: Date | null; startsAt: Date; endsAt: Date }, now: Date) {
  return p.cancelledAt ? "Cancelled" : p.endsAt <= now ? "Ended" : p.startsAt > now ? "Scheduled" : "Running";
}
