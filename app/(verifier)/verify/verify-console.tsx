"use client";
// Paste or scan a token; see exactly what was disclosed, or why it was refused, in words.
import { useState } from "react";
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { Alert, Badge, Button, Card, Field, Loading } from "@/components/ui";
import { attributeValue, when } from "@/components/verification/words";
import { CameraScanner } from "@/components/camera-scanner";

export function VerifyConsole() {
  const utils = api.useUtils();
  const org = api.verification.myOrganization.useQuery();
  const verify = api.verification.verify.useMutation({
    onSuccess: () => Promise.all([utils.verification.history.invalidate(), utils.verification.requests.invalidate()]),
  });
  const [token, setToken] = useState("");
  const [scanning, setScanning] = useState(false);
  const errors = fieldErrors(verify.error);

  if (org.isLoading) return <Loading label="Loading your organization…" />;
  if (org.error) return <Alert>{errorMessage(org.error)}</Alert>;
  if (!org.data) {
    return (
      <Alert tone="warn" title="You are not a member of an organization">
        Ask your organization&apos;s admin for a staff invite, or an admin to add you.
      </Alert>
    );
  }

  const submit = (value: string) => {
    setToken(value);
    verify.mutate({ token: value });
  };
  const result = verify.data;

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card title={`Check a code for ${org.data.name}`}>
        {org.data.status === "SUSPENDED" && (
          <div className="mb-4">
            <Alert tone="warn">Your organization is suspended: every check will be refused until an admin reinstates it.</Alert>
          </div>
        )}
        <form
          aria-label="Verify a token"
          className="space-y-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            submit(token.trim());
          }}
        >
          {verify.error && Object.keys(errors).length === 0 && <Alert>{errorMessage(verify.error)}</Alert>}
          <Field label="Token" error={errors.token} hint="Paste the text under the traveler's QR code, or scan it.">
            {(p) => (
              <textarea
                {...p}
                name="token"
                rows={5}
                value={token}
                onChange={(e) => setToken(e.target.value)}
                className="block w-full rounded-md px-3 py-2 font-mono text-xs ring-1 ring-slate-300 focus:ring-2 focus:ring-teal-600"
                spellCheck={false}
                autoComplete="off"
              />
            )}
          </Field>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" busy={verify.isPending}>
              Verify
            </Button>
            <Button type="button" variant="secondary" onClick={() => setScanning((s) => !s)} aria-expanded={scanning}>
              {scanning ? "Stop camera" : "Scan with camera"}
            </Button>
          </div>
        </form>
        {scanning && (
          <div className="mt-4">
            <CameraScanner
              onScan={(text) => {
                setScanning(false);
                submit(text);
              }}
            />
          </div>
        )}
      </Card>

      <Card title="Result">
        {verify.isPending ? (
          <Loading label="Checking…" />
        ) : !result ? (
          <p className="text-sm text-slate-600">The result of the check appears here.</p>
        ) : result.outcome === "VERIFIED" ? (
          <div className="space-y-4" data-testid="verification-result" role="status">
            <p className="flex items-center gap-2 text-lg font-semibold text-emerald-800">
              <span aria-hidden="true">✓</span> Verified
            </p>
            <dl className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
              {result.attributes.map((a) => (
                <div key={a.scope} className="flex justify-between gap-4 px-3 py-2">
                  <dt className="text-sm capitalize text-slate-600">{a.label}</dt>
                  <dd className="text-sm font-medium text-slate-900">{attributeValue(a.value)}</dd>
                </div>
              ))}
            </dl>
            <p className="text-xs text-slate-500">
              Checked at {when(result.checkedAt)}. Your organization&apos;s reference for this person:{" "}
              <span className="break-all font-mono">{result.subject}</span>
            </p>
          </div>
        ) : (
          <div className="space-y-2" data-testid="verification-result">
            <Alert title={`Refused: ${result.title}`}>{result.message}</Alert>
            <p className="text-xs text-slate-500">
              <Badge tone="bad">{result.reason}</Badge> Checked at {when(result.checkedAt)}.
            </p>
          </div>
        )}
      </Card>
    </div>
  );
}
