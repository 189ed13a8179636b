import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { requireRole } from "@/server/rsc";
import { ADMINS } from "@/server/policy/roles";
import { KiosksManager } from "./kiosks-manager";

export const metadata: Metadata = { title: "Kiosks" };

export default async function KiosksPage() {
  const user = await requireRole(ADMINS);
  return (
    <>
      <PageHeader
        title="Kiosks"
        description="Screens in public places that show a district's approved hotspots and services. Each has its own key: shown once when you register it or change it, and stored only as a hash."
      />
      <KiosksManager viewer={{ role: user.role, regionId: user.regionId }} />
    </>
  );
}
