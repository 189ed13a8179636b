// How listings read to people: category and kind labels, prices from minor units, ratings.
import { LISTING_CATEGORIES, type ListingKind } from "@/db/schema/values";

export const KIND_LABELS: Record<ListingKind, string> = { HOTSPOT: "Hotspot", SERVICE: "Service" };

export function categoryLabel(category: string): string {
  return (LISTING_CATEGORIES as Record<string, string>)[category] ?? category;
}

/**
 * A price stored in minor units (cents) as text: "€12.50". The currency's own number of decimals
 * decides the divisor (JPY has none). A fixed locale keeps server and browser renders identical.
 */
export function formatPrice(minor: number | null, currency: string | null): string | null {
  if (minor === null || !currency) return null;
  if (minor === 0) return "Free";
  try {
    const format = new Intl.NumberFormat("en-GB", { style: "currency", currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(minor / 10 ** digits);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

export function ratingText(average: number | null, count: number): string {
  if (count === 0 || average === null) return "No reviews yet";
  return `${average.toFixed(1)} out of 5 · ${count} review${count === 1 ? "" : "s"}`;
}
