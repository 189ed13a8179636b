"use client";
// The Identity page for travelers and hosts: start an enrollment, fill in the details, upload the
// ID card (front and back) and optionally a proof of address, submit; then see where it stands,
// answer a request for changes, or read why it was refused. The national ID number is typed into a
// field that is never filled back in: the server only ever returns its last four characters.
import { useId, useRef, useState } from "react";
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { postFormToTrpc } from "@/components/media-manager/upload-transport";
import { Alert, Badge, Button, Card, EmptyState, Field, Input, Loading, Select } from "@/components/ui";
import type { EnrollmentDocumentKind } from "@/db/schema/values";
import { ENROLLMENT_DOCUMENT_LIMITS, MB } from "@/shared/upload-limits";
import { ENROLLMENT_STATUS_LABELS, formatDate, KYC_LABELS } from "./labels";

const DOCUMENTS: { kind: EnrollmentDocumentKind; label: string; hint: string; required: boolean }[] = [
  { kind: "ID_FRONT", label: "ID card, front", hint: "A clear photo or scan of the side with your name.", required: true },
  { kind: "ID_BACK", label: "ID card, back", hint: "The other side of the same card.", required: true },
  {
    kind: "PROOF_OF_ADDRESS",
    label: "Proof of address (optional)",
    hint: "A recent bill or statement; a PDF is fine here.",
    required: false,
  },
];

type Provider = "LOCAL" | "CLOUDINARY";

export function Enrollment({ verifiedBenefit, provider }: { verifiedBenefit: string; provider: Provider }) {
  const utils = api.useUtils();
  const mine = api.identity.mine.useQuery();
  const start = api.identity.start.useMutation({ onSuccess: () => utils.identity.mine.invalidate() });
  const submit = api.identity.submit.useMutation({ onSuccess: () => utils.identity.mine.invalidate() });

  if (mine.isLoading) return <Loading label="Loading your identity…" />;
  if (mine.error) return <Alert title="Your identity could not be loaded">{errorMessage(mine.error)}</Alert>;
  const data = mine.data!;
  const current = data.current;
  const kyc = KYC_LABELS[data.kycStatus];

  return (
    <div className="space-y-6">
      <Card>
        <div className="flex flex-wrap items-center gap-3">
          <span className="text-sm text-slate-600">Status:</span>
          <Badge tone={kyc.tone}>{kyc.label}</Badge>
          {current && current.status !== "APPROVED" && (
            <Badge tone={ENROLLMENT_STATUS_LABELS[current.status].tone}>
              Enrollment: {ENROLLMENT_STATUS_LABELS[current.status].label}
            </Badge>
          )}
        </div>
        {data.kycStatus === "VERIFIED" ? (
          <>
            <p className="mt-3 text-sm text-slate-700">Your identity is verified. {verifiedBenefit}</p>
            {data.reference && (
              <p className="mt-2 text-sm text-slate-700">
                Your Tessera reference, for support:{" "}
                <code className="break-all rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs" data-testid="tessera-reference">
                  {data.reference}
                </code>{" "}
                Organizations never see it: each one knows you by a different name.
              </p>
            )}
          </>
        ) : (
          <p className="mt-3 text-sm text-slate-700">
            Verify your identity to {verifiedBenefit.charAt(0).toLowerCase() + verifiedBenefit.slice(1)} A moderator checks your
            ID card against the details you type; nobody else sees your documents, and your national ID number is never stored,
            only a keyed fingerprint of it and its last four characters.
          </p>
        )}
      </Card>

      {current?.status === "CHANGES_REQUESTED" && (
        <Alert tone="warn" title="A moderator asked for changes">
          <p data-testid="decision-note">“{current.decisionNote}”</p>
          <p className="mt-1">Fix what they asked below, then submit again.</p>
        </Alert>
      )}
      {current?.status === "REJECTED" && (
        <Alert tone="bad" title="Your enrollment was refused">
          <p data-testid="decision-note">“{current.decisionNote}”</p>
          {data.canStart && <p className="mt-1">You can start a new enrollment.</p>}
        </Alert>
      )}
      {(current?.status === "SUBMITTED" || current?.status === "IN_REVIEW") && (
        <Alert tone="info" title="Thank you: your enrollment is waiting for review">
          A moderator will check it soon. You will see the result here; until then your details cannot be changed.
        </Alert>
      )}

      {data.canStart && (
        <Card title={current?.status === "REJECTED" ? "Start again" : "Verify your identity"}>
          <p className="mb-3 text-sm text-slate-700">You will need your national ID card (both sides). It takes a few minutes.</p>
          {start.error && <Alert>{errorMessage(start.error)}</Alert>}
          <Button onClick={() => start.mutate()} busy={start.isPending}>
            Start enrollment
          </Button>
        </Card>
      )}

      {current?.editable && (
        <>
          <DetailsForm profile={data.profile} />
          <Card title="Documents">
            <p className="mb-4 text-sm text-slate-600">
              JPEG, PNG or WebP (a PDF for proof of address), up to {ENROLLMENT_DOCUMENT_LIMITS.maxBytes / MB} MB, at least{" "}
              {ENROLLMENT_DOCUMENT_LIMITS.minSide} pixels on each side. Never a photo of your face.
            </p>
            <ul className="grid gap-6 md:grid-cols-3">
              {DOCUMENTS.map((d) => (
                <DocumentSlot
                  key={d.kind}
                  doc={d}
                  provider={provider}
                  uploaded={current.documents.find((x) => x.kind === d.kind) ?? null}
                />
              ))}
            </ul>
          </Card>
          <Card title="Submit">
            <p className="mb-3 text-sm text-slate-700">
              When your details are saved and both sides of the card are uploaded, submit for review.
            </p>
            {submit.error && <Alert>{errorMessage(submit.error)}</Alert>}
            <Button onClick={() => submit.mutate()} busy={submit.isPending}>
              {current.status === "CHANGES_REQUESTED" ? "Submit again" : "Submit for review"}
            </Button>
          </Card>
        </>
      )}

      {!current?.editable && data.profile && (
        <Card title="Your details">
          <ProfileSummary profile={data.profile} />
          {current && current.documents.length > 0 && (
            <ul className="mt-4 grid gap-4 sm:grid-cols-3" aria-label="Your documents">
              {current.documents.map((d) => (
                <li key={d.kind} className="space-y-1">
                  <p className="text-xs font-medium text-slate-600">{d.label}</p>
                  {d.url && d.format !== "pdf" ? (
                    // eslint-disable-next-line @next/next/no-img-element -- private and no-store: not through the image optimiser
                    <img
                      src={d.url}
                      alt={d.label}
                      className="aspect-[3/2] w-full rounded-md object-cover ring-1 ring-slate-200"
                    />
                  ) : d.url ? (
                    <a href={d.url} target="_blank" rel="noopener" className="text-sm text-teal-700 underline">
                      Open the PDF
                    </a>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}

      <Card title="History">
        {data.history.length === 0 ? (
          <EmptyState title="No enrollments yet" />
        ) : (
          <ol className="space-y-2 text-sm">
            {data.history.map((h) => (
              <li key={h.id} className="flex flex-wrap items-baseline gap-2">
                <Badge tone={ENROLLMENT_STATUS_LABELS[h.status].tone}>{ENROLLMENT_STATUS_LABELS[h.status].label}</Badge>
                <span className="text-slate-600">started {h.createdAt.toLocaleDateString("en-GB")}</span>
                {h.decidedAt && <span className="text-slate-600">· decided {h.decidedAt.toLocaleDateString("en-GB")}</span>}
                {h.decisionNote && <span className="text-slate-800">· “{h.decisionNote}”</span>}
              </li>
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}

type Profile = { legalName: string; dateOfBirth: string; districtId: string; districtName: string; nidLast4: string } | null;

function ProfileSummary({ profile }: { profile: NonNullable<Profile> }) {
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

function DetailsForm({ profile }: { profile: Profile }) {
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

type Uploaded = { kind: EnrollmentDocumentKind; assetId: string; url: string | null; format: string; label: string };

/**
 * CLOUDINARY: the browser posts the file straight to Cloudinary with parameters the server signed
 * (private `authenticated` delivery, the documents folder), then the server registers the result
 * after checking Cloudinary's signature and the same rules.
 */
async function uploadToCloudinary(
  file: File,
  sign: () => Promise<{ uploadUrl: string; apiKey: string; signature: string; params: Record<string, string | number> }>,
) {
  const signed = await sign();
  const form = new FormData();
  form.append("file", file);
  for (const [k, v] of Object.entries(signed.params)) form.append(k, String(v));
  form.append("api_key", signed.apiKey);
  form.append("signature", signed.signature);
  const res = await fetch(signed.uploadUrl, { method: "POST", body: form });
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (!res.ok || !body)
    throw new Error(
      (body?.error as { message?: string } | undefined)?.message ?? "The upload to Cloudinary failed. Please try again.",
    );
  return body as {
    public_id: string;
    version: number;
    signature: string;
    format: string;
    bytes: number;
    width?: number;
    height?: number;
    secure_url: string;
    resource_type: string;
  };
}

function DocumentSlot({
  doc,
  uploaded,
  provider,
}: {
  doc: (typeof DOCUMENTS)[number];
  uploaded: Uploaded | null;
  provider: Provider;
}) {
  const utils = api.useUtils();
  const remove = api.identity.removeDocument.useMutation({ onSuccess: () => utils.identity.mine.invalidate() });
  const register = api.identity.registerCloudinaryDocument.useMutation();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();

  async function upload(file: File) {
    setError(null);
    setProgress(0);
    const form = new FormData();
    form.append("kind", doc.kind);
    form.append("file", file, file.name);
    try {
      if (provider === "CLOUDINARY") {
        const result = await uploadToCloudinary(file, () => utils.identity.signDocumentUpload.fetch(undefined, { staleTime: 0 }));
        await register.mutateAsync({
          kind: doc.kind,
          public_id: result.public_id,
          version: Number(result.version),
          signature: result.signature,
          format: result.format,
          bytes: result.bytes,
          width: result.width ?? 0,
          height: result.height ?? 0,
          secure_url: result.secure_url,
          resource_type: result.resource_type,
        });
      } else {
        await postFormToTrpc("identity.uploadDocument", form, setProgress);
      }
      await utils.identity.mine.invalidate();
    } catch (err) {
      const e = err as { message?: string; data?: { fieldErrors?: Record<string, string[]> | null } | null };
      setError(e.data?.fieldErrors?.file?.[0] ?? e.message ?? "The upload failed.");
    } finally {
      setProgress(null);
    }
  }

  return (
    <li className="space-y-2">
      <p className="text-sm font-medium text-slate-800">{doc.label}</p>
      {uploaded?.url ? (
        uploaded.format === "pdf" ? (
          <a
            href={uploaded.url}
            target="_blank"
            rel="noopener"
            className="block rounded-md bg-slate-50 p-4 text-sm text-teal-700 ring-1 ring-slate-200"
          >
            PDF uploaded: open it<span className="sr-only"> (opens in a new tab)</span>
          </a>
        ) : (
          // eslint-disable-next-line @next/next/no-img-element -- private and no-store: not through the image optimiser
          <img
            src={uploaded.url}
            alt={`${doc.label} as uploaded`}
            className="aspect-[3/2] w-full rounded-md object-cover ring-1 ring-slate-200"
          />
        )
      ) : (
        <div className="flex aspect-[3/2] items-center justify-center rounded-md border-2 border-dashed border-slate-300 text-xs text-slate-500">
          Not uploaded yet
        </div>
      )}
      <label htmlFor={inputId} className="block text-xs text-slate-600">
        {uploaded ? "Replace" : "Upload"} {doc.label.replace(" (optional)", "")}
      </label>
      <input
        id={inputId}
        type="file"
        accept={doc.kind === "PROOF_OF_ADDRESS" ? ENROLLMENT_DOCUMENT_LIMITS.accept : "image/jpeg,image/png,image/webp"}
        disabled={progress !== null}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = "";
          if (file) void upload(file);
        }}
        className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-teal-50 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-teal-800 hover:file:bg-teal-100"
      />
      <p className="text-xs text-slate-500">{doc.hint}</p>
      {progress !== null && (
        <p role="status" className="text-xs text-slate-600">
          Uploading… {Math.round(progress * 100)}%
        </p>
      )}
      {error && (
        <p role="alert" className="text-sm text-rose-700">
          {error}
        </p>
      )}
      {uploaded && !doc.required && (
        <Button variant="secondary" onClick={() => remove.mutate({ kind: doc.kind })} busy={remove.isPending}>
          Remove
        </Button>
      )}
    </li>
  );
}
