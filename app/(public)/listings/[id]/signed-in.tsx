"use client";
// What a listing's page shows only to someone signed in (reporting, the traveler's order panel),
// each a chunk of its own: they use the tRPC client, which a visitor's page then never loads.
import dynamic from "next/dynamic";

export const ReportButton = dynamic(() => import("./report-button").then((m) => m.ReportButton));
export const ReportLink = dynamic(() => import("@/components/orders/report-link").then((m) => m.ReportLink));
export const ListingOrderPanel = dynamic(() =>
  import("@/components/orders/listing-order-panel").then((m) => m.ListingOrderPanel),
);
