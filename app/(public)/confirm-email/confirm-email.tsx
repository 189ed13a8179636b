"use client";
// Confirming an address (?token=) or undoing a change of address (?revert=, from the mail to the
// replaced address) takes a click (a POST), not the page load: mail scanners that open links must
// not use up the link.
import { useSearchParams } from "next/navigation";
import { api, errorMessage } from "@/components/trpc/react";
import { Alert, Button } from "@/components/ui";

export function ConfirmEmail() {
  const params = useSearchParams();
  const revertToken = params.get("revert");
  if (revertToken !== null) return <RevertEmailChange token={revertToken} />;
  return <ConfirmAddress token={params.get("token") ?? ""} />;
}

/** "This wasn't me": the link mailed to the address that was replaced. Also a click, not the load. */
function RevertEmailChange({ token }: { token: string }) {
  const revert = api.auth.revertEmailChange.useMutation();
  if (!token) return <Alert title="This link is not complete">Open the link from the mail again.</Alert>;
  if (revert.isSuccess) {
    return (
      <Alert tone="good" title="Your address is back">
        Every device was signed out, and links sent to the other address no longer work. Choose a new password now:{" "}
        <a href="/forgot-password" className="underline">
          forgot password
        </a>
        .
      </Alert>
    );
  }
  return (
    <div className="space-y-4">
      {revert.error && <Alert>{errorMessage(revert.error)}</Alert>}
      <p className="text-sm text-slate-600">
        Someone changed your account&apos;s e-mail address. Undo it: this address comes back and every device is signed out.
      </p>
      <Button busy={revert.isPending} className="w-full" onClick={() => revert.mutate({ token })}>
        Undo the change
      </Button>
    </div>
  );
}

function ConfirmAddress({ token }: { token: string }) {
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
