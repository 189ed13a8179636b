import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { Promotions } from "./promotions";

export const metadata: Metadata = { title: "Promotions" };

export default function PromotionsPage() {
  return (
    <>
      <PageHeader
        title="Promotions"
        description="A time-boxed offer on an approved listing. Promotions pause when your district is over its crowd threshold."
      />
      <Promotions />
    </>
  );
}
