import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { requireRole } from "@/server/rsc";
import { AuditBrowser } from "./audit-browser";
import { ADMINS } from "@/server/policy/roles";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  await requireRole(ADMINS);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change, sign-in and refused access, in order. The log is append-only and hash-chained; `npm run audit:verify` checks it."
      />
      <AuditBrowser />
    </>
  );
}
