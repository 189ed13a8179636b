"use client";
// Register, rotate and revoke kiosks; see when each last checked in. A new key is shown once.
import { useState } from "react";
import { api, errorMessage, fieldErrors, formError } from "@/components/trpc/react";
import { Dialog } from "@/components/ui/dialog";
import { Alert, Badge, Button, Card, EmptyState, Field, Input, Loading, Select } from "@/components/ui";
import { DataTable } from "@/components/ui/data-table";
import { FormCard } from "@/components/ui/form-card";
import type { Role } from "@/db/schema/values";

const timeFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

function lastSeenText(at: Date | null, now: number): string {
  if (!at) return "Never";
  const minutes = Math.round((now - at.getTime()) / 60_000);
  if (minutes < 1) return "Just now";
  if (minutes < 60) return `${minutes} min ago`;
  return timeFormat.format(at);
}

interface ShownKey {
  title: string;
  deviceId: string;
  name: string;
  key: string;
}

function CopyField({ label, value, testId }: { label: string; value: string; testId: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-1">
      <p className="text-sm font-medium text-slate-800">{label}</p>
      <div className="flex items-center gap-2">
        <code
          data-testid={testId}
          className="block flex-1 break-all rounded-md bg-slate-100 px-3 py-2 font-mono text-sm text-slate-900 select-all"
        >
          {value}
        </code>
        <Button
          type="button"
          variant="secondary"
          aria-label={`Copy ${label.toLowerCase()}`}
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(value);
              setCopied(true);
              setTimeout(() => setCopied(false), 2000);
            } catch {
              setCopied(false);
            }
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}

export function KiosksManager({ viewer }: { viewer: { role: Role; regionId: string | null } }) {
  const utils = api.useUtils();
  const devices = api.kiosk.devices.useQuery(undefined, { refetchInterval: 30_000 });
  const districts = api.geography.adminDistricts.useQuery();
  const [shown, setShown] = useState<ShownKey | null>(null);
  const [confirm, setConfirm] = useState<{ action: "rotate" | "revoke"; id: string; name: string } | null>(null);
  const refresh = () => utils.kiosk.devices.invalidate();
  const register = api.kiosk.register.useMutation({
    onSuccess: ({ device, key }, _vars) => {
      setShown({ title: "Kiosk registered", deviceId: device.id, name: device.name, key });
      void refresh();
    },
  });
  const rotate = api.kiosk.rotateKey.useMutation({
    onSuccess: ({ device, key }) => {
      setConfirm(null);
      setShown({ title: "New key", deviceId: device.id, name: device.name, key });
      void refresh();
    },
  });
  const revoke = api.kiosk.revoke.useMutation({
    onSuccess: () => {
      setConfirm(null);
      void refresh();
    },
  });
  const errors = fieldErrors(register.error);
  // The districts the caller may register kiosks in: the server scopes the list (admin.scope).
  const mine = districts.data ?? [];
  // "Last seen" is relative to when the list was fetched (every 30 s), not to each render.
  const now = devices.dataUpdatedAt;

  return (
    <div className="space-y-6">
      <FormCard
        title="Register a kiosk"
        submitLabel="Register kiosk"
        onSubmit={(f) => register.mutate({ districtId: String(f.get("districtId") ?? ""), name: String(f.get("name") ?? "") })}
        error={formError(register.error)}
        pending={register.isPending}
        submitDisabled={mine.length === 0}
        formClassName="grid grid-cols-1 items-end gap-4 md:grid-cols-[16rem_minmax(0,1fr)_auto]"
      >
        <Field label="District" error={errors.districtId}>
          {(p) => (
            <Select {...p} name="districtId" required>
              {mine.map((d) => (
                <option key={d.id} value={d.id}>
                  {viewer.role === "SUPER_ADMIN" ? `${d.name} (${d.regionName})` : d.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Where it stands" hint="For example: Harbour square, by the ferry ticket office." error={errors.name}>
          {(p) => <Input {...p} name="name" required minLength={3} maxLength={80} autoComplete="off" />}
        </Field>
      </FormCard>

      <Card title="Kiosks">
        {devices.isLoading ? (
          <Loading label="Loading kiosks…" />
        ) : devices.error ? (
          <Alert>{errorMessage(devices.error)}</Alert>
        ) : (devices.data ?? []).length === 0 ? (
          <EmptyState title="No kiosks yet">Register one above; you will get the key to enter on the device.</EmptyState>
        ) : (
          <>
            {(rotate.error || revoke.error) && !confirm && <Alert>{errorMessage(rotate.error ?? revoke.error)}</Alert>}
            <DataTable
              caption="Kiosks"
              rows={devices.data ?? []}
              rowKey={(d) => d.id}
              rowTestId="kiosk-row"
              columns={[
                {
                  header: "Kiosk",
                  cell: (d) => (
                    <>
                      <span className="font-medium">{d.name}</span>
                      <span className="block font-mono text-xs text-slate-500">{d.id}</span>
                    </>
                  ),
                },
                {
                  header: "District",
                  cell: (d) => (
                    <>
                      {d.districtName}
                      <span className="block text-xs text-slate-500">{d.regionName}</span>
                    </>
                  ),
                },
                {
                  header: "Key",
                  cell: (d) => (
                    <>
                      <span className="font-mono text-xs">{d.keyPrefix}…</span>
                      {d.rotatedAt && (
                        <span className="block text-xs text-slate-500">changed {timeFormat.format(d.rotatedAt)}</span>
                      )}
                    </>
                  ),
                },
                {
                  header: "Status",
                  cell: (d) =>
                    !d.active ? (
                      <Badge tone="bad">Revoked</Badge>
                    ) : d.online ? (
                      <Badge tone="good">Online</Badge>
                    ) : (
                      <Badge tone="warn">Offline</Badge>
                    ),
                },
                { header: "Last heartbeat", cell: (d) => lastSeenText(d.lastSeenAt, now) },
                {
                  header: "Actions",
                  hideHeader: true,
                  className: "whitespace-nowrap text-right",
                  cell: (d) =>
                    d.active && (
                      <>
                        <Button
                          variant="ghost"
                          aria-label={`Change the key of ${d.name}`}
                          onClick={() => {
                            rotate.reset();
                            setConfirm({ action: "rotate", id: d.id, name: d.name });
                          }}
                        >
                          Change key
                        </Button>
                        <Button
                          variant="ghost"
                          className="text-rose-700"
                          aria-label={`Revoke ${d.name}`}
                          onClick={() => {
                            revoke.reset();
                            setConfirm({ action: "revoke", id: d.id, name: d.name });
                          }}
                        >
                          Revoke
                        </Button>
                      </>
                    ),
                },
              ]}
            />
          </>
        )}
      </Card>

      <Dialog
        open={confirm !== null}
        onOpenChange={(open) => !open && setConfirm(null)}
        title={confirm?.action === "rotate" ? `Change the key of “${confirm?.name}”?` : `Revoke “${confirm?.name}”?`}
        description={
          confirm?.action === "rotate"
            ? "The current key stops working at once: the kiosk will ask to be set up again with the new key."
            : "The kiosk stops at once and cannot be used again. To put a screen back, register a new kiosk."
        }
      >
        {(rotate.error || revoke.error) && <Alert>{errorMessage(rotate.error ?? revoke.error)}</Alert>}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirm(null)}>
            Cancel
          </Button>
          {confirm?.action === "rotate" ? (
            <Button busy={rotate.isPending} onClick={() => rotate.mutate({ kioskId: confirm.id })}>
              Change key
            </Button>
          ) : (
            <Button variant="danger" busy={revoke.isPending} onClick={() => confirm && revoke.mutate({ kioskId: confirm.id })}>
              Revoke kiosk
            </Button>
          )}
        </div>
      </Dialog>

      <Dialog
        open={shown !== null}
        onOpenChange={(open) => !open && setShown(null)}
        title={shown?.title ?? ""}
        description="Copy the key now: it is shown only this once. On the kiosk, open /kiosk and enter the device id and the key."
      >
        {shown && (
          <div className="space-y-4">
            <p className="text-sm text-slate-700">
              <span className="font-medium">{shown.name}</span>
            </p>
            <CopyField label="Device id" value={shown.deviceId} testId="kiosk-device-id" />
            <CopyField label="Key" value={shown.key} testId="kiosk-key" />
            <div className="flex justify-end">
              <Button onClick={() => setShown(null)}>I have copied the key</Button>
            </div>
          </div>
        )}
      </Dialog>
    </div>
  );
}
