import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { requireRole } from "@/server/rsc";
import { HostDashboard } from "./host-dashboard";

export const metadata: Metadata = { title: "Host dashboard" };

export default async function HostHome() {
  const user = await requireRole(["HOST"]);
  return (
    <>
      <PageHeader
        title={`Hello, ${user.displayName}`}
        description="Your listings, what moderators decided, and what to do next."
      />
      <HostDashboard />
    </>
  );
}
