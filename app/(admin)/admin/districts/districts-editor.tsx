"use client";
import { useState } from "react";
import { api, errorMessage, fieldErrors, formError } from "@/components/trpc/react";
import { Alert, Badge, Button, Card, Field, Input, Loading, Select, Table, Td, Th } from "@/components/ui";
import { FormCard } from "@/components/ui/form-card";
import type { Role } from "@/db/schema/values";

export function DistrictsEditor({ viewer }: { viewer: { role: Role; regionId: string | null } }) {
  const utils = api.useUtils();
  const list = api.geography.adminDistricts.useQuery();
  const update = api.geography.updateDistrict.useMutation({
    onSuccess: () => {
      setEditing(null);
      void utils.geography.adminDistricts.invalidate();
    },
  });
  const regionList = api.geography.regions.useQuery(undefined, { enabled: viewer.role === "SUPER_ADMIN" });
  const createRegion = api.geography.createRegion.useMutation({ onSuccess: () => utils.geography.regions.invalidate() });
  const createDistrict = api.geography.createDistrict.useMutation({
    onSuccess: () => utils.geography.adminDistricts.invalidate(),
  });
  const [editing, setEditing] = useState<string | null>(null);
  const errors = fieldErrors(update.error);
  const superAdmin = viewer.role === "SUPER_ADMIN";
  const regions = (regionList.data ?? []).map((r) => [r.id, r.name] as const);

  if (list.isLoading) return <Loading label="Loading districts…" />;
  if (list.error) return <Alert>{errorMessage(list.error)}</Alert>;

  return (
    <div className="space-y-6">
      <Card>
        {update.error && Object.keys(errors).length === 0 && <Alert>{errorMessage(update.error)}</Alert>}
        <Table caption="Districts">
          <thead>
            <tr>
              <Th>District</Th>
              <Th>Region</Th>
              <Th>Crowd density</Th>
              <Th>Threshold</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {(list.data ?? []).map((d) => {
              const over = d.crowdDensity > d.densityThreshold;
              return editing === d.id ? (
                <tr key={d.id}>
                  <Td className="font-medium">{d.name}</Td>
                  <Td>{d.regionName}</Td>
                  <Td colSpan={3}>
                    <form
                      className="flex flex-wrap items-end gap-3"
                      onSubmit={(e) => {
                        e.preventDefault();
                        const f = new FormData(e.currentTarget);
                        update.mutate({
                          districtId: d.id,
                          crowdDensity: Number(f.get("crowdDensity")),
                          densityThreshold: Number(f.get("densityThreshold")),
                        });
                      }}
                    >
                      <Field label="Crowd density (%)" error={errors.crowdDensity}>
                        {(p) => (
                          <Input
                            {...p}
                            name="crowdDensity"
                            type="number"
                            min={0}
                            max={100}
                            defaultValue={d.crowdDensity}
                            className="w-28"
                          />
                        )}
                      </Field>
                      <Field label="Threshold (%)" error={errors.densityThreshold}>
                        {(p) => (
                          <Input
                            {...p}
                            name="densityThreshold"
                            type="number"
                            min={0}
                            max={100}
                            defaultValue={d.densityThreshold}
                            className="w-28"
                          />
                        )}
                      </Field>
                      <Button type="submit" busy={update.isPending}>
                        Save
                      </Button>
                      <Button
                        type="button"
                        variant="secondary"
                        onClick={() => {
                          setEditing(null);
                          update.reset();
                        }}
                      >
                        Cancel
                      </Button>
                    </form>
                  </Td>
                </tr>
              ) : (
                <tr key={d.id}>
                  <Td className="font-medium">{d.name}</Td>
                  <Td>{d.regionName}</Td>
                  <Td>
                    {d.crowdDensity}% {over && <Badge tone="warn">over threshold</Badge>}
                  </Td>
                  <Td>{d.densityThreshold}%</Td>
                  <Td className="text-right">
                    {/* adminDistricts holds only what the caller governs (admin.scope): each row is editable. */}
                    <Button
                      variant="ghost"
                      onClick={() => {
                        update.reset();
                        setEditing(d.id);
                      }}
                      aria-label={`Edit ${d.name}`}
                    >
                      Edit
                    </Button>
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </Card>

      {superAdmin && (
        <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
          <FormCard
            title="New region"
            submitLabel="Add region"
            onSubmit={(f) => createRegion.mutate({ name: String(f.get("name") ?? "") })}
            error={formError(createRegion.error)}
            pending={createRegion.isPending}
          >
            <Field label="Name" error={fieldErrors(createRegion.error).name}>
              {(p) => <Input {...p} name="name" />}
            </Field>
          </FormCard>
          <FormCard
            title="New district"
            submitLabel="Add district"
            onSubmit={(f) =>
              createDistrict.mutate({
                regionId: String(f.get("regionId") ?? ""),
                name: String(f.get("name") ?? ""),
                crowdDensity: 0,
                densityThreshold: 80,
              })
            }
            error={formError(createDistrict.error)}
            pending={createDistrict.isPending}
          >
            <Field label="Region" error={fieldErrors(createDistrict.error).regionId}>
              {(p) => (
                <Select {...p} name="regionId">
                  {regions.map(([id, name]) => (
                    <option key={id} value={id}>
                      {name}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label="Name" error={fieldErrors(createDistrict.error).name}>
              {(p) => <Input {...p} name="name" />}
            </Field>
          </FormCard>
        </div>
      )}
    </div>
  );
}
