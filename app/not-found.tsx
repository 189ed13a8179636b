// Any address that matches no page: the site's frame, what happened, and a way home.
import type { Metadata } from "next";
import Link from "next/link";
import { ProblemPage } from "@/components/problem-page";

export const metadata: Metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center px-4 py-3">
          <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
            <span aria-hidden="true" className="grid h-7 w-7 place-items-center rounded bg-teal-700 text-xs text-white">
              T
            </span>
            Tessera
          </Link>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-10">
        <ProblemPage
          code="404"
          title="This page does not exist"
          message="Check the address for typing mistakes, or start again from your home page."
        />
      </main>
    </div>
  );
}
