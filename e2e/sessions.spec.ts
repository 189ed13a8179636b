// Sessions per device and the admin-assisted password reset, in two or three browsers at once:
// signing out in one leaves the other signed in; "sign out everywhere" ends both; an admin's
// one-time link lets a person set a new password and sign in with it.
import { expect as baseExpect, test, type Browser, type Page } from "@playwright/test";
import { ACCOUNTS, signIn, signUp } from "./fixtures";

const PASSWORD = "a-long-enough-passphrase";
/** Sign-ins hash passwords (argon2) on a shared machine: a page can take longer than usual to move on. */
const expect = baseExpect.configure({ timeout: 30_000 });
/** With E2E_SCREENSHOTS set, the pages are also saved at 390 and 1280 px for a person to look at. */
const SHOTS = process.env.E2E_SCREENSHOTS;

async function shoot(page: Page, name: string) {
  if (!SHOTS) return;
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

/** A new traveler signed up in one browser and signed in again in a second one. */
async function twoDevices(browser: Browser, name: string) {
  const a = await (await browser.newContext()).newPage();
  const email = await signUp(a, "TSRA-TRAV-2345", name, PASSWORD);
  await expect(a).toHaveURL(/\/explore/);
  const b = await (await browser.newContext()).newPage();
  await signIn(b, email, PASSWORD);
  await expect(b).toHaveURL(/\/explore/);
  return { a, b, email };
}

const sessionRows = (page: Page) => page.getByTestId("session-row");

// Several browsers at once, each signing in (argon2) on a shared machine: more than the default minute.
test.describe.configure({ timeout: 180_000 });

test("signing out in one browser leaves the other signed in; either can sign the other out", async ({ browser }) => {
  const { a, b, email } = await twoDevices(browser, "Sofia Twodevices");
  await a.goto("/account");
  await expect(sessionRows(a)).toHaveCount(2);
  await expect(sessionRows(a).filter({ hasText: "This device" })).toHaveCount(1);
  await shoot(a, "account-traveler");

  await a.getByRole("button", { name: "Sign out", exact: true }).first().click();
  await expect(a).toHaveURL(/\/login/);
  await b.goto("/account");
  await expect(b).toHaveURL(/\/account$/);
  await expect(sessionRows(b)).toHaveCount(1);

  // Signed in again in A; B signs A out from its list ("sign out this device", for another device).
  await signIn(a, email, PASSWORD);
  await expect(a).toHaveURL(/\/explore/);
  await b.reload();
  await expect(sessionRows(b)).toHaveCount(2);
  await sessionRows(b)
    .filter({ hasNotText: "This device" })
    .getByRole("button", { name: /^Sign out / })
    .click();
  await expect(sessionRows(b)).toHaveCount(1);
  await a.goto("/account");
  await expect(a).toHaveURL(/\/login\?reason=SESSION_REVOKED/);
  await b.reload();
  await expect(b).toHaveURL(/\/account$/);
  await Promise.all([a.context().close(), b.context().close()]);
});

test('"sign out everywhere" ends both browsers\' sessions', async ({ browser }) => {
  const { a, b } = await twoDevices(browser, "Stavros Everywhere");
  await a.goto("/account");
  await expect(sessionRows(a)).toHaveCount(2);
  await a.getByRole("button", { name: "Sign out everywhere" }).click();
  await a.getByRole("button", { name: "Yes, sign out everywhere" }).click();
  await expect(a).toHaveURL(/\/login/);
  await b.goto("/account");
  await expect(b).toHaveURL(/\/login\?reason=SESSION_REVOKED/);
  await a.goto("/explore");
  await expect(a).toHaveURL(/\/login/);
  await Promise.all([a.context().close(), b.context().close()]);
});

test("an admin-assisted reset, end to end: the admin copies the link, the person sets a password and signs in", async ({
  browser,
}) => {
  const { a: person, email } = await twoDevices(browser, "Rena Resetme");

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, ACCOUNTS.admin);
  await expect(admin).toHaveURL(/\/admin$/);
  await admin.goto("/admin/account");
  await expect(sessionRows(admin).filter({ hasText: "This device" })).toHaveCount(1);
  await shoot(admin, "account-admin");
  await admin.goto("/admin/users");
  await admin.getByRole("search").getByLabel("Search").fill(email);
  await admin.getByRole("button", { name: "Apply" }).click();
  await admin.getByRole("button", { name: "Password-reset link for Rena Resetme" }).click();
  await admin.getByRole("button", { name: "Create link" }).click();
  const link = await admin.getByTestId("reset-link").inputValue();
  expect(link).toMatch(/\/reset-password\?token=[\w-]{43}$/);
  await shoot(admin, "reset-link-dialog");

  // The person, in a browser that is not signed in, opens the link.
  const fresh = await (await browser.newContext()).newPage();
  await fresh.goto(link);
  await expect(fresh.getByRole("heading", { name: "Set a new password" })).toBeVisible();
  await expect(fresh).toHaveURL(/\/reset-password$/); // the token left the address bar
  await shoot(fresh, "reset-password");
  const newPassword = "orange ferries cross at dawn";
  await fresh.getByLabel("New password", { exact: true }).fill(newPassword);
  await fresh.getByLabel("New password, again").fill("not the same one at all");
  await fresh.getByRole("button", { name: "Set password" }).click();
  await expect(fresh.getByText("The two passwords are not the same.")).toBeVisible();
  await fresh.getByLabel("New password, again").fill(newPassword);
  await fresh.getByRole("button", { name: "Set password" }).click();
  await expect(fresh.getByText("Your new password is set")).toBeVisible();

  // The person's earlier session ended; the old password no longer works, the new one does.
  await person.goto("/account");
  await expect(person).toHaveURL(/\/login/);
  await signIn(fresh, email, PASSWORD);
  await expect(fresh.getByRole("main").getByRole("alert")).toBeVisible();
  await expect(fresh).toHaveURL(/\/login/);
  await signIn(fresh, email, newPassword);
  await expect(fresh).toHaveURL(/\/explore/);

  // The link was single use.
  await person.context().close();
  await admin.context().close();
  await fresh.goto(link);
  await fresh.getByLabel("New password", { exact: true }).fill("another orange ferry");
  await fresh.getByLabel("New password, again").fill("another orange ferry");
  await fresh.getByRole("button", { name: "Set password" }).click();
  await expect(fresh.getByRole("alert").filter({ hasText: "already been used" })).toBeVisible();
  await fresh.context().close();
});
