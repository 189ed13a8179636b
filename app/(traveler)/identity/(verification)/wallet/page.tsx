import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { Wallet } from "./wallet";

export const metadata: Metadata = { title: "Wallet" };

export default function WalletPage() {
  return (
    <>
      <PageHeader
        title="Wallet"
        description="Show this code to an organization you consented to. It works once, for that organization only, and renews itself every few minutes."
      />
      <Wallet />
    </>
  );
}
