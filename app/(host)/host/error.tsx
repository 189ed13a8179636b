"use client";
import { ProblemError } from "@/components/problem-error";

export default function AreaError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ProblemError error={error} reset={reset} home="/host" />;
}
