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

export interface Mail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** The mail the e2e server's SMTP catcher received (its inbox listens on the app's port + 5). */
export async function mails(): Promise<Mail[]> {
  const port = Number(process.env.E2E_PORT ?? 3100) + 5;
  const res = await fetch(`http://127.0.0.1:${port}/mails`);
  return (await res.json()) as Mail[];
}

/** Waits for a mail to `to` whose subject matches; the app's delivery worker runs every second. */
export async function waitForMail(to: string, subject: RegExp, timeoutMs = 30_000): Promise<Mail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await mails()).find((m) => m.to.includes(to.toLowerCase()) && subject.test(m.subject));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** The first link into the app in a mail's plain text. */
export function linkIn(mail: Mail, path: RegExp): string {
  const url = mail.text.match(/https?:\/\/\S+/g)?.find((u) => path.test(new URL(u).pathname));
  if (!url) throw new Error(`no link to ${path} in the mail "${mail.subject}"`);
  return url;
}
