import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { requireRole } from "@/server/rsc";
import { KeywordsManager } from "./keywords-manager";
import { MODERATORS } from "@/server/policy/roles";

export const metadata: Metadata = { title: "Keywords" };

export default async function KeywordsPage() {
  await requireRole(MODERATORS);
  return (
    <>
      <PageHeader
        title="Keywords"
        description="Words and phrases checked in listing text every time a host submits it: whole words, any letter case."
      />
      <KeywordsManager />
    </>
  );
}
