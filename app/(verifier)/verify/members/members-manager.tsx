"use client";
import { useState } from "react";
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { Alert, Badge, Button, Card, EmptyState, Field, Input, Loading, Select } from "@/components/ui";
import { DataTable } from "@/components/ui/data-table";
import { day } from "@/components/verification/words";
import type { OrgRole } from "@/db/schema/values";

const ORG_ROLE_LABELS: Record<OrgRole, string> = { STAFF: "Staff", ORG_ADMIN: "Organization admin" };
const STATE = {
  ACTIVE: ["good", "Active"],
  USED_UP: ["neutral", "Used up"],
  EXPIRED: ["warn", "Expired"],
  REVOKED: ["bad", "Revoked"],
} as const;

export function MembersManager() {
  const utils = api.useUtils();
  const org = api.verification.myOrganization.useQuery();
  const isAdmin = org.data?.orgRole === "ORG_ADMIN";
  const members = api.verification.members.useQuery(undefined, { enabled: isAdmin });
  const invites = api.verification.staffInvites.useQuery(undefined, { enabled: isAdmin });
  const setRole = api.verification.setMemberRole.useMutation({ onSuccess: () => utils.verification.members.invalidate() });
  const invite = api.verification.inviteStaff.useMutation({ onSuccess: () => utils.verification.staffInvites.invalidate() });
  const revoke = api.verification.revokeStaffInvite.useMutation({
    onSuccess: () => utils.verification.staffInvites.invalidate(),
  });
  const [copied, setCopied] = useState(false);
  const errors = fieldErrors(invite.error);

  if (org.isLoading) return <Loading />;
  if (org.error) return <Alert>{errorMessage(org.error)}</Alert>;
  if (!org.data) return <Alert tone="warn">You are not a member of an organization.</Alert>;
  if (!isAdmin) return <Alert tone="info">Only {org.data.name}&apos;s admins manage its members. Ask one of them.</Alert>;

  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-[22rem_minmax(0,1fr)]">
      <Card title="Invite staff">
        <form
          aria-label="Invite staff"
          className="space-y-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            setCopied(false);
            invite.mutate({
              orgRole: String(f.get("orgRole")) as OrgRole,
              maxUses: Number(f.get("maxUses")),
              expiresInDays: Number(f.get("expiresInDays")),
              note: String(f.get("note") ?? "").trim() || undefined,
            });
          }}
        >
          {invite.error && Object.keys(errors).length === 0 && <Alert>{errorMessage(invite.error)}</Alert>}
          <Field label="Role in the organization" error={errors.orgRole}>
            {(p) => (
              <Select {...p} name="orgRole" defaultValue="STAFF">
                <option value="STAFF">Staff</option>
                <option value="ORG_ADMIN">Organization admin</option>
              </Select>
            )}
          </Field>
          <div className="grid grid-cols-2 gap-3">
            <Field label="Uses" error={errors.maxUses}>
              {(p) => <Input {...p} name="maxUses" type="number" min={1} max={50} defaultValue={1} />}
            </Field>
            <Field label="Valid for (days)" error={errors.expiresInDays}>
              {(p) => <Input {...p} name="expiresInDays" type="number" min={1} max={30} defaultValue={7} />}
            </Field>
          </div>
          <Field label="Note (optional)" error={errors.note}>
            {(p) => <Input {...p} name="note" maxLength={200} />}
          </Field>
          <Button type="submit" busy={invite.isPending} className="w-full">
            Create invite
          </Button>
        </form>
        {invite.data && (
          <div className="mt-4 space-y-2 rounded-md bg-teal-50 p-4 ring-1 ring-teal-200" role="status">
            <p className="text-sm font-medium text-teal-900">Invite created. This code is shown only once.</p>
            <p className="font-mono text-lg tracking-wider" data-testid="invite-code">
              {invite.data.code}
            </p>
            <div className="flex gap-2">
              <Input readOnly aria-label="Signup link" value={invite.data.signupUrl} onFocus={(e) => e.currentTarget.select()} />
              <Button
                type="button"
                variant="secondary"
                onClick={async () => {
                  await navigator.clipboard?.writeText(invite.data!.signupUrl).catch(() => {});
                  setCopied(true);
                }}
              >
                {copied ? "Copied" : "Copy"}
              </Button>
            </div>
          </div>
        )}
      </Card>
      <div className="space-y-6">
        <Card title={`${org.data.name}: members`}>
          {setRole.error && <Alert>{errorMessage(setRole.error)}</Alert>}
          {members.isLoading ? (
            <Loading />
          ) : members.error ? (
            <Alert>{errorMessage(members.error)}</Alert>
          ) : (
            <DataTable
              caption="Members"
              rows={members.data ?? []}
              rowKey={(m) => m.userId}
              columns={[
                {
                  header: "Name",
                  className: "font-medium",
                  cell: (m) => (
                    <>
                      {m.displayName}
                      {m.status !== "ACTIVE" && <span className="block text-xs text-rose-700">{m.status.toLowerCase()}</span>}
                    </>
                  ),
                },
                { header: "Email", cell: (m) => m.email ?? "—" },
                {
                  header: "Role",
                  cell: (m) => (
                    <>
                      <Select
                        aria-label={`Role of ${m.displayName}`}
                        value={m.orgRole}
                        onChange={(e) => setRole.mutate({ userId: m.userId, orgRole: e.target.value as OrgRole })}
                        className="w-auto min-w-[13rem]"
                      >
                        {(Object.keys(ORG_ROLE_LABELS) as OrgRole[]).map((r) => (
                          <option key={r} value={r}>
                            {ORG_ROLE_LABELS[r]}
                          </option>
                        ))}
                      </Select>
                    </>
                  ),
                },
                { header: "Since", className: "whitespace-nowrap", cell: (m) => day(m.joinedAt) },
              ]}
            />
          )}
        </Card>
        <Card title="Staff invites">
          {revoke.error && <Alert>{errorMessage(revoke.error)}</Alert>}
          {invites.isLoading ? (
            <Loading />
          ) : (invites.data ?? []).length === 0 ? (
            <EmptyState title="No staff invites yet" />
          ) : (
            <DataTable
              caption="Staff invites"
              rows={invites.data ?? []}
              rowKey={(i) => i.id}
              columns={[
                { header: "Code", className: "font-mono", cell: (i) => <>…{i.codeHint}</> },
                { header: "Role", cell: (i) => ORG_ROLE_LABELS[i.orgRole] },
                {
                  header: "Uses",
                  cell: (i) => (
                    <>
                      {i.uses}/{i.maxUses}
                    </>
                  ),
                },
                { header: "Expires", className: "whitespace-nowrap", cell: (i) => day(i.expiresAt) },
                {
                  header: "State",
                  cell: (i) => (
                    <>
                      <Badge tone={STATE[i.state][0]}>{STATE[i.state][1]}</Badge>
                    </>
                  ),
                },
                {
                  header: "Actions",
                  hideHeader: true,
                  className: "text-right",
                  cell: (i) => (
                    <>
                      {i.state === "ACTIVE" && (
                        <Button type="button" variant="secondary" onClick={() => revoke.mutate({ inviteId: i.id })}>
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
    </div>
  );
}
