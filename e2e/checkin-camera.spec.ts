// A host at the door scans the traveler's check-in QR with the phone's camera. Chromium's fake
// camera plays a Y4M video made here from the QR the traveler's page shows, so the whole path runs:
// Permissions-Policy letting the camera in on the host's order page, getUserMedia, the frame decode,
// and the check-in with the scanned token.
import fs from "node:fs";
import path from "node:path";
import { chromium, expect, test } from "@playwright/test";
import sharp from "sharp";
import { ACCOUNTS, signIn } from "./fixtures";

const BASE_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100)}`;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const LISTING = "Old Town pottery workshop";

/**
 * A Y4M video (4:2:0) of a PNG centred on white, a few identical frames: Chromium loops it.
 * The QR is black on white, so the chroma planes are neutral (128) and luma is the grey image.
 */
async function y4mOf(png: Buffer, width = 640, height = 480): Promise<Buffer> {
  const side = Math.min(width, height) - 80;
  const luma = await sharp(png)
    .resize(side, side, { kernel: "nearest", fit: "contain", background: "#ffffff" })
    .extend({
      top: (height - side) / 2,
      bottom: (height - side) / 2,
      left: (width - side) / 2,
      right: (width - side) / 2,
      background: "#ffffff",
    })
    .flatten({ background: "#ffffff" })
    .greyscale()
    .raw()
    .toBuffer();
  expect(luma.length).toBe(width * height);
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]);
  return Buffer.concat([header, ...Array.from({ length: 5 }, () => frame)]);
}

test("a host checks the traveler in by scanning their QR with the camera, on a phone", async ({ browser }) => {
  test.setTimeout(120_000);
  // The traveler's accepted demo order shows its check-in QR.
  const travelerCtx = await browser.newContext(PHONE);
  const traveler = await travelerCtx.newPage();
  await signIn(traveler, ACCOUNTS.traveler);
  await traveler.waitForURL((url) => !url.pathname.startsWith("/login"));
  await traveler.goto("/orders");
  const row = traveler.getByTestId("order-list").getByRole("link").filter({ hasText: LISTING }).filter({ hasText: "Accepted" });
  await row.first().click();
  await expect(traveler).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  const orderId = new URL(traveler.url()).pathname.split("/").pop()!;
  await expect(traveler.getByTestId("order-status")).toHaveText("Accepted");
  const qr = traveler.getByTestId("checkin-qr");
  await expect(qr).toBeVisible();
  const video = path.resolve("test-results", "checkin-qr.y4m");
  fs.mkdirSync(path.dirname(video), { recursive: true });
  fs.writeFileSync(video, await y4mOf(await qr.screenshot()));

  // The host's phone: a Chromium whose camera plays that video.
  const camera = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  try {
    const hostCtx = await camera.newContext({ ...PHONE, baseURL: BASE_URL, permissions: ["camera"] });
    const host = await hostCtx.newPage();
    await signIn(host, ACCOUNTS.host);
    await host.waitForURL((url) => !url.pathname.startsWith("/login"));
    await host.goto(`/host/orders/${orderId}`);
    await expect(host.getByTestId("order-status")).toHaveText("Accepted");
    // Typing stays the fallback: the field is there beside the camera button.
    await expect(host.getByLabel("Traveler's check-in code")).toBeVisible();
    await host.getByRole("button", { name: "Scan with camera" }).click();
    await expect(host.getByLabel(/Camera view for scanning/)).toBeVisible();
    await expect(host.getByTestId("order-status")).toHaveText("In progress", { timeout: 20_000 });
    await host.screenshot({ path: "test-results/checkin-camera-host.png", fullPage: true });
    // The camera is released once the code is read.
    await expect(host.getByLabel(/Camera view for scanning/)).toHaveCount(0);
    await expect(traveler.getByTestId("order-status")).toHaveText("In progress", { timeout: 15_000 });
    await hostCtx.close();
  } finally {
    await camera.close();
    await travelerCtx.close();
  }
});
