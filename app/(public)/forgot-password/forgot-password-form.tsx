"use client";
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { Alert, Button, Field, Input } from "@/components/ui";

export function ForgotPasswordForm() {
  const request = api.auth.requestPasswordReset.useMutation();
  const errors = fieldErrors(request.error);
  if (request.data) {
    return (
      <div className="space-y-4">
        <Alert tone="good" title="Check your mailbox">
          {request.data.message}
        </Alert>
        <a href="/login" className="text-sm text-teal-700 hover:underline">
          Back to sign in
        </a>
      </div>
    );
  }
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        request.mutate({ email: String(new FormData(e.currentTarget).get("email") ?? "") });
      }}
    >
      {request.error && !errors.email && <Alert>{errorMessage(request.error)}</Alert>}
      <Field label="E-mail address" error={errors.email}>
        {(f) => <Input {...f} name="email" type="email" autoComplete="email" required />}
      </Field>
      <Button type="submit" busy={request.isPending} className="w-full">
        Send the link
      </Button>
    </form>
  );
}
