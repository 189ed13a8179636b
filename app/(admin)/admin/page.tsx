import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui";
import { BarChart } from "@/components/bar-chart";
import { api, requireRole } from "@/server/rsc";
import { ROLE_LABELS } from "@/server/policy/roles";
import { ADMINS } from "@/server/policy/roles";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminDashboard() {
  const user = await requireRole(ADMINS);
  const caller = await api();
  const [stats, daily, recent] = await Promise.all([
    caller.people.stats(),
    caller.audit.daily(),
    caller.audit.list({ limit: 8 }),
  ]);
  const total = stats.byRole.reduce((n, r) => n + r.count, 0);
  const count = <T extends { count: number }>(rows: T[], pick: (r: T) => boolean) =>
    rows.filter(pick).reduce((n, r) => n + r.count, 0);
  return (
    <>
      <PageHeader
        title={`Welcome, ${user.displayName}`}
        description={user.role === "SUPER_ADMIN" ? "The whole system at a glance." : "Your region at a glance."}
      />
      <div className="grid gap-4 sm:grid-cols-4">
        {[
          ["People", total],
          ["Suspended or banned", count(stats.byStatus, (r) => r.status !== "ACTIVE")],
          ["KYC verified", count(stats.byKyc, (r) => r.kycStatus === "VERIFIED")],
          ["Audit events (14 days)", daily.reduce((n, d) => n + d.count, 0)],
        ].map(([label, value]) => (
          <div key={label} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
            <p className="text-sm text-slate-600">{label}</p>
            <p className="mt-1 text-2xl font-semibold text-slate-900">{value}</p>
          </div>
        ))}
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card title="People by role">
          <BarChart
            label="People by role"
            data={stats.byRole.sort((a, b) => b.count - a.count).map((r) => ({ label: ROLE_LABELS[r.role], value: r.count }))}
          />
        </Card>
        <Card title="Audit events per day">
          <BarChart label="Audit events per day" data={daily.map((d) => ({ label: d.day.slice(5), value: d.count }))} />
        </Card>
      </div>
      <Card
        className="mt-6"
        title="Latest activity"
        actions={
          <Link className="text-sm font-medium text-teal-700 hover:underline" href="/admin/audit">
            Open audit log
          </Link>
        }
      >
        <ul className="divide-y divide-slate-100 text-sm">
          {recent.items.map((e) => (
            <li key={e.id} className="flex justify-between gap-4 py-2">
              <span>
                <span className="font-mono text-xs text-slate-700">{e.action}</span>{" "}
                <span className="text-slate-600">by {e.actorName ?? e.actorType.toLowerCase()}</span>
              </span>
              <time className="text-slate-500" dateTime={e.createdAt.toISOString()}>
                {e.createdAt.toLocaleString("en-GB", { timeZone: "UTC" })} UTC
              </time>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
