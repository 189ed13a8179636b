import type { Metadata } from "next";
import { Suspense } from "react";
import { Loading, PageHeader } from "@/components/ui";
import { requireRole } from "@/server/rsc";
import { MODERATORS } from "@/server/policy/roles";
import { QueueBrowser } from "../queue-browser";

export const metadata: Metadata = { title: "Enrollment cases" };

export default async function ModerationEnrollments() {
  const user = await requireRole(MODERATORS);
  return (
    <>
      <PageHeader
        title="Enrollment cases"
        description="People asking to have their identity verified: claim a case to review its papers, then approve, reject or ask for changes."
      />
      <Suspense fallback={<Loading label="Loading enrollment cases…" />}>
        <QueueBrowser viewerId={user.id} preset={{ targetType: "ENROLLMENT_CASE" }} />
      </Suspense>
    </>
  );
}
