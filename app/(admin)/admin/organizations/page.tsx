import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { requireRole } from "@/server/rsc";
import { ADMINS } from "@/server/policy/roles";
import { OrganizationsManager } from "./organizations-manager";

export const metadata: Metadata = { title: "Organizations" };

export default async function OrganizationsPage() {
  const user = await requireRole(ADMINS);
  return (
    <>
      <PageHeader
        title="Organizations"
        description="Verifier organizations, what each may ever receive (its policy, whatever travelers consent to), and their standing. A suspended organization verifies nobody."
      />
      <OrganizationsManager viewer={{ role: user.role, regionId: user.regionId, districtId: user.districtId }} />
    </>
  );
}
