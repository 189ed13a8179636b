"use client";
import { useState } from "react";
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { Alert, Badge, Button, Card, Field, Input, Loading } from "@/components/ui";
import type { Role } from "@/db/schema/values";

export function FlagsEditor({ viewer }: { viewer: { role: Role; regionId: string | null } }) {
  const utils = api.useUtils();
  const flags = api.flags.list.useQuery();
  const districts = api.geography.districts.useQuery();
  // The switch shows the requested state at once, and the server's state once the list reloads.
  const [requested, setRequested] = useState<Record<string, boolean>>({});
  const update = api.flags.update.useMutation({
    onSettled: async () => {
      await utils.flags.list.invalidate();
      setRequested({});
    },
  });
  const [lastKey, setLastKey] = useState<string | null>(null);
  const superAdmin = viewer.role === "SUPER_ADMIN";

  if (flags.isLoading || districts.isLoading) return <Loading label="Loading flags…" />;
  if (flags.error) return <Alert>{errorMessage(flags.error)}</Alert>;

  const mutate = (input: Parameters<typeof update.mutate>[0]) => {
    setLastKey(input.key);
    if (input.isGlobalEnabled !== undefined) setRequested({ [input.key]: input.isGlobalEnabled });
    update.mutate(input);
  };

  return (
    <div className="space-y-4">
      {!superAdmin && (
        <Alert tone="info">
          Switching a flag for everyone and changing its rollout are for super admins; you can turn flags on for districts of your
          region.
        </Alert>
      )}
      {(flags.data ?? []).map((flag) => {
        const globalOn = requested[flag.key] ?? flag.isGlobalEnabled;
        const errs = lastKey === flag.key ? fieldErrors(update.error) : {};
        const error = lastKey === flag.key && update.error && Object.keys(errs).length === 0 ? errorMessage(update.error) : null;
        return (
          <Card key={flag.key}>
            <div className="flex flex-wrap items-start justify-between gap-4">
              <div>
                <h2 className="font-mono text-sm font-semibold text-slate-900">{flag.key}</h2>
                <p className="mt-1 text-sm text-slate-600">{flag.description}</p>
              </div>
              <div className="flex items-center gap-3">
                <Badge tone={globalOn ? "good" : "neutral"}>{globalOn ? "On everywhere" : "Off globally"}</Badge>
                <label className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    role="switch"
                    checked={globalOn}
                    disabled={!superAdmin || update.isPending}
                    onChange={(e) => mutate({ key: flag.key, isGlobalEnabled: e.target.checked })}
                    aria-label={`${flag.key} on everywhere`}
                    className="h-4 w-4 accent-teal-700"
                  />
                  Everywhere
                </label>
              </div>
            </div>
            {error && (
              <div className="mt-3">
                <Alert>{error}</Alert>
              </div>
            )}
            <div className="mt-4 grid grid-cols-1 gap-4 md:grid-cols-[12rem_minmax(0,1fr)]">
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  mutate({ key: flag.key, rolloutPercentage: Number(new FormData(e.currentTarget).get("rollout")) });
                }}
                className="flex items-end gap-2"
              >
                <Field label="Rollout (%)" error={errs.rolloutPercentage}>
                  {(p) => (
                    <Input
                      {...p}
                      name="rollout"
                      type="number"
                      min={0}
                      max={100}
                      defaultValue={flag.rolloutPercentage}
                      disabled={!superAdmin}
                      className="w-24"
                    />
                  )}
                </Field>
                {superAdmin && (
                  <Button type="submit" variant="secondary">
                    Set
                  </Button>
                )}
              </form>
              <fieldset>
                <legend className="text-sm font-medium text-slate-800">On in districts</legend>
                <div className="mt-2 flex flex-wrap gap-x-5 gap-y-2">
                  {(districts.data ?? []).map((d) => {
                    const checked = flag.districtIds.includes(d.id);
                    const allowed = superAdmin || d.regionId === viewer.regionId;
                    return (
                      <label key={d.id} className="flex items-center gap-1.5 text-sm text-slate-700">
                        <input
                          type="checkbox"
                          className="h-4 w-4 accent-teal-700"
                          checked={checked}
                          disabled={!allowed || update.isPending}
                          onChange={(e) =>
                            mutate({
                              key: flag.key,
                              districtIds: e.target.checked
                                ? [...flag.districtIds, d.id]
                                : flag.districtIds.filter((x) => x !== d.id),
                            })
                          }
                        />
                        {d.name}
                      </label>
                    );
                  })}
                </div>
              </fieldset>
            </div>
          </Card>
        );
      })}
    </div>
  );
}
