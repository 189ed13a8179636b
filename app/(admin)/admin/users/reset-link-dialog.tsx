"use client";
// An admin issues a one-time password-reset link for someone (shown once, never again).
import { api, errorMessage } from "@/components/trpc/react";
import { Alert, Button } from "@/components/ui";
import { CopyField } from "@/components/ui/copy-field";
import { Dialog } from "@/components/ui/dialog";

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

export function ResetLinkDialog({ person, onClose }: { person: { id: string; name: string } | null; onClose: () => void }) {
  const issue = api.people.issuePasswordReset.useMutation();
  const close = () => {
    issue.reset();
    onClose();
  };
  return (
    <Dialog
      open={person !== null}
      onOpenChange={(open) => !open && close()}
      title={person ? `Password-reset link for ${person.name}` : ""}
      description="For someone who cannot receive mail. The link works once, for 24 hours; using it signs them out everywhere. It is shown only now: give it to them yourself, in person or by phone."
    >
      {issue.data ? (
        <div className="space-y-3">
          <CopyField id="reset-link" label="One-time link" value={issue.data.url} testId="reset-link" />
          <p className="text-sm text-slate-600">
            Valid until {when.format(issue.data.expiresAt)}. A newer link replaces this one.
          </p>
          <div className="flex justify-end">
            <Button type="button" onClick={close}>
              Done
            </Button>
          </div>
        </div>
      ) : (
        <div className="space-y-4">
          {issue.error && <Alert>{errorMessage(issue.error)}</Alert>}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button type="button" busy={issue.isPending} onClick={() => person && issue.mutate({ userId: person.id })}>
              Create link
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
