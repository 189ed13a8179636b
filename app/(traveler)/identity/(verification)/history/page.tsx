import type { Metadata } from "next";
import { HistoryPage } from "@/components/verification/citizen/pages";

export const metadata: Metadata = { title: "Verification history" };

export default function Page() {
  return <HistoryPage />;
}
