"use client";
// Redeems a one-time reset link (an admin's, or one sent by e-mail): the new password, twice.
import { useEffect, useState } from "react";
import { useSearchParams } from "next/navigation";
import { Alert, Button, Field, Input } from "@/components/ui";
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { NewPasswordField } from "@/components/password-strength";

export function ResetPasswordForm() {
  const params = useSearchParams();
  // Read once: the token then leaves the address bar (and the history entry), kept only in memory.
  const [token] = useState(() => params.get("token") ?? "");
  const reset = api.auth.resetPassword.useMutation();
  const [mismatch, setMismatch] = useState(false);
  const errors = fieldErrors(reset.error);

  useEffect(() => {
    if (token) window.history.replaceState(null, "", "/reset-password");
  }, [token]);

  if (!token) {
    return (
      <Alert title="This link is not complete">
        Open the whole link you were given, or ask an administrator of your region for a new one.
      </Alert>
    );
  }
  if (reset.isSuccess) {
    return (
      <div className="space-y-4">
        <Alert tone="good" title="Your new password is set">
          You were signed out everywhere. Sign in with the new password.
        </Alert>
        <a
          href="/login"
          className="inline-flex w-full items-center justify-center rounded-md bg-teal-700 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-teal-800"
        >
          Sign in
        </a>
      </div>
    );
  }

  const formError = reset.error && !errors.newPassword ? errorMessage(reset.error) : null;
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const password = String(f.get("newPassword") ?? "");
        const differs = password !== String(f.get("confirmPassword") ?? "");
        setMismatch(differs);
        if (!differs) reset.mutate({ token, newPassword: password });
      }}
    >
      {formError && <Alert>{formError}</Alert>}
      <NewPasswordField error={errors.newPassword} />
      <Field label="New password, again" error={mismatch ? "The two passwords are not the same." : null}>
        {(p) => <Input {...p} name="confirmPassword" type="password" autoComplete="new-password" required />}
      </Field>
      <Button type="submit" className="w-full" busy={reset.isPending}>
        Set password
      </Button>
    </form>
  );
}
