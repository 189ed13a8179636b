import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { OrgHistory } from "./org-history";

export const metadata: Metadata = { title: "History" };

export default function HistoryPage() {
  return (
    <>
      <PageHeader
        title="Verification history"
        description="Every check your organization's staff made, with what was disclosed or why it was refused."
      />
      <OrgHistory />
    </>
  );
}
