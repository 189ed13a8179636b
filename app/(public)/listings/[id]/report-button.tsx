"use client";
// "Report this listing": a reason goes to the moderation queue.
import { useState } from "react";
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { Alert, Button, Field } from "@/components/ui";
import { Dialog } from "@/components/ui/dialog";

export function ReportButton({ listingId, title }: { listingId: string; title: string }) {
  const [open, setOpen] = useState(false);
  const report = api.moderation.report.useMutation();
  const errors = fieldErrors(report.error);
  const done = report.isSuccess;

  return (
    <>
      <Button
        variant="secondary"
        onClick={() => {
          report.reset();
          setOpen(true);
        }}
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4">
          <path d="M3.5 2.75a.75.75 0 0 0-1.5 0v14.5a.75.75 0 0 0 1.5 0v-4.392l1.657-.348a6.449 6.449 0 0 1 4.271.572 7.948 7.948 0 0 0 5.965.524l2.078-.64A.75.75 0 0 0 18 12.25v-8.5a.75.75 0 0 0-.904-.734l-2.38.501a7.25 7.25 0 0 1-4.186-.363l-.502-.2a8.75 8.75 0 0 0-5.053-.439l-1.475.31V2.75Z" />
        </svg>
        Report this listing
      </Button>
      {done && !open && (
        <p role="status" className="text-sm text-emerald-800">
          Thank you. Moderators will look at your report.
        </p>
      )}
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title="Report this listing"
        description={`Tell the moderators what is wrong with “${title}”. The host does not see who reported it.`}
      >
        {done ? (
          <div className="space-y-4">
            <Alert tone="good" title="Report sent">
              Thank you. It is in the moderators’ queue now; they decide whether the listing stays up.
            </Alert>
            <div className="flex justify-end">
              <Button onClick={() => setOpen(false)}>Close</Button>
            </div>
          </div>
        ) : (
          <form
            className="space-y-4"
            onSubmit={(e) => {
              e.preventDefault();
              const reason = String(new FormData(e.currentTarget).get("reason") ?? "");
              report.mutate({ targetType: "LISTING", targetId: listingId, reason });
            }}
          >
            {report.error && Object.keys(errors).length === 0 && <Alert>{errorMessage(report.error)}</Alert>}
            <Field
              label="What is wrong?"
              error={errors.reason}
              hint="For example: misleading, unsafe, not what it says, or offensive."
            >
              {(p) => (
                <textarea
                  {...p}
                  name="reason"
                  required
                  minLength={5}
                  maxLength={1000}
                  rows={4}
                  autoFocus
                  className="block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-teal-600 aria-[invalid=true]:ring-rose-500"
                />
              )}
            </Field>
            <div className="flex justify-end gap-2">
              <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" variant="danger" busy={report.isPending}>
                Send report
              </Button>
            </div>
          </form>
        )}
      </Dialog>
    </>
  );
}
