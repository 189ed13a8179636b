import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { requireRole } from "@/server/rsc";
import { FlagsEditor } from "./flags-editor";
import { ADMINS } from "@/server/policy/roles";

export const metadata: Metadata = { title: "Feature flags" };

export default async function FlagsPage() {
  const user = await requireRole(ADMINS);
  return (
    <>
      <PageHeader
        title="Feature flags"
        description="A flag is on for a person when it is on everywhere or in their district, and they fall inside the rollout. Raising the rollout never turns it off for anyone who had it."
      />
      <FlagsEditor viewer={{ role: user.role, regionId: user.regionId }} />
    </>
  );
}
