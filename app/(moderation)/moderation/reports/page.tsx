import type { Metadata } from "next";
import { Suspense } from "react";
import { Loading, PageHeader } from "@/components/ui";
import { requireRole } from "@/server/rsc";
import { MODERATORS } from "@/server/policy/roles";
import { QueueBrowser } from "../queue-browser";

export const metadata: Metadata = { title: "Reports" };

export default async function ModerationReports() {
  const user = await requireRole(MODERATORS);
  return (
    <>
      <PageHeader
        title="Reports"
        description="Items people reported: listings, reviews, messages and users. The oldest come first; claim one to work on it."
      />
      <Suspense fallback={<Loading label="Loading reports…" />}>
        <QueueBrowser viewerId={user.id} preset={{ reportedOnly: true }} />
      </Suspense>
    </>
  );
}
