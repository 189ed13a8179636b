"use client";
// The enrollment's personal details: the form, and their summary once saved. The national ID number
// is typed into a field that is never filled back in: the server only ever returns its last four characters.
import { useRef, useState } from "react";
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { Alert, Button, Card, Field, Input, Select } from "@/components/ui";
import { formatDate } from "./labels";

type Profile = { legalName: string; dateOfBirth: string; districtId: string; districtName: string; nidLast4: string } | null;

export function ProfileSummary({ profile }: { profile: NonNullable<Profile> }) {
  return (
    <dl className="grid gap-3 text-sm sm:grid-cols-2">
      <div>
        <dt className="text-slate-500">Legal name</dt>
        <dd className="text-slate-900">{profile.legalName}</dd>
      </div>
      <div>
        <dt className="text-slate-500">Date of birth</dt>
        <dd className="text-slate-900">{formatDate(profile.dateOfBirth)}</dd>
      </div>
      <div>
        <dt className="text-slate-500">District</dt>
        <dd className="text-slate-900">{profile.districtName}</dd>
      </div>
      <div>
        <dt className="text-slate-500">National ID</dt>
        <dd className="text-slate-900">ending in {profile.nidLast4}</dd>
      </div>
    </dl>
  );
}

export function DetailsForm({ profile }: { profile: Profile }) {
  const utils = api.useUtils();
  const districts = api.geography.districts.useQuery();
  const save = api.identity.saveDetails.useMutation({ onSuccess: () => utils.identity.mine.invalidate() });
  const [saved, setSaved] = useState(false);
  const errors = fieldErrors(save.error);
  const formRef = useRef<HTMLFormElement>(null);

  return (
    <Card title="Your details">
      <form
        ref={formRef}
        className="grid gap-4 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          const f = new FormData(e.currentTarget);
          const nationalId = String(f.get("nationalId") ?? "");
          save.mutate(
            {
              legalName: String(f.get("legalName") ?? ""),
              dateOfBirth: String(f.get("dateOfBirth") ?? ""),
              districtId: String(f.get("districtId") ?? ""),
              ...(nationalId ? { nationalId } : {}),
            },
            {
              onSuccess: () => {
                setSaved(true);
                // The number is never kept in the page once sent.
                const input = formRef.current?.elements.namedItem("nationalId") as HTMLInputElement | null;
                if (input) input.value = "";
              },
            },
          );
        }}
      >
        {save.error && !Object.keys(errors).length && (
          <div className="sm:col-span-2">
            <Alert>{errorMessage(save.error)}</Alert>
          </div>
        )}
        <Field label="Legal name" error={errors.legalName} hint="As printed on your ID card.">
          {(p) => (
            <Input {...p} name="legalName" required maxLength={120} defaultValue={profile?.legalName ?? ""} autoComplete="name" />
          )}
        </Field>
        <Field label="Date of birth" error={errors.dateOfBirth}>
          {(p) => (
            <Input {...p} name="dateOfBirth" type="date" required defaultValue={profile?.dateOfBirth ?? ""} autoComplete="bday" />
          )}
        </Field>
        <Field label="District you live in" error={errors.districtId}>
          {(p) => (
            <Select
              {...p}
              name="districtId"
              required
              defaultValue={profile?.districtId ?? ""}
              key={districts.data ? "loaded" : "loading"}
            >
              <option value="" disabled>
                {districts.isLoading ? "Loading…" : "Choose a district"}
              </option>
              {(districts.data ?? []).map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field
          label="National ID number"
          error={errors.nationalId}
          hint={
            profile
              ? `Saved (ending in ${profile.nidLast4}). Leave empty to keep it, or type it again to change it.`
              : "Spaces and dashes do not matter."
          }
        >
          {(p) => (
            <Input
              {...p}
              name="nationalId"
              required={!profile}
              maxLength={40}
              autoComplete="off"
              spellCheck={false}
              inputMode="text"
            />
          )}
        </Field>
        <div className="flex items-center gap-3 sm:col-span-2">
          <Button type="submit" busy={save.isPending}>
            Save details
          </Button>
          {saved && !save.error && (
            <span role="status" className="text-sm text-emerald-700">
              Saved.
            </span>
          )}
        </div>
      </form>
    </Card>
  );
}
