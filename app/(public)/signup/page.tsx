import type { Metadata } from "next";
import { Suspense } from "react";
import { TRPCProvider } from "@/components/trpc/react";
import { SignupForm } from "./signup-form";

export const metadata: Metadata = { title: "Sign up" };

export default function SignupPage() {
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-semibold tracking-tight">Join the pilot</h1>
      <p className="mt-1 text-sm text-slate-600">Your invite decides your role and district.</p>
      <div className="mt-6 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <TRPCProvider>
          <Suspense>
            <SignupForm />
          </Suspense>
        </TRPCProvider>
      </div>
    </div>
  );
}
