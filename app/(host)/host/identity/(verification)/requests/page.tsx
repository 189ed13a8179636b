import type { Metadata } from "next";
import { RequestsPage } from "@/components/verification/citizen/pages";

export const metadata: Metadata = { title: "Requests" };

export default function Page() {
  return <RequestsPage />;
}
