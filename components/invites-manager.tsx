"use client";
// Create, list and revoke invites (admins and hosts). The server decides, and says which choices to offer.
import { api, errorMessage, fieldErrors, formError } from "@/components/trpc/react";
import { PagedTable } from "@/components/paged-table";
import { Alert, Badge, Button, Card, Field, Input, Loading, Select } from "@/components/ui";
import { CopyField } from "@/components/ui/copy-field";
import { FormCard } from "@/components/ui/form-card";
import type { Role } from "@/db/schema/values";
import { ROLE_LABELS } from "@/shared/role-labels";

const STATE_TONE = { ACTIVE: "good", USED_UP: "neutral", EXPIRED: "warn", REVOKED: "bad" } as const;
const STATE_LABEL = { ACTIVE: "Active", USED_UP: "Used up", EXPIRED: "Expired", REVOKED: "Revoked" } as const;

/** `defaultDistrictId`: the caller's own district, chosen first when the form offers it. */
export function InvitesManager({ defaultDistrictId }: { defaultDistrictId: string | null }) {
  const utils = api.useUtils();
  // Which roles and districts to offer is the server's `invite.create` rule, asked once.
  const options = api.invites.options.useQuery(undefined, { staleTime: 5 * 60_000 });
  const list = api.invites.list.useInfiniteQuery({ limit: 20 }, { getNextPageParam: (p) => p.nextCursor });
  const create = api.invites.create.useMutation({ onSuccess: () => utils.invites.list.invalidate() });
  const revoke = api.invites.revoke.useMutation({ onSuccess: () => utils.invites.list.invalidate() });
  const roles = options.data?.roles ?? [];
  const districtOptions = options.data?.districts ?? [];
  const errors = fieldErrors(create.error);

  function onCreate(form: FormData) {
    create.mutate({
      role: String(form.get("role")) as Role,
      districtId: String(form.get("districtId") ?? ""),
      maxUses: Number(form.get("maxUses")),
      expiresInDays: Number(form.get("expiresInDays")),
      note: String(form.get("note") ?? "") || undefined,
    });
  }

  if (options.isLoading) return <Loading label="Loading districts…" />;
  if (options.error) return <Alert title="The invite form could not be loaded.">{errorMessage(options.error)}</Alert>;

  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-[22rem_minmax(0,1fr)]">
      <FormCard
        title="New invite"
        submitLabel="Create invite"
        onSubmit={onCreate}
        error={formError(create.error)}
        pending={create.isPending}
        after={
          <>
            {create.data && (
              <div className="mt-5 space-y-2 rounded-md bg-teal-50 p-4 ring-1 ring-teal-200" role="status" aria-live="polite">
                <p className="text-sm font-medium text-teal-900">Invite created. This code is shown only once.</p>
                <p className="font-mono text-lg tracking-wider text-teal-950" data-testid="invite-code">
                  {create.data.code}
                </p>
                <CopyField
                  id="signup-link"
                  label="Signup link"
                  value={create.data.signupUrl}
                  testId="invite-link"
                  labelClassName="text-xs text-teal-900"
                />
              </div>
            )}
          </>
        }
      >
        <Field label="Role" error={errors.role}>
          {(p) => (
            <Select {...p} name="role" defaultValue={roles[0]}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="District" error={errors.districtId}>
          {(p) => (
            <Select {...p} name="districtId" defaultValue={defaultDistrictId ?? undefined}>
              {districtOptions.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} ({d.regionName})
                </option>
              ))}
            </Select>
          )}
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Uses" error={errors.maxUses}>
            {(p) => <Input {...p} name="maxUses" type="number" min={1} max={500} defaultValue={1} />}
          </Field>
          <Field label="Valid for (days)" error={errors.expiresInDays}>
            {(p) => <Input {...p} name="expiresInDays" type="number" min={1} max={90} defaultValue={14} />}
          </Field>
        </div>
        <Field label="Note (optional)" error={errors.note} hint="Who it is for; only inviters see it.">
          {(p) => <Input {...p} name="note" maxLength={200} />}
        </Field>
      </FormCard>

      <Card title="Invites">
        <PagedTable
          query={list}
          caption="Invites"
          loadingLabel="Loading invites…"
          empty={{ title: "No invites yet", hint: "Create one to bring someone into the pilot." }}
          above={revoke.error && <Alert>{errorMessage(revoke.error)}</Alert>}
          rowKey={(i) => i.id}
          columns={[
            { header: "Code", className: "whitespace-nowrap font-mono", cell: (i) => `…${i.codeHint}` },
            {
              header: "Role",
              cell: (i) => (
                <>
                  {ROLE_LABELS[i.role]}
                  {i.note && <span className="block text-xs text-slate-500">{i.note}</span>}
                </>
              ),
            },
            { header: "District", cell: (i) => i.districtName ?? "—" },
            { header: "Uses left", cell: (i) => `${i.usesLeft} of ${i.maxUses}` },
            { header: "Expires", cell: (i) => i.expiresAt.toLocaleDateString() },
            { header: "State", cell: (i) => <Badge tone={STATE_TONE[i.state]}>{STATE_LABEL[i.state]}</Badge> },
            {
              header: "Actions",
              hideHeader: true,
              className: "text-right",
              cell: (i) =>
                i.state === "ACTIVE" && (
                  <Button
                    variant="ghost"
                    className="text-rose-700"
                    busy={revoke.isPending && revoke.variables?.inviteId === i.id}
                    onClick={() => {
                      if (confirm("Revoke this invite? Nobody will be able to sign up with it."))
                        revoke.mutate({ inviteId: i.id });
                    }}
                    aria-label={`Revoke invite ending ${i.codeHint}`}
                  >
                    Revoke
                  </Button>
                ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
