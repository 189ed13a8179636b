import type { Metadata } from "next";
import { ComingSoon } from "@/components/coming-soon";

export const metadata: Metadata = { title: "Moderation" };

export default function ModerationHome() {
  return (
    <ComingSoon
      title="Review queue"
      description="One queue for everything awaiting judgement."
      items={["Listings pending review", "Reported content and flagged words", "Enrollment (KYC) cases"]}
    />
  );
}
