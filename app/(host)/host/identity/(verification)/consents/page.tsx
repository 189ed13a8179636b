import type { Metadata } from "next";
import { ConsentsPage } from "@/components/verification/citizen/pages";

export const metadata: Metadata = { title: "Consents" };

export default function Page() {
  return <ConsentsPage />;
}
