"use client";
// A small "Report" action for a review, a message or a person: asks why, and sends it to the queue.
import { api, type ApiError } from "@/components/trpc/react";

export function ReportLink({
  targetType,
  targetId,
  label = "Report",
  question = "What is wrong? (5 characters or more)",
  className,
}: {
  targetType: "REVIEW" | "REVIEW_REPLY" | "MESSAGE" | "USER";
  targetId: string;
  label?: string;
  question?: string;
  className?: string;
}) {
  const report = api.moderation.report.useMutation();
  if (report.isSuccess) return <p className="mt-1 text-xs text-slate-600">Reported. Moderators will look at it.</p>;
  return (
    <button
      type="button"
      className={className ?? "mt-1 text-xs text-slate-600 underline-offset-2 hover:underline"}
      onClick={() => {
        const reason = window.prompt(question);
        if (reason && reason.trim().length >= 5) report.mutate({ targetType, targetId, reason: reason.trim() });
      }}
    >
      {report.error ? `Not reported: ${(report.error as ApiError).message}` : label}
    </button>
  );
}
