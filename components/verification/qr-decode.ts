// Decoding a QR code from a frame of pixels (RGBA, as a canvas gives them). The verify page's
// camera scanner calls this on each video frame; the unit test calls it on a rendered QR image,
// so both go through the same code path of the zxing library.
import {
  BinaryBitmap,
  ChecksumException,
  DecodeHintType,
  FormatException,
  GlobalHistogramBinarizer,
  HybridBinarizer,
  NotFoundException,
  QRCodeReader,
  RGBLuminanceSource,
} from "@zxing/library";

const reader = new QRCodeReader();
const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true]]);
// A frame that is nothing but the code, square to the edges (a screenshot, an image file): read
// straight from its modules, with no finder-pattern search to go astray.
const pureHints = new Map<DecodeHintType, unknown>([[DecodeHintType.PURE_BARCODE, true]]);

/** The text of the QR code in the frame, or null when there is none (or it cannot be read yet). */
export function decodeQrFromRgba(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): string | null {
  const luminances = new Uint8ClampedArray(width * height);
  for (let i = 0, p = 0; i < luminances.length; i++, p += 4) {
    // The same weighting zxing's browser luminance source uses.
    luminances[i] = (rgba[p]! * 306 + rgba[p + 1]! * 601 + rgba[p + 2]! * 117) >> 10;
  }
  // zxing's finder misses some codes drawn at particular module sizes (a code held close to the
  // camera, or a screen whose pixels land just so): a frame it cannot read is tried again smaller.
  const direct = decodeLuminances(luminances, width, height);
  if (direct !== null) return direct;
  for (const scale of [1 / 2, 2 / 3, 3 / 4]) {
    const w = Math.floor(width * scale);
    const h = Math.floor(height * scale);
    if (w < 80 || h < 80) continue;
    const text = decodeLuminances(resample(luminances, width, height, w, h), w, h);
    if (text !== null) return text;
  }
  return decodeLuminances(luminances, width, height, pureHints);
}

/** Area-averaged downscale of a luminance plane (each output pixel is the mean of the source pixels it covers). */
function resample(l: Uint8ClampedArray, width: number, height: number, w: number, h: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(w * h);
  const sx = width / w;
  const sy = height / h;
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor(y * sy);
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * sy));
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor(x * sx);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * sx));
      let sum = 0;
      for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) sum += l[yy * width + xx]!;
      out[y * w + x] = Math.round(sum / ((y1 - y0) * (x1 - x0)));
    }
  }
  return out;
}

function decodeLuminances(
  luminances: Uint8ClampedArray,
  width: number,
  height: number,
  withHints: Map<DecodeHintType, unknown> = hints,
): string | null {
  const source = new RGBLuminanceSource(luminances, width, height);
  // The local (hybrid) binarizer suits uneven camera light; the global one rescues frames whose
  // fine modules the local one breaks up. Try both before giving up on this frame.
  for (const binarizer of [new HybridBinarizer(source), new GlobalHistogramBinarizer(source)]) {
    try {
      return reader.decode(new BinaryBitmap(binarizer), withHints).getText();
    } catch (err) {
      if (!(err instanceof NotFoundException || err instanceof ChecksumException || err instanceof FormatException)) throw err;
    } finally {
      reader.reset();
    }
  }
  return null;
}
