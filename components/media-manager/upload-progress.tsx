"use client";
// Uploads on their way: a progress bar while the bytes travel, then "checking" (the server reads
// the picture) and "adding" (listings.addPhoto).
import { cn } from "@/components/ui";

export interface UploadItem {
  key: string;
  name: string;
  /** 0–1 while the bytes travel; null once they arrived (the server is checking). */
  progress: number | null;
  stage: "uploading" | "checking" | "adding";
}

export function UploadProgress({ uploads }: { uploads: UploadItem[] }) {
  if (uploads.length === 0) return null;
  return (
    <ul className="space-y-2" aria-label="Uploads in progress">
      {uploads.map((u) => {
        const percent = u.stage === "uploading" && u.progress !== null ? Math.round(u.progress * 100) : null;
        return (
          <li key={u.key} className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
            <div className="flex justify-between gap-2 text-sm">
              <span className="truncate font-medium text-slate-800">{u.name}</span>
              <span className="shrink-0 tabular-nums text-slate-600">
                {percent !== null ? `${percent}%` : u.stage === "checking" ? "Checking…" : "Adding…"}
              </span>
            </div>
            <div
              role="progressbar"
              aria-label={`Uploading ${u.name}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent ?? undefined}
              aria-valuetext={
                percent !== null ? `${percent}%` : u.stage === "checking" ? "Checking the photo" : "Adding it to the listing"
              }
              className="mt-2 h-2 overflow-hidden rounded-full bg-slate-200"
            >
              <div
                className={cn(
                  "h-full rounded-full bg-teal-700 transition-[width] duration-200",
                  percent === null && "w-full animate-pulse",
                )}
                style={percent !== null ? { width: `${Math.max(2, percent)}%` } : undefined}
              />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
