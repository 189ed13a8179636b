import type { Metadata } from "next";
import { Suspense } from "react";
import { TRPCProvider } from "@/components/trpc/react";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default function ResetPasswordPage() {
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-2xl font-semibold tracking-tight">Choose a new password</h1>
      <p className="mt-1 text-sm text-slate-600">Every device signed in to your account will be signed out.</p>
      <div className="mt-6 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <TRPCProvider>
          <Suspense>
            <ResetPasswordForm />
          </Suspense>
        </TRPCProvider>
      </div>
    </div>
  );
}
