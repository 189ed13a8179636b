"use client";
// The one "create something" card of the managers: a titled card around a one-column form, the
// call's error above the fields when no field carries it, a full-width submit button that shows
// when the call is under way, and what the call returned below (a code shown once, say).
// Imported from "@/components/ui/form-card" (not re-exported by the index, which it uses: no loop).
import { Alert, Button, Card } from "./index";

export function FormCard({
  title,
  submitLabel,
  onSubmit,
  error,
  pending,
  submitDisabled,
  children,
  after,
  className,
  formClassName,
}: {
  title: string;
  submitLabel: string;
  /** The form's fields, read from the submitted form. */
  onSubmit: (form: FormData, event: React.FormEvent<HTMLFormElement>) => void;
  /** The message for the whole form (see `formError`), or null. */
  error?: string | null;
  pending?: boolean;
  submitDisabled?: boolean;
  children: React.ReactNode;
  /** Shown below the form: its result, or what the section explains. */
  after?: React.ReactNode;
  className?: string;
  formClassName?: string;
}) {
  return (
    <Card title={title} className={className}>
      <form
        aria-label={title}
        className={formClassName ?? "space-y-4"}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(new FormData(e.currentTarget), e);
        }}
      >
        {error && <Alert>{error}</Alert>}
        {children}
        <Button type="submit" busy={pending} disabled={submitDisabled} className="w-full">
          {submitLabel}
        </Button>
      </form>
      {after}
    </Card>
  );
}
