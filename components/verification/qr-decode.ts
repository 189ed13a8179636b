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

/** The text of the QR code in the frame, or null when there is none (or it cannot be read yet). */
export function decodeQrFromRgba(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): string | null {
  const luminances = new Uint8ClampedArray(width * height);
  for (let i = 0, p = 0; i < luminances.length; i++, p += 4) {
    // The same weighting zxing's browser luminance source uses.
    luminances[i] = (rgba[p]! * 306 + rgba[p + 1]! * 601 + rgba[p + 2]! * 117) >> 10;
  }
  // zxing's finder misses some codes drawn with large modules (a code held close to the camera):
  // a frame it cannot read is tried again at half size.
  return (
    decodeLuminances(luminances, width, height) ??
    (width >= 160 && height >= 160 ? decodeLuminances(halve(luminances, width, height), width >> 1, height >> 1) : null)
  );
}

function halve(l: Uint8ClampedArray, width: number, height: number): Uint8ClampedArray {
  const w = width >> 1;
  const h = height >> 1;
  const out = new Uint8ClampedArray(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = 2 * y * width + 2 * x;
      out[y * w + x] = (l[i]! + l[i + 1]! + l[i + width]! + l[i + width + 1]!) >> 2;
    }
  }
  return out;
}

function decodeLuminances(luminances: Uint8ClampedArray, width: number, height: number): string | null {
  const source = new RGBLuminanceSource(luminances, width, height);
  // The local (hybrid) binarizer suits uneven camera light; the global one rescues frames whose
  // fine modules the local one breaks up. Try both before giving up on this frame.
  for (const binarizer of [new HybridBinarizer(source), new GlobalHistogramBinarizer(source)]) {
    try {
      return reader.decode(new BinaryBitmap(binarizer), hints).getText();
    } catch (err) {
      if (!(err instanceof NotFoundException || err instanceof ChecksumException || err instanceof FormatException)) throw err;
    } finally {
      reader.reset();
    }
  }
  return null;
}
