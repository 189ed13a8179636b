// The camera scanner's decode path: a token rendered as the wallet renders it (qrcode.react),
// rasterised, and decoded by the same function the verify page calls on each video frame.
import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { QRCodeSVG } from "qrcode.react";
import sharp from "sharp";
import { decodeJwt } from "jose";
import { decodeQrFromRgba } from "@/components/verification/qr-decode";
import { generateSigningJwk, keyringFrom } from "@/server/verification/keys";
import { signToken } from "@/server/verification/tokens";

/** The wallet's QR (same component and settings), rasterised at `pixelsPerModule` (a sharp screen). */
async function rasterise(text: string, pixelsPerModule: number) {
  const props = { value: text, level: "L" as const, marginSize: 4 };
  const probe = renderToStaticMarkup(createElement(QRCodeSVG, { ...props, size: 100 }));
  const modules = Number(/viewBox="0 0 (\d+) /.exec(probe)![1]);
  const svg = renderToStaticMarkup(createElement(QRCodeSVG, { ...props, size: modules * pixelsPerModule }));
  const { data, info } = await sharp(Buffer.from(svg))
    .flatten({ background: "#ffffff" })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

describe("QR decode path", () => {
  it("reads back a real verification token from the wallet's QR code", async () => {
    const keyring = await keyringFrom([await generateSigningJwk("qr-test")]);
    // Several tokens (each has its own random jti and signature, so its own pattern).
    for (let i = 0; i < 8; i++) {
      const { token } = await signToken(keyring, {
        iss: "http://localhost:3000",
        aud: "6f1c1c1e-1111-4222-8333-944444444444",
        sub: "A".repeat(52),
        scopes: ["identity.name", "identity.ageOver18"],
        nonce: "n0nce-n0nce-n0nce-n0nce",
      });
      const image = await rasterise(token, 2 + (i % 5));
      const decoded = decodeQrFromRgba(image.data, image.width, image.height);
      expect(decoded).toBe(token);
      expect(decodeJwt(decoded!).jti).toHaveLength(22);
    }
  });

  it("reads it inside a larger, greyer camera-like frame", async () => {
    const qr = await rasterise("tessera-verification-test", 6);
    const frame = await sharp({
      create: { width: 640, height: 480, channels: 4, background: { r: 180, g: 170, b: 160, alpha: 1 } },
    })
      .composite([{ input: Buffer.from(qr.data), raw: { width: qr.width, height: qr.height, channels: 4 }, left: 220, top: 140 }])
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(decodeQrFromRgba(new Uint8ClampedArray(frame.data), frame.info.width, frame.info.height)).toBe(
      "tessera-verification-test",
    );
  });

  it("says nothing (null) when the frame holds no code", () => {
    const blank = new Uint8ClampedArray(320 * 240 * 4).fill(200);
    expect(decodeQrFromRgba(blank, 320, 240)).toBeNull();
  });
});
