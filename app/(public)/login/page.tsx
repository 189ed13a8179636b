import type { Metadata } from "next";
import { Suspense } from "react";
import { redirect } from "next/navigation";
import { currentUser } from "@/server/rsc";
import { ROLE_HOME } from "@/server/policy/roles";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage() {
  // Already signed in (a session the server still honours): straight home.
  const { user } = await currentUser();
  if (user) redirect(ROLE_HOME[user.role]);
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
      <p className="mt-1 text-sm text-slate-600">With the email address or phone number you signed up with.</p>
      <div className="mt-6 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <Suspense>
          <LoginForm />
        </Suspense>
      </div>
      <p className="mt-4 text-center text-sm">
        <a href="/forgot-password" className="font-medium text-teal-700 hover:underline">
          Forgot password?
        </a>
      </p>
      <p className="mt-2 text-center text-sm text-slate-600">
        New here? Tessera is invite only: ask a host or an administrator for an invite link.
      </p>
    </div>
  );
}
