"use client";
// The listing's photos: one large, the rest as thumbnails that choose the large one. Only for two
// photos or more; one photo or none needs no script (photos.tsx).
import { useState } from "react";
import { cn } from "@/components/ui";
import { ListingCover, type PhotoSources } from "@/components/listing/cover";

export interface GalleryPhoto extends PhotoSources {
  assetId: string;
}

export function Gallery({
  title,
  photos,
  coverId,
  seed,
}: {
  title: string;
  photos: GalleryPhoto[];
  coverId: string | null;
  seed: string;
}) {
  const ordered = coverId
    ? [...photos.filter((p) => p.assetId === coverId), ...photos.filter((p) => p.assetId !== coverId)]
    : photos;
  const [current, setCurrent] = useState(0);
  const shown = ordered[current] ?? null;
  return (
    <div className="space-y-3">
      <div className="aspect-[16/10] overflow-hidden rounded-lg bg-slate-100 ring-1 ring-slate-200">
        <ListingCover
          photo={shown}
          sizes="(min-width: 1024px) 44rem, 100vw"
          seed={seed}
          priority
          alt={shown ? `${title}, photo ${current + 1} of ${ordered.length}` : title}
        />
      </div>
      {ordered.length > 1 && (
        <ul className="flex flex-wrap gap-2" aria-label="Photos">
          {ordered.map((p, i) => (
            <li key={p.assetId}>
              <button
                type="button"
                onClick={() => setCurrent(i)}
                aria-pressed={i === current}
                aria-label={`Show photo ${i + 1} of ${ordered.length}`}
                className={cn(
                  "block h-16 w-24 overflow-hidden rounded-md ring-2 transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-600",
                  i === current ? "ring-teal-600" : "ring-transparent opacity-80 hover:opacity-100",
                )}
              >
                {/* eslint-disable-next-line @next/next/no-img-element */}
                <img src={p.cardUrl} alt="" className="h-full w-full object-cover" loading="lazy" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
