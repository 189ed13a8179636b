"use client";
// The error boundary's view for every area: says it was our fault, offers to try again and a way home.
import { useEffect } from "react";
import { ProblemPage } from "./problem-page";

export function ProblemError({
  error,
  reset,
  home = "/home",
}: {
  error: Error & { digest?: string };
  reset: () => void;
  home?: string;
}) {
  useEffect(() => {
    // The server already logged it with this digest; nothing more to say to the person.
    void error.digest;
  }, [error]);
  return (
    <ProblemPage
      code="Error"
      title="Something went wrong on our side"
      message="The page could not be shown. It may be a passing problem: try again in a moment. If it keeps happening, tell your administrator."
      home={home}
      action={
        <button
          type="button"
          onClick={reset}
          className="rounded-md px-3.5 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"
        >
          Try again
        </button>
      }
    />
  );
}
