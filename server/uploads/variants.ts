// Where a photo's responsive variants are delivered: LOCAL files by the uploads route
// (`?size=card|large`, made on first request), Cloudinary files by a resize-and-WebP
// transformation in the delivery URL. Pure: no I/O.
import { PHOTO_VARIANTS, type PhotoVariant } from "@/shared/upload-limits";

export function variantUrl(url: string, variant: PhotoVariant): string {
  if (url.startsWith("/api/uploads/")) return `${url}?size=${variant}`;
  const marker = "/image/upload/";
  const at = url.indexOf(marker);
  if (at < 0) return url;
  const head = url.slice(0, at + marker.length);
  return `${head}c_limit,w_${PHOTO_VARIANTS[variant].width},f_webp,q_auto/${url.slice(at + marker.length)}`;
}

/** A stored photo with the URLs of its card and large variants, as listing views send it. */
export function withVariants<T extends { url: string }>(photo: T): T & { cardUrl: string; largeUrl: string } {
  return { ...photo, cardUrl: variantUrl(photo.url, "card"), largeUrl: variantUrl(photo.url, "large") };
}
