"use client";
import { useState } from "react";
import { useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { Alert, Button, Field, Input } from "@/components/ui";
import { LOGIN_ERRORS } from "@/shared/login-messages";

const MESSAGES: Record<string, string> = LOGIN_ERRORS;

const REASONS: Record<string, string> = {
  SESSION_REVOKED: "Your session has ended. Please sign in again.",
  ACCOUNT_SUSPENDED: "This account is suspended.",
  ACCOUNT_BANNED: "This account is banned.",
};

export function describeLoginError(code: string | undefined): string {
  if (!code) return MESSAGES.INVALID_CREDENTIALS!;
  const [name, seconds] = code.split(":");
  if (name === "PILOT_NOT_STARTED" && seconds && Number.isFinite(Number(seconds))) {
    const opens = new Date(Number(seconds)).toLocaleString(undefined, { dateStyle: "long", timeStyle: "short" });
    return `The pilot starts on ${opens}; sign-in opens then.`;
  }
  if (name === "THROTTLED") {
    return `Too many failed attempts. Try again in ${seconds ?? "a few"} seconds.`;
  }
  return MESSAGES[name ?? ""] ?? "Sign-in failed. Please try again.";
}

/** Only a path on this site: "/\\evil.example" and "//evil.example" resolve to other origins. */
function sameOriginPath(next: string | null): string | null {
  if (!next) return null;
  try {
    const url = new URL(next, window.location.origin);
    return url.origin === window.location.origin ? `${url.pathname}${url.search}${url.hash}` : null;
  } catch {
    return null;
  }
}

export function LoginForm() {
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reason = params.get("reason");
  const signedOut = params.get("signedOut");

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await signIn("credentials", {
      identifier: String(form.get("identifier") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (!result || result.error) {
      setBusy(false);
      // Only a refused sign-in carries a code; anything else is the server failing, said as such.
      setError(
        result?.error === "CredentialsSignin"
          ? describeLoginError(result.code)
          : "Sign-in is not working right now. Please try again in a moment.",
      );
      return;
    }
    window.location.assign(sameOriginPath(params.get("callbackUrl")) ?? "/home");
  }

  return (
    <form onSubmit={onSubmit} method="post" className="space-y-4" noValidate>
      {signedOut && !error && <Alert tone="good">You are signed out.</Alert>}
      {reason && !error && REASONS[reason] && <Alert tone="warn">{REASONS[reason]}</Alert>}
      {error && <Alert tone="bad">{error}</Alert>}
      <Field label="Email or phone">{(p) => <Input {...p} name="identifier" autoComplete="username" required autoFocus />}</Field>
      <Field label="Password">
        {(p) => <Input {...p} name="password" type="password" autoComplete="current-password" required />}
      </Field>
      <Button type="submit" className="w-full" busy={busy}>
        Sign in
      </Button>
    </form>
  );
}
