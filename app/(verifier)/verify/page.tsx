import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { VerifyConsole } from "./verify-console";

export const metadata: Metadata = { title: "Verify" };

export default function VerifyPage() {
  return (
    <>
      <PageHeader
        title="Verify a traveler"
        description="Scan the code in the traveler's wallet, or paste it. You see only what they consented to share with your organization, and each code works once."
      />
      <VerifyConsole />
    </>
  );
}
