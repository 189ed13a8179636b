import type { Metadata } from "next";
import { InvitesManager } from "@/components/invites-manager";
import { PageHeader } from "@/components/ui";
import { requireRole } from "@/server/rsc";

export const metadata: Metadata = { title: "Invites" };

export default async function HostInvitesPage() {
  const user = await requireRole(["HOST"]);
  return (
    <>
      <PageHeader
        title="Invite travelers"
        description="Bring your guests into the pilot. Invites you create are for travelers in your district."
      />
      <InvitesManager defaultDistrictId={user.districtId} />
    </>
  );
}
