// Shared steps for the journeys: demo accounts and signing in and out through the real pages.
import { encodePng } from "../db/sample-png";
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
  return encodePng(size, size, () => rgb);
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
