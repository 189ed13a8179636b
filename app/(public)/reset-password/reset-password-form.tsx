"use client";
import { useState } from "react";
import { useSearchParams } from "next/navigation";
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { Alert, Button, Field, Input } from "@/components/ui";
import { PasswordStrength } from "@/components/password-strength";

export function ResetPasswordForm() {
  const token = useSearchParams().get("token") ?? "";
  const reset = api.auth.resetPassword.useMutation();
  const errors = fieldErrors(reset.error);
  const [password, setPassword] = useState("");
  const [mismatch, setMismatch] = useState(false);

  if (!token) {
    return (
      <Alert title="This link is not complete">
        Open the link from the mail again, or{" "}
        <a href="/forgot-password" className="underline">
          ask for a new one
        </a>
        .
      </Alert>
    );
  }
  if (reset.isSuccess) {
    return (
      <div className="space-y-4">
        <Alert tone="good" title="Your password is changed">
          You were signed out everywhere. Sign in with your new password.
        </Alert>
        <a href="/login" className="text-sm font-medium text-teal-700 hover:underline">
          Sign in
        </a>
      </div>
    );
  }
  const linkProblem = reset.error && !errors.newPassword ? errorMessage(reset.error) : null;
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const again = String(form.get("again") ?? "");
        setMismatch(again !== password);
        if (again !== password) return;
        reset.mutate({ token, newPassword: password });
      }}
    >
      {linkProblem && (
        <Alert>
          {linkProblem}{" "}
          <a href="/forgot-password" className="underline">
            Ask for a new link
          </a>
        </Alert>
      )}
      <Field label="New password" error={errors.newPassword}>
        {(f) => (
          <Input
            {...f}
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
      <PasswordStrength password={password} />
      <Field label="The new password again" error={mismatch ? ["The two passwords differ."] : undefined}>
        {(f) => <Input {...f} name="again" type="password" autoComplete="new-password" required />}
      </Field>
      <Button type="submit" busy={reset.isPending} className="w-full">
        Set the new password
      </Button>
    </form>
  );
}
