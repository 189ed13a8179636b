import type { Metadata } from "next";
import { TRPCProvider } from "@/components/trpc/react";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-2xl font-semibold tracking-tight">Forgot your password?</h1>
      <p className="mt-1 text-sm text-slate-600">
        Enter the e-mail address you sign in with. We will send it a link to choose a new password.
      </p>
      <div className="mt-6 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <TRPCProvider>
          <ForgotPasswordForm />
        </TRPCProvider>
      </div>
      <p className="mt-4 text-center text-sm text-slate-600">
        Signed up with a phone number, or lost access to your mailbox? An administrator of your region can give you a one-time
        reset link.
      </p>
    </div>
  );
}
