import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { HistoryList } from "./history-list";

export const metadata: Metadata = { title: "Verification history" };

export default function HistoryPage() {
  return (
    <>
      <PageHeader
        title="Verification history"
        description="Every time an organization checked one of your codes. If one was not you, say so: that organization's consent is revoked and moderators look into it."
      />
      <HistoryList />
    </>
  );
}
