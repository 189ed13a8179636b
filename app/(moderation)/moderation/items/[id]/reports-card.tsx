"use client";
// What people reported about an item, newest first, with who and when.
import { Card } from "@/components/ui";
import { formatDateTime, timeAgo } from "../../labels";

export interface ItemReport {
  id: string;
  reason: string;
  reporterName: string;
  createdAt: Date;
}

export function ReportsCard({ reports }: { reports: ItemReport[] }) {
  return (
    <Card title={`Reports (${reports.length})`}>
      {reports.length === 0 ? (
        <p className="text-sm text-slate-600">Nobody has reported this.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {reports.map((r) => (
            <li key={r.id} className="py-3 first:pt-0 last:pb-0">
              <p className="whitespace-pre-line text-sm text-slate-900">{r.reason}</p>
              <p className="mt-1 text-xs text-slate-500">
                {r.reporterName} ·{" "}
                <time dateTime={r.createdAt.toISOString()} title={formatDateTime(r.createdAt)}>
                  {timeAgo(r.createdAt)}
                </time>
              </p>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
