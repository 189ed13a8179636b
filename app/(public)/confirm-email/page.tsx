import type { Metadata } from "next";
import { Suspense } from "react";
import { TRPCProvider } from "@/components/trpc/react";
import { ConfirmEmail } from "./confirm-email";

export const metadata: Metadata = { title: "Confirm your e-mail address", referrer: "no-referrer" };

export default async function ConfirmEmailPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const undo = (await searchParams).revert !== undefined;
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-2xl font-semibold tracking-tight">
        {undo ? "Undo a change of address" : "Confirm your e-mail address"}
      </h1>
      <div className="mt-6 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <TRPCProvider>
          <Suspense>
            <ConfirmEmail />
          </Suspense>
        </TRPCProvider>
      </div>
    </div>
  );
}
