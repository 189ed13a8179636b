"use client";
// The account page's e-mail address: whether it is confirmed (with "send the link again"), and a
// form to add or change it (the current password, then a link mailed to the new address, which
// replaces the old one only once opened).
import { useState } from "react";
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { Alert, Badge, Button, Field, Input } from "@/components/ui";

export function EmailAddress({ email, confirmed }: { email: string | null; confirmed: boolean }) {
  const resend = api.account.resendConfirmation.useMutation();
  const change = api.account.changeEmail.useMutation();
  const [open, setOpen] = useState(false);
  const errors = fieldErrors(change.error);

  return (
    // A dt/dd pair of the card's list: everything about the address lives in its dd.
    <div>
      <dt className="text-slate-500">Email</dt>
      <dd className="space-y-3">
        <p className="flex flex-wrap items-center gap-2 text-slate-900">
          <span className="break-all">{email ?? "—"}</span>
          {email && <Badge tone={confirmed ? "good" : "warn"}>{confirmed ? "Confirmed" : "Not confirmed"}</Badge>}
        </p>
        {email && !confirmed && (
          <div className="space-y-2">
            <p className="text-slate-600">Open the link we mailed to this address. Until then, nothing else is mailed to you.</p>
            <Button type="button" variant="secondary" busy={resend.isPending} onClick={() => resend.mutate()}>
              Send the link again
            </Button>
            {resend.isSuccess && (
              <p role="status" className="text-emerald-700">
                A new link is on its way to {resend.data.sentTo}. Earlier links no longer work.
              </p>
            )}
            {resend.error && <Alert>{errorMessage(resend.error)}</Alert>}
          </div>
        )}
        <Button type="button" variant="secondary" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {email ? "Change e-mail address" : "Add an e-mail address"}
        </Button>
        {open && (
          <form
            className="space-y-3 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200"
            onSubmit={(e) => {
              e.preventDefault();
              const f = new FormData(e.currentTarget);
              change.mutate({
                newEmail: String(f.get("newEmail") ?? ""),
                currentPassword: String(f.get("currentPassword") ?? ""),
              });
            }}
          >
            {change.isSuccess ? (
              <p role="status" className="text-emerald-700">
                We mailed a link to {change.data.sentTo}. Your address changes when you open it (it works for 24 hours).
              </p>
            ) : (
              <>
                {change.error && !errors.newEmail && !errors.currentPassword && <Alert>{errorMessage(change.error)}</Alert>}
                <Field label="New e-mail address" error={errors.newEmail}>
                  {(p) => <Input {...p} name="newEmail" type="email" required autoComplete="email" maxLength={254} />}
                </Field>
                <Field label="Current password" error={errors.currentPassword}>
                  {(p) => <Input {...p} name="currentPassword" type="password" required autoComplete="current-password" />}
                </Field>
                <Button type="submit" busy={change.isPending}>
                  Send a confirmation link
                </Button>
              </>
            )}
          </form>
        )}
      </dd>
    </div>
  );
}
