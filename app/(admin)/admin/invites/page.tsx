import type { Metadata } from "next";
import { InvitesManager } from "@/components/invites-manager";
import { PageHeader } from "@/components/ui";
import { requireRole } from "@/server/rsc";
import { ADMINS } from "@/server/policy/roles";

export const metadata: Metadata = { title: "Invites" };

export default async function AdminInvitesPage() {
  const user = await requireRole(ADMINS);
  return (
    <>
      <PageHeader
        title="Invites"
        description={
          user.role === "SUPER_ADMIN"
            ? "Invite admins and anyone below them, in any district."
            : "Invite travelers, hosts, verifier staff and moderators into districts of your region."
        }
      />
      <InvitesManager defaultDistrictId={user.districtId} />
    </>
  );
}
