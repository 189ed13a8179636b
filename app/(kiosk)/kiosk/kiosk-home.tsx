"use client";
// The kiosk's home screen: the district's approved hotspots and services.
import { useState } from "react";
import { ListingQr } from "@/components/listing/qr";
import { categoryLabel, formatPrice } from "@/components/listing/format";
import { type KioskHome } from "./kiosk-api";

export type KioskListing = KioskHome["listings"][number];

export function Cover({ listing, className }: { listing: KioskListing; className: string }) {
  const [failed, setFailed] = useState(false);
  if (!listing.coverUrl || failed) {
    return (
      <div className={`grid place-items-center bg-gradient-to-br from-teal-800 to-slate-800 ${className}`} aria-hidden="true">
        <span className="text-7xl font-bold text-teal-200/60">{listing.title.slice(0, 1)}</span>
      </div>
    );
  }
  // eslint-disable-next-line @next/next/no-img-element -- uploads are served at their own sizes by our route or Cloudinary
  return <img src={listing.coverUrl} alt="" className={`object-cover ${className}`} onError={() => setFailed(true)} />;
}

export function priceText(listing: KioskListing): string | null {
  return formatPrice(listing.priceMinor, listing.currency);
}

export function HomeScreen({ home, onOpen }: { home: KioskHome; onOpen: (id: string) => void }) {
  const groups = [
    { kind: "HOTSPOT", title: "Places to see" },
    { kind: "SERVICE", title: "Things to do" },
  ] as const;
  return (
    <main id="main" className="space-y-12 px-8 py-10">
      <h1 className="sr-only">What to see and do in {home.district.name}</h1>
      {home.listings.length === 0 && (
        <p className="py-20 text-center text-3xl text-slate-300">
          Nothing is listed in {home.district.name} yet. Please check back soon.
        </p>
      )}
      {groups.map(({ kind, title }) => {
        const items = home.listings.filter((l) => l.kind === kind);
        if (items.length === 0) return null;
        return (
          <section key={kind} aria-labelledby={`kiosk-${kind}`}>
            <h2 id={`kiosk-${kind}`} className="mb-6 text-4xl font-semibold">
              {title}
            </h2>
            <ul className="grid gap-8 md:grid-cols-2 xl:grid-cols-3">
              {items.map((listing) => (
                <li
                  key={listing.id}
                  data-testid="kiosk-listing"
                  className="flex flex-col overflow-hidden rounded-2xl bg-slate-800 ring-1 ring-slate-700"
                >
                  <button
                    type="button"
                    onClick={() => onOpen(listing.id)}
                    className="text-left focus-visible:outline-4 focus-visible:outline-offset-[-4px] focus-visible:outline-teal-300"
                  >
                    <Cover listing={listing} className="h-56 w-full" />
                    <span className="block px-6 pt-5 text-3xl font-semibold leading-tight">{listing.title}</span>
                    <span className="block px-6 pt-2 text-xl text-slate-300">
                      {categoryLabel(listing.category)}
                      {priceText(listing) ? ` · ${priceText(listing)}` : ""}
                    </span>
                    <span className="line-clamp-3 block px-6 pt-3 text-xl leading-relaxed text-slate-200">
                      {listing.description}
                    </span>
                  </button>
                  <div className="mt-auto flex items-center gap-5 px-6 pb-6 pt-5">
                    <div className="rounded-lg bg-white p-2">
                      <ListingQr url={listing.pageUrl} size={112} title={`QR code: open ${listing.title} on your phone`} />
                    </div>
                    <p className="text-lg text-slate-300">Scan to continue on your phone</p>
                  </div>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </main>
  );
}
