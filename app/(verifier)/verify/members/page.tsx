import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { MembersManager } from "./members-manager";

export const metadata: Metadata = { title: "Members" };

export default function MembersPage() {
  return (
    <>
      <PageHeader
        title="Members"
        description="Your organization's staff, their roles, and invites for new staff. Only your organization's admins manage these."
      />
      <MembersManager />
    </>
  );
}
