"use client";
import { useState } from "react";
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { Alert, Badge, Button, Card, Field, Input, Select } from "@/components/ui";
import { Dialog } from "@/components/ui/dialog";
import { PagedTable } from "@/components/paged-table";
import { ROLES, USER_STATUSES, type Role, type UserStatus } from "@/db/schema/values";
import { ROLE_LABELS } from "@/shared/role-labels";
import { KycHistoryDialog } from "@/components/identity/kyc-history";
import { KYC_LABELS } from "@/components/identity/labels";
import { ResetLinkDialog } from "./reset-link-dialog";

type Action = "suspend" | "ban" | "reinstate" | "role";
const ACTION_LABEL: Record<Action, string> = {
  suspend: "Suspend",
  ban: "Ban",
  reinstate: "Reinstate",
  role: "Change the role of",
};
const ACTION_BUTTON: Record<Action, string> = { suspend: "Suspend", ban: "Ban", reinstate: "Reinstate", role: "Change role" };
/** Roles a person can be given here (a kiosk is a device, not a person). */
const PERSON_ROLES = ROLES.filter((r) => r !== "PUBLIC_KIOSK");
const STATUS_TONE = { ACTIVE: "good", SUSPENDED: "warn", BANNED: "bad" } as const;

export function UsersTable({ viewerId }: { viewerId: string }) {
  const [filters, setFilters] = useState<{ search?: string; role?: Role; status?: UserStatus; districtId?: string }>({});
  const districts = api.geography.districts.useQuery();
  const list = api.people.list.useInfiniteQuery({ limit: 25, ...filters }, { getNextPageParam: (p) => p.nextCursor });
  const utils = api.useUtils();
  const [pending, setPending] = useState<{ action: Action; userId: string; name: string; role: Role } | null>(null);
  const [kycOf, setKycOf] = useState<{ id: string; name: string } | null>(null);
  const [resetFor, setResetFor] = useState<{ id: string; name: string } | null>(null);
  const onDone = () => {
    setPending(null);
    void utils.people.list.invalidate();
  };
  const suspend = api.people.suspend.useMutation({ onSuccess: onDone });
  const ban = api.people.ban.useMutation({ onSuccess: onDone });
  const reinstate = api.people.reinstate.useMutation({ onSuccess: onDone });
  const changeRole = api.people.changeRole.useMutation({ onSuccess: onDone });
  const mutation = pending ? { suspend, ban, reinstate, role: changeRole }[pending.action] : null;

  function applyFilters(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const v = (k: string) => (String(f.get(k) ?? "") || undefined) as never;
    setFilters({ search: v("search"), role: v("role"), status: v("status"), districtId: v("districtId") });
  }

  return (
    <Card>
      <form
        onSubmit={applyFilters}
        className="mb-5 grid gap-3 sm:grid-cols-5 sm:items-end"
        role="search"
        aria-label="Filter users"
      >
        <Field label="Search">{(p) => <Input {...p} name="search" placeholder="Name, email or phone" />}</Field>
        <Field label="Role">
          {(p) => (
            <Select {...p} name="role" defaultValue="">
              <option value="">Any role</option>
              {PERSON_ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Status">
          {(p) => (
            <Select {...p} name="status" defaultValue="">
              <option value="">Any status</option>
              {USER_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s.toLowerCase()}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="District">
          {(p) => (
            <Select {...p} name="districtId" defaultValue="">
              <option value="">Any district</option>
              {(districts.data ?? []).map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Button type="submit" variant="secondary">
          Apply
        </Button>
      </form>

      <PagedTable
        query={list}
        caption="Users"
        loadingLabel="Loading people…"
        empty={{ title: "Nobody matches", hint: "Try other filters." }}
        rowKey={(u) => u.id}
        columns={[
          { header: "Name", className: "font-medium", cell: (u) => u.displayName },
          { header: "Contact", cell: (u) => u.email ?? u.phone },
          { header: "Role", cell: (u) => ROLE_LABELS[u.role] },
          { header: "District", cell: (u) => u.districtName ?? "—" },
          {
            header: "KYC",
            cell: (u) => (
              <button
                type="button"
                onClick={() => setKycOf({ id: u.id, name: u.displayName })}
                className="rounded focus:outline-none focus-visible:ring-2 focus-visible:ring-teal-600"
                aria-label={`Identity of ${u.displayName}: ${KYC_LABELS[u.kycStatus].label}. Show the enrollment history`}
              >
                <Badge tone={KYC_LABELS[u.kycStatus].tone}>{KYC_LABELS[u.kycStatus].label}</Badge>
              </button>
            ),
          },
          { header: "Status", cell: (u) => <Badge tone={STATUS_TONE[u.status]}>{u.status.toLowerCase()}</Badge> },
          {
            header: "Actions",
            hideHeader: true,
            className: "whitespace-nowrap text-right",
            cell: (u) => (
              <>
                {u.id !== viewerId &&
                  (u.status === "ACTIVE" ? (["role", "suspend", "ban"] as const) : (["reinstate"] as const)).map((a) => (
                    <Button
                      key={a}
                      variant="ghost"
                      className={a === "ban" ? "text-rose-700" : undefined}
                      onClick={() => setPending({ action: a, userId: u.id, name: u.displayName, role: u.role })}
                      aria-label={`${ACTION_BUTTON[a]}: ${u.displayName}`}
                    >
                      {ACTION_BUTTON[a]}
                    </Button>
                  ))}
                {u.canIssueReset && (
                  <Button
                    variant="ghost"
                    onClick={() => setResetFor({ id: u.id, name: u.displayName })}
                    aria-label={`Password-reset link for ${u.displayName}`}
                  >
                    Reset link
                  </Button>
                )}
                {/* Why there is no reset link (the rule's own words); one's own row needs no reason. */}
                {u.resetRefusal && u.resetRefusal.reason !== "SELF_ACTION" && (
                  <span className="ml-auto block max-w-xs text-xs whitespace-normal text-slate-500">
                    {u.resetRefusal.message}
                  </span>
                )}
              </>
            ),
          },
        ]}
      />

      <KycHistoryDialog person={kycOf} onClose={() => setKycOf(null)} />
      <ResetLinkDialog person={resetFor} onClose={() => setResetFor(null)} />

      <Dialog
        open={pending !== null}
        onOpenChange={(open) => {
          if (!open) setPending(null);
          suspend.reset();
          ban.reset();
          reinstate.reset();
          changeRole.reset();
        }}
        title={pending ? `${ACTION_LABEL[pending.action]} ${pending.name}?` : ""}
        description={
          pending?.action === "reinstate"
            ? "They will be able to sign in again."
            : pending?.action === "role"
              ? "They are signed out everywhere and sign in again with what the new role allows."
              : "They are signed out everywhere at once and cannot sign in until reinstated."
        }
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            const reason = String(form.get("reason") ?? "");
            if (!pending) return;
            if (pending.action === "role") changeRole.mutate({ userId: pending.userId, role: form.get("role") as Role, reason });
            else ({ suspend, ban, reinstate })[pending.action].mutate({ userId: pending.userId, reason });
          }}
          className="space-y-4"
        >
          {mutation?.error && Object.keys(fieldErrors(mutation.error)).length === 0 && (
            <Alert>{errorMessage(mutation.error)}</Alert>
          )}
          {pending?.action === "role" && (
            <Field label="New role" error={fieldErrors(changeRole.error).role}>
              {(p) => (
                <Select {...p} name="role" defaultValue={pending.role}>
                  {PERSON_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABELS[r]}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          )}
          <Field label="Reason (kept in the audit log)" error={fieldErrors(mutation?.error).reason}>
            {(p) => <Input {...p} name="reason" required autoFocus />}
          </Field>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => setPending(null)}>
              Cancel
            </Button>
            <Button
              type="submit"
              variant={pending?.action === "reinstate" || pending?.action === "role" ? "primary" : "danger"}
              busy={mutation?.isPending}
            >
              {pending ? ACTION_BUTTON[pending.action] : ""}
            </Button>
          </div>
        </form>
      </Dialog>
    </Card>
  );
}
