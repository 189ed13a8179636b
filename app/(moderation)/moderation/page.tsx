import type { Metadata } from "next";
import { Suspense } from "react";
import { Loading, PageHeader, TextLink } from "@/components/ui";
import { requireRole } from "@/server/rsc";
import { QueueBrowser } from "./queue-browser";
import { MODERATORS } from "@/server/policy/roles";

export const metadata: Metadata = { title: "Moderation queue" };

export default async function ModerationHome() {
  const user = await requireRole(MODERATORS);
  return (
    <>
      <PageHeader
        title="Review queue"
        description="One queue for everything awaiting judgement: listings submitted for review, reported content and flagged words. Claim an item to work on it; the oldest come first."
        actions={<TextLink href="/moderation/keywords">Manage keywords</TextLink>}
      />
      <Suspense fallback={<Loading label="Loading the queue…" />}>
        <QueueBrowser viewerId={user.id} />
      </Suspense>
    </>
  );
}
