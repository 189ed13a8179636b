"use client";
import { useState } from "react";
import { useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { Alert, Button, Field, Input } from "@/components/ui";
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { describeLoginError } from "../login/login-form";
import { NewPasswordField } from "@/components/password-strength";

export function SignupForm() {
  const params = useSearchParams();
  const signup = api.auth.signup.useMutation();
  const [signInError, setSignInError] = useState<string | null>(null);
  const errors = fieldErrors(signup.error);
  const [contact, setContact] = useState<"email" | "phone">("email");
  const [identity, setIdentity] = useState<string[]>([]);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const identifier = String(form.get(contact) ?? "");
    const password = String(form.get("password") ?? "");
    setSignInError(null);
    signup.mutate(
      {
        inviteCode: String(form.get("inviteCode") ?? ""),
        email: contact === "email" ? identifier : undefined,
        phone: contact === "phone" ? identifier : undefined,
        password,
        displayName: String(form.get("displayName") ?? ""),
      },
      {
        onSuccess: async (created) => {
          const result = await signIn("credentials", { identifier, password, redirect: false });
          if (!result || result.error) {
            setSignInError(`Your account is ready, but signing in failed: ${describeLoginError(result?.code)}`);
            return;
          }
          window.location.assign(created.home);
        },
      },
    );
  }

  const formError = signup.error && Object.keys(errors).length === 0 ? errorMessage(signup.error) : null;
  const busy = signup.isPending || (signup.isSuccess && !signInError);

  return (
    <form
      onSubmit={onSubmit}
      method="post"
      className="space-y-4"
      noValidate
      onChange={(e) => {
        const form = new FormData(e.currentTarget);
        setIdentity(["email", "phone", "displayName"].map((k) => String(form.get(k) ?? "")).filter(Boolean));
      }}
    >
      {formError && <Alert tone="bad">{formError}</Alert>}
      {signInError && <Alert tone="warn">{signInError}</Alert>}
      <Field label="Invite code" error={errors.inviteCode} hint="From your invite link, e.g. K7QM-2XHT-9WPA.">
        {(p) => (
          <Input
            {...p}
            name="inviteCode"
            defaultValue={params.get("invite") ?? ""}
            autoComplete="off"
            spellCheck={false}
            required
          />
        )}
      </Field>
      <Field label="Your name" error={errors.displayName} hint="Shown to hosts and travelers you deal with.">
        {(p) => <Input {...p} name="displayName" autoComplete="name" required />}
      </Field>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Sign in with</legend>
        <div className="mt-1 flex gap-4 text-sm">
          {(["email", "phone"] as const).map((kind) => (
            <label key={kind} className="flex items-center gap-1.5">
              <input type="radio" name="contact" value={kind} checked={contact === kind} onChange={() => setContact(kind)} />
              {kind === "email" ? "Email" : "Phone"}
            </label>
          ))}
        </div>
      </fieldset>
      {contact === "email" ? (
        <Field label="Email" error={errors.email}>
          {(p) => <Input {...p} name="email" type="email" autoComplete="email" required />}
        </Field>
      ) : (
        <Field label="Phone" error={errors.phone} hint="With country code, e.g. +30 21 0123 4567.">
          {(p) => <Input {...p} name="phone" type="tel" autoComplete="tel" required />}
        </Field>
      )}
      <NewPasswordField label="Password" name="password" error={errors.password} userInputs={identity} />
      <Button type="submit" className="w-full" busy={busy}>
        Create account
      </Button>
    </form>
  );
}
