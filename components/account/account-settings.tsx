"use client";
// The Account page, the same for every role: how you sign in, your display name, your password, and
// where you are signed in. `identityHref` is set for travelers and hosts, who have an identity to verify.
import { useState } from "react";
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { Alert, Badge, Button, Card, Field, Input, Loading } from "@/components/ui";
import { KYC_LABELS } from "@/components/identity/labels";
import { ROLE_LABELS } from "@/shared/role-labels";
import { NotificationPreferences } from "./notification-preferences";
import { NewPasswordField } from "@/components/password-strength";
import { SessionsCard } from "./sessions-card";
import { EmailAddress } from "./email-address";

export function AccountSettings({ identityHref }: { identityHref: string | null }) {
  const utils = api.useUtils();
  const profile = api.account.profile.useQuery();
  const rename = api.account.rename.useMutation({ onSuccess: () => utils.account.profile.invalidate() });
  const changePassword = api.auth.changePassword.useMutation();
  const [renamed, setRenamed] = useState(false);
  const [mismatch, setMismatch] = useState(false);

  if (profile.isLoading) return <Loading label="Loading your account…" />;
  if (profile.error) return <Alert title="Your account could not be loaded">{errorMessage(profile.error)}</Alert>;
  const p = profile.data!;
  const renameErrors = fieldErrors(rename.error);
  const passwordErrors = fieldErrors(changePassword.error);

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card title="Signing in">
        <dl className="space-y-3 text-sm">
          <EmailAddress email={p.email} confirmed={p.emailConfirmed} />
          <div>
            <dt className="text-slate-500">Phone</dt>
            <dd className="text-slate-900">{p.phone ?? "—"}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Role</dt>
            <dd className="text-slate-900">
              {ROLE_LABELS[p.role]}
              {p.districtName ? ` · ${p.districtName}` : ""}
            </dd>
          </div>
          {identityHref && (
            <div>
              <dt className="text-slate-500">Identity</dt>
              <dd className="flex items-center gap-2">
                <Badge tone={KYC_LABELS[p.kycStatus].tone}>{KYC_LABELS[p.kycStatus].label}</Badge>
                {p.kycStatus !== "VERIFIED" && (
                  <a href={identityHref} className="text-teal-700 hover:underline">
                    Verify your identity →
                  </a>
                )}
              </dd>
            </div>
          )}
        </dl>
      </Card>

      <Card title="Display name">
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            setRenamed(false);
            const displayName = String(new FormData(e.currentTarget).get("displayName") ?? "");
            rename.mutate({ displayName }, { onSuccess: () => setRenamed(true) });
          }}
        >
          {rename.error && !renameErrors.displayName && <Alert>{errorMessage(rename.error)}</Alert>}
          <Field label="Name others see" error={renameErrors.displayName}>
            {(f) => <Input {...f} name="displayName" required maxLength={80} defaultValue={p.displayName} />}
          </Field>
          <div className="flex items-center gap-3">
            <Button type="submit" busy={rename.isPending}>
              Save name
            </Button>
            {renamed && (
              <span role="status" className="text-sm text-emerald-700">
                Saved.
              </span>
            )}
          </div>
        </form>
      </Card>

      <Card title="Password">
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const newPassword = String(f.get("newPassword") ?? "");
            const differs = newPassword !== String(f.get("confirmPassword") ?? "");
            setMismatch(differs);
            if (differs) return;
            changePassword.mutate(
              { currentPassword: String(f.get("currentPassword") ?? ""), newPassword },
              // A new password ends every session, this one included: sign in again. A full page load on
              // purpose, not the router: it drops the cached queries of the ended session and asks the
              // server afresh who is signed in.
              // eslint-disable-next-line @next/next/no-location-assign-relative-destination
              { onSuccess: () => window.location.assign("/login?reason=SESSION_REVOKED") },
            );
          }}
        >
          {changePassword.error && !Object.keys(passwordErrors).length && <Alert>{errorMessage(changePassword.error)}</Alert>}
          <Field label="Current password" error={passwordErrors.currentPassword}>
            {(f) => <Input {...f} name="currentPassword" type="password" required autoComplete="current-password" />}
          </Field>
          <NewPasswordField error={passwordErrors.newPassword} />
          <Field label="New password, again" error={mismatch ? "The two new passwords are not the same." : null}>
            {(f) => <Input {...f} name="confirmPassword" type="password" required autoComplete="new-password" />}
          </Field>
          <Button type="submit" busy={changePassword.isPending}>
            Change password
          </Button>
          <p className="text-xs text-slate-500">You will be signed out everywhere and sign in again with the new password.</p>
        </form>
      </Card>

      <NotificationPreferences />

      <SessionsCard />
    </div>
  );
}
