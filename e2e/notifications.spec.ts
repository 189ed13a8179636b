// Notifications and recovery through the real mail path: the production server's delivery worker
// sends over SMTP to the e2e server's catcher, and the test reads that inbox as a person would.
// A new traveler confirms their address from the mail, requests a listing: the host hears of it in
// the bell and by mail; the host accepts: the traveler hears of it. Then the traveler forgets the
// password and gets back in through the mailed link.
import { expect, test, type Page } from "@playwright/test";
import { ACCOUNTS, linkIn, mails, signIn, signUp, waitForMail } from "./fixtures";

test.describe.configure({ mode: "serial", timeout: 150_000 });

const LISTING = "Sunset walk to the Portara";
const PASSWORD = "a-long-enough-passphrase";
let travelerEmail = "";
let travelerName = "";

async function bellCount(page: Page): Promise<number> {
  const count = page.getByTestId("notification-count");
  return (await count.count()) === 0 ? 0 : Number(await count.first().textContent());
}

test("a request reaches the host in the bell and by mail; the acceptance reaches the traveler", async ({ browser }) => {
  const travelerCtx = await browser.newContext();
  const hostCtx = await browser.newContext();
  const traveler = await travelerCtx.newPage();
  const host = await hostCtx.newPage();

  // A new traveler: Tessera writes to the address only once it is confirmed from the mail.
  travelerName = `Nora Notified ${Date.now() % 100000}`;
  travelerEmail = await signUp(traveler, "TSRA-TRAV-2345", travelerName, PASSWORD);
  await expect(traveler).toHaveURL(/\/explore$/);
  const confirmation = await waitForMail(travelerEmail, /confirm/i);
  expect(confirmation.text).not.toMatch(/national id/i);
  await traveler.goto(linkIn(confirmation, /^\/confirm-email$/));
  await traveler.getByRole("button", { name: "Confirm my address" }).click();
  await expect(traveler.getByText("Your address is confirmed")).toBeVisible();

  await signIn(host, ACCOUNTS.host);
  await expect(host).toHaveURL(/\/host$/);
  const before = await bellCount(host);

  // The traveler requests the listing.
  await traveler.goto(`/explore?q=${encodeURIComponent("sunset walk")}`);
  await traveler.getByRole("link", { name: LISTING }).first().click();
  await expect(traveler.getByRole("heading", { name: LISTING })).toBeVisible();
  await traveler.getByRole("button", { name: "Request", exact: true }).click();
  await expect(traveler).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(traveler.getByTestId("order-status")).toHaveText("Requested");
  const orderId = traveler.url().split("/").pop()!;

  // The host: one more unread in the bell, the notification on their page, linking to the order.
  await expect(async () => {
    await host.reload();
    expect(await bellCount(host)).toBeGreaterThan(before);
  }).toPass({ timeout: 20_000 });
  await host.getByTestId("notification-bell").first().click();
  await expect(host).toHaveURL(/\/host\/notifications$/);
  const item = host
    .getByTestId("notification-list")
    .getByRole("link", { name: new RegExp(`New request for “${LISTING}”`) })
    .first();
  await expect(item).toBeVisible();
  await item.click();
  await expect(host).toHaveURL(new RegExp(`/host/orders/${orderId}$`));

  // …and by mail, with a link to the same order and none of the traveler's contact details.
  const requestMail = await waitForMail(ACCOUNTS.host, new RegExp(`New request for “${LISTING}”`));
  expect(linkIn(requestMail, /^\/host\/orders\//)).toContain(`/host/orders/${orderId}`);
  expect(requestMail.text).toContain(travelerName);
  expect(requestMail.text + requestMail.html).not.toContain(travelerEmail);

  // The host accepts; the traveler hears of it in the app and by mail.
  await host.getByRole("button", { name: "Accept" }).click();
  await expect(host.getByTestId("order-status")).toHaveText("Accepted");
  const acceptMail = await waitForMail(travelerEmail, new RegExp(`Your request for “${LISTING}” is accepted`));
  expect(linkIn(acceptMail, /^\/orders\//)).toContain(`/orders/${orderId}`);
  await traveler.goto("/notifications");
  await expect(
    traveler
      .getByTestId("notification-list")
      .getByRole("link", { name: new RegExp(`Your request for “${LISTING}” is accepted`) }),
  ).toBeVisible();
  await travelerCtx.close();
  await hostCtx.close();
});

test("forgot password, end to end through the mail: a new password, the old one refused", async ({ page }) => {
  const sentBefore = (await mails()).length;
  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel("E-mail address").fill(travelerEmail);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByText("Check your mailbox")).toBeVisible();

  const resetMail = await waitForMail(travelerEmail, /reset/i);
  expect((await mails()).length).toBeGreaterThan(sentBefore);
  await page.goto(linkIn(resetMail, /^\/reset-password$/));
  const fresh = "another-long-passphrase-for-nora";
  await page.getByLabel("New password", { exact: true }).fill(fresh);
  await page.getByLabel("New password, again").fill(fresh);
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByText("Your new password is set")).toBeVisible();

  // The link is single use.
  await page.goto(linkIn(resetMail, /^\/reset-password$/));
  await page.getByLabel("New password", { exact: true }).fill("yet-another-passphrase-x");
  await page.getByLabel("New password, again").fill("yet-another-passphrase-x");
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByRole("main").getByRole("alert").first()).toBeVisible();
  await expect(page.getByText("Your new password is set")).toHaveCount(0);

  // The old password no longer opens the account; the new one does, and the person is told.
  await signIn(page, travelerEmail, PASSWORD);
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, travelerEmail, fresh);
  await expect(page).toHaveURL(/\/explore$/);
  await waitForMail(travelerEmail, /password was changed/i);
});
