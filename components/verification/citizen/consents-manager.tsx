"use client";
// Grant an organization named scopes until an expiry; revoke at any time.
import { useState } from "react";
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { Alert, Badge, Button, Card, EmptyState, Field, Loading, Select } from "@/components/ui";
import { DataTable } from "@/components/ui/data-table";
import { day, scopeList } from "@/components/verification/words";
import { CONSENT_SCOPE_LABELS, type ConsentScope } from "@/db/schema/values";

const DURATIONS = [
  [1, "1 day"],
  [7, "1 week"],
  [30, "30 days"],
  [90, "90 days"],
  [365, "1 year"],
] as const;
const STATE = { ACTIVE: ["good", "Active"], REVOKED: ["bad", "Revoked"], EXPIRED: ["warn", "Expired"] } as const;

export function ConsentsManager() {
  const utils = api.useUtils();
  const orgs = api.verification.consentableOrganizations.useQuery();
  const consents = api.verification.consents.useQuery();
  const grant = api.verification.grantConsent.useMutation({ onSuccess: () => utils.verification.consents.invalidate() });
  const revoke = api.verification.revokeConsent.useMutation({ onSuccess: () => utils.verification.consents.invalidate() });
  const [orgId, setOrgId] = useState("");
  const org = orgs.data?.find((o) => o.id === orgId);
  const errors = fieldErrors(grant.error);

  if (orgs.isLoading || consents.isLoading) return <Loading label="Loading consents…" />;
  if (orgs.error || consents.error) return <Alert>{errorMessage(orgs.error ?? consents.error)}</Alert>;

  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-[22rem_minmax(0,1fr)]">
      <Card title="Give consent">
        <form
          aria-label="Give consent"
          className="space-y-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            grant.mutate({
              organizationId: orgId,
              scopes: f.getAll("scopes").map(String) as ConsentScope[],
              days: Number(f.get("days")),
            });
          }}
        >
          {grant.error && Object.keys(errors).length === 0 && <Alert>{errorMessage(grant.error)}</Alert>}
          {grant.isSuccess && !grant.isPending && (
            <Alert tone="good">Consent saved. Your wallet can now show a code for it.</Alert>
          )}
          <Field label="Organization" error={errors.organizationId}>
            {(p) => (
              <Select {...p} name="organizationId" value={orgId} onChange={(e) => setOrgId(e.target.value)}>
                <option value="">Choose…</option>
                {(orgs.data ?? []).map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          {org && (
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium text-slate-800">What {org.name} may learn</legend>
              {org.scopePolicy.length === 0 && (
                <p className="text-sm text-slate-600">This organization may not receive anything yet.</p>
              )}
              {org.scopePolicy.map((s) => (
                <label key={s} className="flex items-center gap-2 text-sm text-slate-800">
                  <input type="checkbox" name="scopes" value={s} defaultChecked className="h-4 w-4 rounded border-slate-300" />
                  {CONSENT_SCOPE_LABELS[s]}
                </label>
              ))}
              {errors.scopes && (
                <p className="text-sm text-rose-700" role="alert">
                  {errors.scopes[0]}
                </p>
              )}
            </fieldset>
          )}
          <Field label="For how long" error={errors.days}>
            {(p) => (
              <Select {...p} name="days" defaultValue={30}>
                {DURATIONS.map(([d, label]) => (
                  <option key={d} value={d}>
                    {label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Button type="submit" busy={grant.isPending} disabled={!org} className="w-full">
            Give consent
          </Button>
        </form>
      </Card>

      <Card title="Your consents">
        {revoke.error && <Alert>{errorMessage(revoke.error)}</Alert>}
        {(consents.data ?? []).length === 0 ? (
          <EmptyState title="No consents yet">No organization can verify you until you give one consent.</EmptyState>
        ) : (
          <DataTable
            caption="Your consents"
            rows={consents.data ?? []}
            rowKey={(c) => c.id}
            columns={[
              {
                header: "Organization",
                className: "font-medium",
                cell: (c) => (
                  <>
                    {c.organizationName}
                    {c.organizationStatus === "SUSPENDED" && (
                      <span className="block text-xs text-rose-700">Suspended: cannot verify anyone</span>
                    )}
                  </>
                ),
              },
              {
                header: "Shares",
                cell: (c) => (
                  <>
                    {scopeList(c.effectiveScopes) || "nothing"}
                    {c.effectiveScopes.length < c.scopes.length && (
                      <span className="block text-xs text-slate-500">
                        Its policy no longer allows: {scopeList(c.scopes.filter((s) => !c.effectiveScopes.includes(s)))}
                      </span>
                    )}
                  </>
                ),
              },
              { header: "Until", className: "whitespace-nowrap", cell: (c) => day(c.expiresAt) },
              {
                header: "State",
                cell: (c) => (
                  <>
                    <Badge tone={STATE[c.state][0]}>{STATE[c.state][1]}</Badge>
                  </>
                ),
              },
              {
                header: "Actions",
                hideHeader: true,
                className: "text-right",
                cell: (c) => (
                  <>
                    {c.state === "ACTIVE" && (
                      <Button
                        type="button"
                        variant="secondary"
                        busy={revoke.isPending && revoke.variables?.organizationId === c.organizationId}
                        onClick={() => revoke.mutate({ organizationId: c.organizationId })}
                        aria-label={`Revoke consent for ${c.organizationName}`}
                      >
                        Revoke
                      </Button>
                    )}
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
