import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { Enrollment } from "@/components/identity/enrollment";
import { uploadProvider } from "@/server/uploads/provider";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Identity" };

export default function HostIdentityPage() {
  return (
    <>
      <PageHeader title="Identity" description="Hosts verify who they are before they publish listings." />
      <Enrollment provider={uploadProvider()} verifiedBenefit="Create listings and publish them after review." />
    </>
  );
}
