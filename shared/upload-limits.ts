// Upload limits as plain constants: the server enforces them (rules.ts), the browser uses them to
// refuse early and to tell people what is accepted. No server imports here (shared/ is for both sides).

export const MB = 1024 * 1024;

export const LISTING_PHOTO_LIMITS = {
  formats: ["jpeg", "png", "webp"] as const,
  /** What the file picker offers (the server still reads the type from the bytes). */
  accept: "image/jpeg,image/png,image/webp",
  maxBytes: 8 * MB,
  minSide: 200,
  maxSide: 10_000,
  maxPixels: 40_000_000,
};

/** Enrollment documents: photos or scans of an ID card, and (for proof of address) a PDF too. */
export const ENROLLMENT_DOCUMENT_LIMITS = {
  formats: ["jpeg", "png", "webp"] as const,
  pdf: true,
  accept: "image/jpeg,image/png,image/webp,application/pdf",
  maxBytes: 10 * MB,
  minSide: 300,
  maxSide: 10_000,
  maxPixels: 40_000_000,
};

/** Cloudinary folders, one per purpose: signing forces them, registration requires them. */
export const CLOUDINARY_FOLDERS = {
  LISTING_MEDIA: "tessera/listing-media",
  ENROLLMENT_DOCUMENT: "tessera/enrollment-documents",
} as const;

/** Cloudinary's names for the formats listing photos may have. */
export const CLOUDINARY_ALLOWED_FORMATS = "jpg,png,webp";

/** Cloudinary's names for the formats enrollment documents may have (PDF for proof of address). */
export const CLOUDINARY_DOCUMENT_FORMATS = "jpg,png,webp,pdf";

/**
 * The responsive sizes of a listing photo (WebP, never enlarged): `card` for explore cards and
 * thumbnails, `large` for the listing page. Widths in pixels, for `srcset` descriptors too.
 */
export const PHOTO_VARIANTS = {
  card: { width: 640 },
  large: { width: 1600 },
} as const;
export type PhotoVariant = keyof typeof PHOTO_VARIANTS;
