// Shared steps for the journeys: demo accounts and signing in and out through the real pages.
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
