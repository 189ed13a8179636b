"use client";
// The host's listing form, for a new listing and for editing one. The server validates everything;
// this shows its field messages beside the fields.
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { Alert, Button, Field, Input, Select } from "@/components/ui";
import { LISTING_CATEGORIES, type ListingCategory, type ListingKind } from "@/db/schema/values";
import type { ListingInput } from "@/server/listings/manage";

/** The fields a host fills in: exactly what the listings procedures take. */
export type ListingFormValues = ListingInput;

const CURRENCIES = ["EUR", "USD", "GBP"];

function readForm(form: HTMLFormElement): ListingFormValues {
  const f = new FormData(form);
  const get = (k: string) => String(f.get(k) ?? "");
  const amount = get("price").trim().replace(",", ".");
  return {
    kind: get("kind") as ListingKind,
    title: get("title"),
    description: get("description"),
    category: get("category") as ListingCategory,
    price: amount === "" ? null : { amountMinor: Math.round(Number(amount) * 100), currency: get("currency") },
    contact: get("contact") || null,
    meetingPoint: get("meetingPoint") || null,
  };
}

export function ListingForm({
  initial,
  submitLabel,
  busy,
  error,
  onSubmit,
  note,
}: {
  initial?: Partial<
    Omit<ListingFormValues, "category" | "price"> & { category: string; priceMinor: number | null; currency: string | null }
  >;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (values: ListingFormValues) => void;
  note?: React.ReactNode;
}) {
  const errors = fieldErrors(error);
  const priceError = errors.price ?? errors["price.amountMinor"] ?? errors["price.currency"];
  const general = error && Object.keys(errors).length === 0 ? errorMessage(error) : errors._form?.[0];
  return (
    <form
      className="space-y-5"
      noValidate
      aria-label="Listing"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(readForm(e.currentTarget));
      }}
    >
      {general && <Alert>{general}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Kind" error={errors.kind}>
          {(p) => (
            <Select {...p} name="kind" defaultValue={initial?.kind ?? "SERVICE"}>
              <option value="SERVICE">Service (something you offer)</option>
              <option value="HOTSPOT">Hotspot (a place to visit)</option>
            </Select>
          )}
        </Field>
        <Field label="Category" error={errors.category}>
          {(p) => (
            <Select {...p} name="category" defaultValue={initial?.category ?? "tours"}>
              {Object.entries(LISTING_CATEGORIES).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <Field label="Title" error={errors.title}>
        {(p) => <Input {...p} name="title" defaultValue={initial?.title} maxLength={120} required />}
      </Field>
      <Field label="Description" error={errors.description} hint="What travelers will find or get. At least 20 characters.">
        {(p) => (
          <textarea
            {...p}
            name="description"
            rows={6}
            defaultValue={initial?.description}
            maxLength={4000}
            className="block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 focus:ring-2 focus:ring-teal-600 aria-[invalid=true]:ring-rose-500"
          />
        )}
      </Field>
      <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
        <Field label="Price (optional)" error={priceError} hint="Leave empty when it is free or on request.">
          {(p) => (
            <Input
              {...p}
              name="price"
              inputMode="decimal"
              defaultValue={initial?.priceMinor != null ? (initial.priceMinor / 100).toFixed(2) : ""}
              placeholder="25.00"
            />
          )}
        </Field>
        <Field label="Currency">
          {(p) => (
            <Select {...p} name="currency" defaultValue={initial?.currency ?? "EUR"}>
              {CURRENCIES.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <fieldset className="space-y-4 rounded-md bg-slate-50 p-4 ring-1 ring-slate-200">
        <legend className="px-1 text-sm font-medium text-slate-800">Shown only to verified travelers of your district</legend>
        <Field label="Contact (optional)" error={errors.contact} hint="Phone, email or how to reach you.">
          {(p) => <Input {...p} name="contact" defaultValue={initial?.contact ?? ""} maxLength={300} />}
        </Field>
        <Field
          label="Meeting point (optional)"
          error={errors.meetingPoint}
          hint="In words: a street, a landmark. Never coordinates."
        >
          {(p) => <Input {...p} name="meetingPoint" defaultValue={initial?.meetingPoint ?? ""} maxLength={500} />}
        </Field>
      </fieldset>
      {note}
      <Button type="submit" busy={busy}>
        {submitLabel}
      </Button>
    </form>
  );
}

export function useListingMutations() {
  const utils = api.useUtils();
  const invalidate = () => Promise.all([utils.listings.mine.invalidate(), utils.listings.forEdit.invalidate()]);
  return {
    create: api.listings.create.useMutation({ onSuccess: invalidate }),
    update: api.listings.update.useMutation({ onSuccess: invalidate }),
    submit: api.listings.submit.useMutation({ onSuccess: invalidate }),
    archive: api.listings.archive.useMutation({ onSuccess: invalidate }),
  };
}
