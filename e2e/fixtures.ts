// Shared steps for the journeys: demo accounts and signing in and out through the real pages.
import { deflateSync } from "node:zlib";
import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "tessera-demo-pass";
export const ACCOUNTS = {
  superAdmin: "superadmin@tessera.test",
  admin: "admin@tessera.test",
  moderator: "moderator@tessera.test",
  verifier: "verifier@tessera.test",
  host: "host@tessera.test",
  traveler: "traveler@tessera.test",
} as const;

export async function signIn(page: Page, identifier: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email or phone").fill(identifier);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** The page's own alert (Next also renders an empty route-announcer alert outside <main>). */
export function pageAlert(page: Page) {
  return page.getByRole("main").getByRole("alert");
}

/** A real PNG (solid colour, `size`×`size`), made here so the upload goes through the server's checks. */
export function pngImage(size = 320, rgb: [number, number, number] = [20, 120, 110]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3).map((_, i) => rgb[i % 3]!)]);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Signs up a new person through an invite link; returns their email. */
export async function signUp(page: Page, invite: string, name: string, password = "a-long-enough-passphrase") {
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${Date.now()}@example.test`;
  await page.goto(`/signup?invite=${invite}`);
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("textbox", { name: "Email" }).fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  return email;
}
