// A listing's cover photo, or a calm mosaic placeholder when it has none.
import { cn } from "@/components/ui";
import { PHOTO_VARIANTS } from "@/shared/upload-limits";

/** A photo as listing views send it: the stored file and its WebP card and large variants. */
export interface PhotoSources {
  url: string;
  cardUrl: string;
  largeUrl: string;
}

/** `srcset` over a photo's variants: the browser picks the smallest that fills the slot (`sizes`). */
export function photoSrcSet(photo: PhotoSources): string {
  return `${photo.cardUrl} ${PHOTO_VARIANTS.card.width}w, ${photo.largeUrl} ${PHOTO_VARIANTS.large.width}w`;
}

const TILES = [
  "bg-teal-600/80",
  "bg-teal-500/60",
  "bg-amber-400/70",
  "bg-teal-700/70",
  "bg-slate-400/50",
  "bg-teal-400/60",
  "bg-amber-300/60",
  "bg-teal-800/60",
  "bg-teal-500/40",
];

export function ListingCover({
  photo,
  sizes,
  alt,
  className,
  seed = "",
  priority = false,
}: {
  photo: PhotoSources | null | undefined;
  /** How wide the slot is, for the browser's choice among the variants (`sizes`). */
  sizes: string;
  /** Empty for a decorative image (the title is read next to it). */
  alt: string;
  className?: string;
  /** Varies the placeholder's tiles from one listing to the next. */
  seed?: string;
  /** The page's main image (its LCP element): fetched at once and first, not lazily. */
  priority?: boolean;
}) {
  if (photo) {
    return (
      // eslint-disable-next-line @next/next/no-img-element -- uploads are served by our own route or Cloudinary, in their own sizes
      <img
        src={photo.cardUrl}
        srcSet={photoSrcSet(photo)}
        sizes={sizes}
        alt={alt}
        className={cn("h-full w-full object-cover", className)}
        loading={priority ? "eager" : "lazy"}
        fetchPriority={priority ? "high" : undefined}
      />
    );
  }
  const shift = [...seed].reduce((n, c) => n + c.charCodeAt(0), 0) % TILES.length;
  return (
    <div
      className={cn("grid h-full w-full place-items-center bg-gradient-to-br from-teal-50 to-slate-100", className)}
      role={alt ? "img" : undefined}
      aria-label={alt ? `${alt} (no photo yet)` : undefined}
      aria-hidden={alt ? undefined : true}
    >
      <div className="flex flex-col items-center gap-2">
        <div className="grid grid-cols-3 gap-1 opacity-80">
          {TILES.map((_, i) => (
            <span key={i} className={cn("h-3.5 w-3.5 rounded-sm", TILES[(i + shift) % TILES.length])} />
          ))}
        </div>
        <span className="text-xs font-medium text-slate-500">No photo yet</span>
      </div>
    </div>
  );
}
