"use client";
// A strength meter for a new password: the same estimator the server applies (zxcvbn-ts, loaded
// when first needed), its verdict in words, and why a weak password is weak.
import { useEffect, useState } from "react";
import { Field, Input } from "@/components/ui";
import type { Strength } from "@/shared/password-strength";

/**
 * A field for choosing a password (sign-up, reset, change), with the same hint and the strength
 * meter under it. The form reads it by `name` like any other field.
 */
export function NewPasswordField({
  label = "New password",
  name = "newPassword",
  error,
  userInputs,
}: {
  label?: string;
  name?: string;
  error?: string | string[] | null;
  /** The person's own name and address: a password made of them is weak. */
  userInputs?: string[];
}) {
  const [password, setPassword] = useState("");
  return (
    <>
      <Field label={label} error={error} hint="At least 12 characters, hard to guess: a few uncommon words work well.">
        {(p) => (
          <Input
            {...p}
            name={name}
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
      <PasswordStrength password={password} userInputs={userInputs} />
    </>
  );
}

const COLORS = ["bg-red-600", "bg-orange-500", "bg-amber-400", "bg-teal-600", "bg-teal-700"];

export function PasswordStrength({ password, userInputs = [] }: { password: string; userInputs?: string[] }) {
  const [strength, setStrength] = useState<Strength | null>(null);
  const inputsKey = userInputs.join("\u0001");
  // A cleared password forgets the last verdict, so typing again starts from "Checking…". Adjusted
  // while rendering (React re-renders at once) rather than in an effect that would render twice.
  if (!password && strength !== null) setStrength(null);
  useEffect(() => {
    if (!password) return;
    let live = true;
    const timer = setTimeout(async () => {
      const { passwordStrength } = await import("@/shared/password-strength");
      if (live) setStrength(passwordStrength(password, inputsKey.split("\u0001")));
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [password, inputsKey]);
  if (!password) return null;
  const tooShort = password.length < 12;
  const score = strength?.score ?? 0;
  return (
    <div className="mt-2" data-testid="password-strength">
      <div className="flex gap-1" aria-hidden="true">
        {[0, 1, 2, 3, 4].map((i) => (
          <span key={i} className={`h-1.5 flex-1 rounded ${strength && i <= score ? COLORS[score] : "bg-slate-200"}`} />
        ))}
      </div>
      <p className="mt-1 text-xs text-slate-600" aria-live="polite">
        {strength ? (
          <>
            <span className="font-medium text-slate-800">Strength: {strength.label}.</span>{" "}
            {tooShort ? "Use at least 12 characters. " : ""}
            {strength.ok ? (tooShort ? "" : "Good.") : strength.advice}
          </>
        ) : (
          "Checking…"
        )}
      </p>
    </div>
  );
}
