"use client";
import { useState } from "react";
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { Alert, Badge, Button, Card, EmptyState, Field, Input, Loading, Select } from "@/components/ui";
import { DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { CONSENT_SCOPE_LABELS, CONSENT_SCOPES, type ConsentScope, type Role } from "@/db/schema/values";

function ScopeBoxes({ name, selected }: { name: string; selected: readonly string[] }) {
  return (
    <div className="flex flex-wrap gap-x-4 gap-y-1">
      {CONSENT_SCOPES.map((s) => (
        <label key={s} className="flex items-center gap-1.5 text-sm">
          <input
            type="checkbox"
            name={name}
            value={s}
            defaultChecked={selected.includes(s)}
            className="h-4 w-4 rounded border-slate-300"
          />
          {CONSENT_SCOPE_LABELS[s]}
        </label>
      ))}
    </div>
  );
}

export function OrganizationsManager({ viewer }: { viewer: { role: Role; regionId: string | null; districtId: string | null } }) {
  const utils = api.useUtils();
  const list = api.verification.organizations.useQuery();
  const districts = api.geography.districts.useQuery();
  // The regions the viewer governs: their own for an admin, all for a super admin.
  const regions = api.geography.regions.useQuery();
  const refresh = () => utils.verification.organizations.invalidate();
  const create = api.verification.createOrganization.useMutation({ onSuccess: refresh });
  const setStatus = api.verification.setOrganizationStatus.useMutation({ onSuccess: refresh });
  const setPolicy = api.verification.setOrganizationPolicy.useMutation({ onSuccess: () => (setEditing(null), refresh()) });
  const setRegions = api.verification.setOrganizationRegions.useMutation({
    onSuccess: () => (setMoving(null), refresh()),
  });
  const [moving, setMoving] = useState<string | null>(null);
  const invite = api.invites.create.useMutation();
  const [editing, setEditing] = useState<string | null>(null);
  const [inviting, setInviting] = useState<{ id: string; name: string; regionIds: string[] } | null>(null);
  const errors = fieldErrors(create.error);
  const districtOptions = (districts.data ?? []).filter((d) => viewer.role === "SUPER_ADMIN" || d.regionId === viewer.regionId);

  if (list.isLoading) return <Loading label="Loading organizations…" />;
  if (list.error) return <Alert>{errorMessage(list.error)}</Alert>;

  return (
    <div className="space-y-6">
      <Card title="New organization">
        <form
          aria-label="New organization"
          className="grid gap-4 md:grid-cols-[1fr_auto] md:items-end"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            create.mutate(
              {
                name: String(f.get("name") ?? ""),
                scopePolicy: f.getAll("scopePolicy").map(String) as ConsentScope[],
                regionId: String(f.get("regionId") ?? "") || undefined,
              },
              { onSuccess: () => (e.target as HTMLFormElement).reset() },
            );
          }}
        >
          <div className="space-y-3">
            {create.error && Object.keys(errors).length === 0 && <Alert>{errorMessage(create.error)}</Alert>}
            <Field label="Name" error={errors.name}>
              {(p) => <Input {...p} name="name" maxLength={120} />}
            </Field>
            <Field label="Region" error={errors.regionId} hint="Its admins govern the organization.">
              {(p) => (
                <Select {...p} name="regionId" defaultValue="">
                  {(regions.data ?? []).length !== 1 && <option value="">Choose a region</option>}
                  {(regions.data ?? []).map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <fieldset>
              <legend className="mb-1 text-sm font-medium text-slate-800">May receive</legend>
              <ScopeBoxes name="scopePolicy" selected={["identity.verified"]} />
            </fieldset>
          </div>
          <Button type="submit" busy={create.isPending}>
            Create organization
          </Button>
        </form>
      </Card>

      <Card title="Organizations">
        {(setStatus.error || setPolicy.error || setRegions.error) && (
          <Alert>{errorMessage(setStatus.error ?? setPolicy.error ?? setRegions.error)}</Alert>
        )}
        {(list.data ?? []).length === 0 ? (
          <EmptyState title="No organizations yet" />
        ) : (
          <DataTable
            caption="Organizations"
            rows={list.data ?? []}
            rowKey={(o) => o.id}
            columns={[
              { header: "Name", className: "font-medium", cell: (o) => o.name },
              {
                header: "Region",
                cell: (o) => (
                  <>
                    {moving === o.id ? (
                      <form
                        aria-label={`Regions of ${o.name}`}
                        className="space-y-2"
                        onSubmit={(e) => {
                          e.preventDefault();
                          const f = new FormData(e.currentTarget);
                          setRegions.mutate({
                            organizationId: o.id,
                            regionId: String(f.get("home")),
                            servedRegionIds: f.getAll("served").map(String),
                          });
                        }}
                      >
                        <Field label="Belongs to">
                          {(p) => (
                            <Select {...p} name="home" defaultValue={o.regionId}>
                              {(regions.data ?? []).map((r) => (
                                <option key={r.id} value={r.id}>
                                  {r.name}
                                </option>
                              ))}
                            </Select>
                          )}
                        </Field>
                        <fieldset>
                          <legend className="mb-1 text-sm font-medium text-slate-800">Also serves</legend>
                          <div className="flex flex-col gap-1">
                            {(regions.data ?? []).map((r) => (
                              <label key={r.id} className="flex items-center gap-1.5 text-sm">
                                <input
                                  type="checkbox"
                                  name="served"
                                  value={r.id}
                                  defaultChecked={o.servedRegions.some((s) => s.id === r.id)}
                                  className="h-4 w-4 rounded border-slate-300"
                                />
                                {r.name}
                              </label>
                            ))}
                          </div>
                        </fieldset>
                        <div className="flex gap-2">
                          <Button type="submit" busy={setRegions.isPending}>
                            Save
                          </Button>
                          <Button type="button" variant="ghost" onClick={() => setMoving(null)}>
                            Cancel
                          </Button>
                        </div>
                      </form>
                    ) : (
                      <>
                        {o.regionName}
                        {o.servedRegions.length > 0 && (
                          <span className="block text-xs text-slate-600">
                            also serves {o.servedRegions.map((r) => r.name).join(", ")}
                          </span>
                        )}
                      </>
                    )}
                  </>
                ),
              },
              {
                header: "May receive",
                cell: (o) => (
                  <>
                    {editing === o.id ? (
                      <form
                        aria-label={`Policy of ${o.name}`}
                        className="space-y-2"
                        onSubmit={(e) => {
                          e.preventDefault();
                          setPolicy.mutate({
                            organizationId: o.id,
                            scopePolicy: new FormData(e.currentTarget).getAll("policy").map(String) as ConsentScope[],
                          });
                        }}
                      >
                        <ScopeBoxes name="policy" selected={o.scopePolicy} />
                        <div className="flex gap-2">
                          <Button type="submit" busy={setPolicy.isPending}>
                            Save
                          </Button>
                          <Button type="button" variant="ghost" onClick={() => setEditing(null)}>
                            Cancel
                          </Button>
                        </div>
                      </form>
                    ) : (
                      o.scopePolicy.map((s) => CONSENT_SCOPE_LABELS[s]).join(", ") || "nothing"
                    )}
                  </>
                ),
              },
              { header: "Members", cell: (o) => o.memberCount },
              {
                header: "Status",
                cell: (o) => (
                  <>
                    <Badge tone={o.status === "ACTIVE" ? "good" : "bad"}>{o.status === "ACTIVE" ? "Active" : "Suspended"}</Badge>
                  </>
                ),
              },
              {
                header: "Actions",
                hideHeader: true,
                className: "whitespace-nowrap text-right",
                cell: (o) => (
                  <>
                    <div className="flex justify-end gap-2">
                      {editing !== o.id && (
                        <Button type="button" variant="secondary" onClick={() => setEditing(o.id)}>
                          Policy
                        </Button>
                      )}
                      {o.regionsEditable && moving !== o.id && (
                        <Button type="button" variant="secondary" onClick={() => setMoving(o.id)}>
                          Regions
                        </Button>
                      )}
                      <Button
                        type="button"
                        variant="secondary"
                        onClick={() => (
                          invite.reset(),
                          setInviting({ id: o.id, name: o.name, regionIds: [o.regionId, ...o.servedRegions.map((r) => r.id)] })
                        )}
                      >
                        Invite admin
                      </Button>
                      <Button
                        type="button"
                        variant={o.status === "ACTIVE" ? "danger" : "secondary"}
                        busy={setStatus.isPending && setStatus.variables?.organizationId === o.id}
                        onClick={() =>
                          setStatus.mutate({ organizationId: o.id, status: o.status === "ACTIVE" ? "SUSPENDED" : "ACTIVE" })
                        }
                      >
                        {o.status === "ACTIVE" ? "Suspend" : "Reinstate"}
                      </Button>
                    </div>
                  </>
                ),
              },
            ]}
          />
        )}
      </Card>

      <Dialog
        open={inviting !== null}
        onOpenChange={(open) => !open && setInviting(null)}
        title={inviting ? `Invite an admin for ${inviting.name}` : "Invite"}
        description="Whoever signs up with this invite becomes verifier staff and an admin of the organization."
      >
        {invite.data ? (
          <div className="space-y-2" role="status">
            <p className="text-sm text-slate-700">Shown only once:</p>
            <p className="font-mono text-lg tracking-wider">{invite.data.code}</p>
            <Input readOnly aria-label="Signup link" value={invite.data.signupUrl} onFocus={(e) => e.currentTarget.select()} />
          </div>
        ) : (
          <form
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              if (!inviting) return;
              invite.mutate({
                role: "ORG_USER",
                organizationId: inviting.id,
                orgRole: "ORG_ADMIN",
                districtId: String(new FormData(e.currentTarget).get("districtId")),
                maxUses: 1,
                expiresInDays: 14,
              });
            }}
          >
            {invite.error && <Alert>{errorMessage(invite.error)}</Alert>}
            <Field label="Their district">
              {(p) => (
                <Select {...p} name="districtId" defaultValue={viewer.districtId ?? undefined}>
                  {districtOptions
                    .filter((d) => !inviting || inviting.regionIds.includes(d.regionId))
                    .map((d) => (
                      <option key={d.id} value={d.id}>
                        {d.name}
                      </option>
                    ))}
                </Select>
              )}
            </Field>
            <Button type="submit" busy={invite.isPending}>
              Create invite
            </Button>
          </form>
        )}
      </Dialog>
    </div>
  );
}
