"use client";
// Confirming takes a click (a POST), not the page load: mail scanners that open links must not
// use up the link.
import { useSearchParams } from "next/navigation";
import { api, errorMessage } from "@/components/trpc/react";
import { Alert, Button } from "@/components/ui";

export function ConfirmEmail() {
  const token = useSearchParams().get("token") ?? "";
  const confirm = api.auth.confirmEmail.useMutation();
  if (!token) return <Alert title="This link is not complete">Open the link from the mail again.</Alert>;
  if (confirm.isSuccess) {
    return (
      <Alert tone="good" title="Your address is confirmed">
        Mail from Tessera now reaches you.{" "}
        <a href="/login" className="underline">
          Sign in
        </a>
      </Alert>
    );
  }
  return (
    <div className="space-y-4">
      {confirm.error && <Alert>{errorMessage(confirm.error)}</Alert>}
      <p className="text-sm text-slate-600">Confirm that this address is yours, so Tessera may write to it.</p>
      <Button busy={confirm.isPending} className="w-full" onClick={() => confirm.mutate({ token })}>
        Confirm my address
      </Button>
    </div>
  );
}
