import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { requireRole } from "@/server/rsc";
import { DistrictsEditor } from "./districts-editor";
import { ADMINS } from "@/server/policy/roles";

export const metadata: Metadata = { title: "Districts" };

export default async function DistrictsPage() {
  const user = await requireRole(ADMINS);
  return (
    <>
      <PageHeader
        title="Districts"
        description="Crowd density and the threshold above which promotions stop. A district is the finest place Tessera knows."
      />
      <DistrictsEditor viewer={{ role: user.role, regionId: user.regionId }} />
    </>
  );
}
