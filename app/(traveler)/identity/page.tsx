import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { Enrollment } from "@/components/identity/enrollment";
import { uploadProvider } from "@/server/uploads/provider";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Identity" };

export default function TravelerIdentityPage() {
  return (
    <>
      <PageHeader
        title="Identity"
        description="Verify who you are, once, to see hosts' contact details and prove your identity to verifiers."
      />
      <Enrollment provider={uploadProvider()} verifiedBenefit="See hosts' contact details and meeting points in your district." />
    </>
  );
}
