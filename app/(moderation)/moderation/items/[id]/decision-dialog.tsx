"use client";
// Deciding an item: the decision's effect, a reason (kept with the decision and in the audit log),
// and what to do when the item changed meanwhile.
import { errorMessage, fieldErrors } from "@/components/trpc/react";
import { Alert, Button, Field } from "@/components/ui";
import { Dialog } from "@/components/ui/dialog";
import type { ModerationDecision, ModerationTargetType } from "@/db/schema/values";
import { decisionEffect, DECISION_LABELS } from "../../labels";
import { isRace } from "./races";

export function DecisionDialog({
  deciding,
  targetType,
  title,
  error,
  pending,
  onSubmit,
  onClose,
  onReload,
}: {
  deciding: ModerationDecision | null;
  targetType: ModerationTargetType;
  title: string;
  error: unknown;
  pending: boolean;
  onSubmit: (decision: ModerationDecision, reason: string) => void;
  onClose: () => void;
  onReload: () => void;
}) {
  return (
    <Dialog
      open={deciding !== null}
      onOpenChange={(o) => {
        if (!o) onClose();
      }}
      title={deciding ? `${DECISION_LABELS[deciding].verb} “${title}”?` : ""}
      description={deciding ? decisionEffect(targetType, deciding) : undefined}
    >
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          const reason = String(new FormData(e.currentTarget).get("reason") ?? "");
          if (deciding) onSubmit(deciding, reason);
        }}
      >
        {error && isRace(error) ? (
          <Alert tone="warn" title="This item changed">
            <p>{errorMessage(error)}</p>
            <Button type="button" variant="secondary" className="mt-3" onClick={onReload}>
              Reload
            </Button>
          </Alert>
        ) : error && Object.keys(fieldErrors(error)).length === 0 ? (
          <Alert>{errorMessage(error)}</Alert>
        ) : null}
        <Field
          label="Reason"
          error={fieldErrors(error).reason}
          hint={`Kept with the decision and in the audit log; the ${targetType === "LISTING" ? "host" : "person"} sees it.`}
        >
          {(p) => (
            <textarea
              {...p}
              name="reason"
              required
              rows={4}
              maxLength={1000}
              autoFocus
              className="block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-teal-600 aria-[invalid=true]:ring-rose-500"
              placeholder={
                deciding === "APPROVE"
                  ? "e.g. Clear, accurate, and within the pilot's rules."
                  : targetType === "LISTING"
                    ? "Say what is wrong, so the host can fix it."
                    : "Say what is wrong, so they can fix it."
              }
            />
          )}
        </Field>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            variant={deciding === "APPROVE" ? "primary" : "danger"}
            busy={pending}
            disabled={Boolean(error && isRace(error))}
          >
            {deciding ? DECISION_LABELS[deciding].verb : ""}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
