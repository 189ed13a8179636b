"use client";
// A read-only value shown once (a signup link, a reset link) with a Copy button: selected on focus,
// "Copied" until the value changes.
import { useState } from "react";
import { Button } from "./button";
import { cn } from "./cn";
import { Input } from "./index";

export function CopyField({
  id,
  label,
  value,
  testId,
  labelClassName,
}: {
  id: string;
  label: string;
  value: string;
  testId?: string;
  labelClassName?: string;
}) {
  const [copiedValue, setCopiedValue] = useState<string | null>(null);
  return (
    <>
      <label className={cn("block font-medium", labelClassName ?? "text-sm text-slate-800")} htmlFor={id}>
        {label}
      </label>
      <div className="flex gap-2">
        <Input id={id} readOnly value={value} data-testid={testId} onFocus={(e) => e.currentTarget.select()} />
        <Button
          type="button"
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard?.writeText(value).catch(() => {});
            setCopiedValue(value);
          }}
        >
          {copiedValue === value ? "Copied" : "Copy"}
        </Button>
      </div>
    </>
  );
}
