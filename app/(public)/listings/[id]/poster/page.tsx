import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ListingQr } from "@/components/listing/qr";
import { categoryLabel, KIND_LABELS } from "@/components/listing/format";
import { listingUrl, loadListing } from "../load";
import { PrintButton } from "./print-button";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const { listing } = await loadListing(id);
  return { title: `Poster: ${listing.title}` };
}

/** Up to about three lines of text, cut at a word. */
function shorten(text: string, max = 260): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  return `${flat.slice(0, flat.lastIndexOf(" ", max)).replace(/[,.;:!?-]+$/, "")}…`;
}

// The public layout's header and footer stay off paper; the poster fills one A4 page.
const PRINT_CSS = `
@page { size: A4 portrait; margin: 0; }
@media print {
  html, body { background: #fff !important; }
  body header, body footer { display: none !important; }
  main#main { max-width: none !important; padding: 0 !important; margin: 0 !important; }
}`;

export default async function PosterPage({ params }: Props) {
  const { id } = await params;
  const { listing } = await loadListing(id);
  // A poster is for a published listing: its QR code must open for anyone who scans it.
  if (listing.status !== "APPROVED") notFound();
  const url = listingUrl(listing.id);

  return (
    <>
      <style>{PRINT_CSS}</style>
      <div className="mb-6 flex flex-wrap items-center justify-between gap-3 print:hidden">
        <Link href={`/listings/${listing.id}`} className="text-sm font-medium text-teal-700 hover:underline">
          <span aria-hidden="true">← </span>Back to the listing
        </Link>
        <div className="flex items-center gap-3">
          <p className="text-sm text-slate-600">A4, portrait. Turn off headers and footers in the print dialog.</p>
          <PrintButton />
        </div>
      </div>

      <article
        aria-label={`Poster for ${listing.title}`}
        className="mx-auto flex aspect-[210/297] w-full max-w-[210mm] flex-col overflow-hidden bg-white shadow-lg ring-1 ring-slate-200 print:aspect-auto print:h-[296mm] print:max-w-none print:shadow-none print:ring-0"
      >
        <div className="h-3 bg-teal-700 print:[print-color-adjust:exact]" aria-hidden="true" />
        <div className="flex flex-1 flex-col px-[9%] py-[7%]">
          <div className="flex items-center justify-between text-sm text-slate-500">
            <span className="flex items-center gap-2 font-semibold text-slate-900">
              <span
                aria-hidden="true"
                className="grid h-7 w-7 place-items-center rounded bg-teal-700 text-xs text-white print:[print-color-adjust:exact]"
              >
                T
              </span>
              Tessera
            </span>
            <span>
              {KIND_LABELS[listing.kind]} · {categoryLabel(listing.category)}
            </span>
          </div>

          <h1 className="mt-[8%] text-[clamp(1.75rem,5vw,3rem)] font-bold leading-tight tracking-tight text-slate-900">
            {listing.title}
          </h1>
          <p className="mt-2 text-lg font-medium text-teal-800">
            {listing.districtName}, {listing.regionName}
          </p>
          <p className="mt-4 text-base leading-relaxed text-slate-700">{shorten(listing.description)}</p>

          <div className="mt-auto flex flex-col items-center pt-6">
            <div className="w-[62%] rounded-xl p-3 ring-2 ring-slate-900">
              <ListingQr url={url} size={512} className="block h-auto w-full" title={`QR code that opens ${listing.title}`} />
            </div>
            <p className="mt-4 text-2xl font-semibold text-slate-900">Scan to open on your phone</p>
            <p className="mt-1 break-all text-sm text-slate-500">{url}</p>
          </div>
        </div>
        <div className="border-t border-slate-200 px-[9%] py-3 text-center text-xs text-slate-500">
          Hosted by {listing.hostName} · an approved listing of the Tessera regional tourism pilot
        </div>
      </article>
    </>
  );
}
