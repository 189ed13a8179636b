// Journey: a new host signs up through the host invite, is told why they cannot list, enrolls with
// two document images; a moderator asks for a change, the host answers, the moderator approves,
// and the host creates a listing. Everything through the pages, against the production build.
import { expect, test, type Page } from "@playwright/test";
import { ACCOUNTS, pngImage, signIn, signOut, signUp } from "./fixtures";

test.describe.configure({ mode: "serial" });

const RUN = Date.now().toString(36);
const NAME = `Iris Newhost ${RUN}`;
const PASSWORD = "a-long-enough-passphrase";
// A made-up number, unique to this run; typed with separators as people do.
const NATIONAL_ID = `ZE-${String(Date.now()).slice(-8, -4)} ${String(Date.now()).slice(-4)}`;
let email = "";

async function openCase(page: Page) {
  await signIn(page, ACCOUNTS.moderator);
  await expect(page).toHaveURL(/\/moderation$/);
  await page.getByRole("link", { name: `Review Identity enrollment: ${NAME}` }).click();
  await expect(page).toHaveURL(/\/moderation\/items\/[0-9a-f-]{36}$/);
  await page.getByRole("button", { name: "Claim", exact: true }).click();
  await expect(page.getByRole("button", { name: "Release" })).toBeVisible();
  // The documents, beside the typed details, once the case is held.
  const documents = page.getByRole("list", { name: "Documents" });
  await expect(documents.getByRole("img", { name: "ID card, front" })).toBeVisible();
  await expect(documents.getByRole("img", { name: "ID card, back" })).toBeVisible();
  await expect(page.getByText("Iris Anagnostou")).toBeVisible();
  await expect(page.getByText(`ending in ${NATIONAL_ID.slice(-4)}`)).toBeVisible();
}

async function decide(page: Page, button: string, reason: string) {
  await page.getByRole("button", { name: button, exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Reason").fill(reason);
  await dialog.getByRole("button", { name: button }).click();
}

test("a new host is told why they cannot list, and enrolls with two document images", async ({ page }) => {
  email = await signUp(page, "TSRA-HSTS-2345", NAME, PASSWORD);
  await expect(page).toHaveURL(/\/host$/);
  await expect(page.getByTestId("create-refused")).toHaveText(
    "Your identity must be verified (KYC) before you can create listings.",
  );
  await page.getByRole("link", { name: "Verify your identity to create listings" }).click();
  await expect(page).toHaveURL(/\/host\/identity$/);
  await expect(page.getByText("Not verified")).toBeVisible();

  await page.getByRole("button", { name: "Start enrollment" }).click();
  await page.getByLabel("Legal name").fill("Iris Anagnostou");
  await page.getByLabel("Date of birth").fill("1988-03-14");
  await page.getByLabel("District you live in").selectOption({ label: "Naxos Old Town" });
  await page.getByLabel("National ID number").fill(NATIONAL_ID);
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(page.getByLabel("National ID number")).toHaveValue("");
  await expect(page.getByText(`Saved (ending in ${NATIONAL_ID.slice(-4)})`)).toBeVisible();

  await page
    .getByLabel("Upload ID card, front")
    .setInputFiles({ name: "front.png", mimeType: "image/png", buffer: pngImage(480, [110, 150, 200]) });
  await expect(page.getByRole("img", { name: "ID card, front as uploaded" })).toBeVisible();
  await page
    .getByLabel("Upload ID card, back")
    .setInputFiles({ name: "back.png", mimeType: "image/png", buffer: pngImage(480, [150, 190, 140]) });
  await expect(page.getByRole("img", { name: "ID card, back as uploaded" })).toBeVisible();

  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page.getByText("Thank you: your enrollment is waiting for review")).toBeVisible();
  await expect(page.getByText("Verification pending")).toBeVisible();
  await page.screenshot({ path: "test-results/identity-submitted.png", fullPage: true });
});

test("a moderator claims the case, sees the documents beside the details, and asks for a change", async ({ page }) => {
  await openCase(page);
  await page.screenshot({ path: "test-results/identity-review.png", fullPage: true });
  await decide(page, "Request changes", "The back of the card is blurred; please upload a sharper photo.");
  await expect(page.getByTestId("item-decision")).toContainText("Changes requested");
});

test("the host reads the request, replaces the back of the card and submits again", async ({ page }) => {
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/host$/);
  await page.getByRole("navigation").getByRole("link", { name: "Identity" }).click();
  await expect(page.getByTestId("decision-note")).toContainText("The back of the card is blurred");
  await page
    .getByLabel("Replace ID card, back")
    .setInputFiles({ name: "back-sharp.png", mimeType: "image/png", buffer: pngImage(520, [90, 170, 120]) });
  await expect(page.getByRole("img", { name: "ID card, back as uploaded" })).toBeVisible();
  await page.screenshot({ path: "test-results/identity-changes.png", fullPage: true });
  await page.getByRole("button", { name: "Submit again" }).click();
  await expect(page.getByText("Thank you: your enrollment is waiting for review")).toBeVisible();
});

test("the moderator approves", async ({ page }) => {
  await openCase(page);
  await decide(page, "Approve", "Name, date of birth and photo match the card.");
  await expect(page.getByTestId("item-decision")).toContainText("Approved");
});

test("the host, now verified, creates a listing", async ({ page }) => {
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/host$/);
  await expect(page.getByTestId("create-refused")).toHaveCount(0);
  await page.getByRole("navigation").getByRole("link", { name: "Identity" }).click();
  await expect(page.getByText("Identity verified")).toBeVisible();
  await page.getByRole("navigation").getByRole("link", { name: "New listing" }).click();
  const form = page.getByRole("form", { name: "Listing" });
  await form.getByLabel("Kind").selectOption("SERVICE");
  await form.getByLabel("Category").selectOption("outdoors");
  await form.getByLabel("Title").fill(`Sea kayaking with Iris ${RUN}`);
  await form.getByLabel("Description").fill("Two hours along the west coast in stable sea kayaks, for beginners.");
  await form.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/host\/listings\/[0-9a-f-]{36}\?created=1$/);
  await signOut(page);
});

test("the demo traveler is verified; the account page shows it", async ({ page }) => {
  await signIn(page, ACCOUNTS.traveler);
  await expect(page).toHaveURL(/\/explore$/);
  await expect(page.getByTestId("kyc-nudge")).toHaveCount(0);
  await page.getByRole("navigation").getByRole("link", { name: "Account" }).click();
  await expect(page.getByText("Identity verified")).toBeVisible();
  await expect(page.getByText(ACCOUNTS.traveler)).toBeVisible();
  await page.screenshot({ path: "test-results/account.png", fullPage: true });
});

test("an admin sees a person's KYC status and enrollment history on the users page", async ({ page }) => {
  await signIn(page, ACCOUNTS.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/users");
  await page.getByRole("button", { name: `Identity of ${NAME}: Identity verified. Show the enrollment history` }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("list", { name: "Enrollment cases" }).getByText("Approved")).toBeVisible();
  await expect(dialog.getByText(/by Maria \(moderator\)/)).toBeVisible();
  await page.screenshot({ path: "test-results/admin-kyc.png", fullPage: true });
});
