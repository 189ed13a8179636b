import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { OrgRequests } from "./org-requests";

export const metadata: Metadata = { title: "Requests" };

export default function RequestsPage() {
  return (
    <>
      <PageHeader
        title="Verification requests"
        description="Ask a traveler for what you need. Give them the request code (or address someone your organization verified before by their reference); they approve in their wallet and show you the code it makes."
      />
      <OrgRequests />
    </>
  );
}
