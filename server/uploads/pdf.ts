// PDF documents (proof of address), recognised from their bytes: a file that starts with the
// `%PDF-` signature and ends with an end-of-file marker. Not rendered or parsed further: the file
// is served back only as an attachment-free download to its owner and the reviewer holding it.

export interface InspectedPdf {
  format: "pdf";
  width: null;
  height: null;
  cleaned: Buffer;
}

export const PDF_MIME_TYPE = "application/pdf";

/** Whether the bytes carry the PDF signature. */
export function isPdf(b: Buffer): boolean {
  return b.length >= 5 && b.toString("latin1", 0, 5) === "%PDF-";
}

/** The PDF as stored, or null when it is not a complete PDF (no `%%EOF` in its last kilobyte). */
export function inspectPdf(b: Buffer): InspectedPdf | null {
  if (!isPdf(b)) return null;
  if (!/^%PDF-\d\.\d/.test(b.toString("latin1", 0, 8))) return null;
  if (!b.toString("latin1", Math.max(0, b.length - 1024)).includes("%%EOF")) return null;
  return { format: "pdf", width: null, height: null, cleaned: b };
}
