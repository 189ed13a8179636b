import type { Metadata } from "next";
import { TextLink } from "@/components/ui";
import { ComingSoon } from "@/components/coming-soon";

export const metadata: Metadata = { title: "Host dashboard" };

export default function HostHome() {
  return (
    <div className="space-y-6">
      <ComingSoon
        title="Host dashboard"
        description="Your listings, orders and promotions."
        items={["Create listings with photos and submit them for review", "Orders and messages from travelers", "Promotions"]}
      />
      <p className="text-sm text-slate-700">
        You can already invite travelers to your district: <TextLink href="/host/invites">manage invites</TextLink>.
      </p>
    </div>
  );
}
