import type { Metadata } from "next";
import { ComingSoon } from "@/components/coming-soon";

export const metadata: Metadata = { title: "Verify" };

export default function VerifyHome() {
  return (
    <ComingSoon
      title="Verify a traveler"
      description="Check a traveler's identity token, with their consent."
      items={["Scan or paste a token", "Verification requests", "History of your organization's checks"]}
    />
  );
}
