"use client";
// One listing on the kiosk, with a QR code to continue on a phone.
import { ListingQr } from "@/components/listing/qr";
import { categoryLabel } from "@/components/listing/format";
import { Cover, type KioskListing, priceText } from "./kiosk-home";

export function ListingScreen({ listing, onBack }: { listing: KioskListing; onBack: () => void }) {
  const price = priceText(listing);
  return (
    <main id="main" className="px-8 py-10">
      <button
        type="button"
        onClick={onBack}
        className="mb-8 rounded-full px-6 py-3 text-xl font-medium ring-2 ring-slate-500 hover:bg-slate-800 focus-visible:outline-4 focus-visible:outline-teal-300"
      >
        <span aria-hidden="true">← </span>Back to all
      </button>
      <div className="grid gap-10 lg:grid-cols-[3fr_2fr]">
        <div>
          <Cover listing={listing} className="h-[28rem] w-full rounded-2xl" />
          <h1 className="mt-8 text-5xl font-bold leading-tight">{listing.title}</h1>
          <p className="mt-3 text-2xl text-slate-300">
            {categoryLabel(listing.category)}
            {price ? ` · ${price}` : ""}
          </p>
          <p className="mt-6 whitespace-pre-line text-2xl leading-relaxed text-slate-100">{listing.description}</p>
        </div>
        <aside className="self-start rounded-2xl bg-white p-8 text-center text-slate-900">
          <ListingQr
            url={listing.pageUrl}
            size={320}
            title={`QR code: open ${listing.title} on your phone`}
            className="mx-auto h-auto max-w-full"
          />
          <p className="mt-6 text-2xl font-semibold">Continue on your phone</p>
          <p className="mt-2 text-lg text-slate-700">
            Scan the code with your camera to see the details, save it, or contact the host.
          </p>
        </aside>
      </div>
    </main>
  );
}

// ---------------------------------------------------------------- setup
