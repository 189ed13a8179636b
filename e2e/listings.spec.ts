// Journey: a verified host publishes a listing with a photo, a moderator approves it, travelers find
// it; the rules say no where they should (unverified host, over-crowded district, blocked word).
import { expect, test, type Page } from "@playwright/test";
import { ACCOUNTS, pageAlert, pngImage, signIn, signOut, signUp } from "./fixtures";

test.describe.configure({ mode: "serial" });

const RUN = Date.now().toString(36);
const WORD = `lemongrove${RUN}`;
const TITLE = `Picnic in the ${WORD}`;
const CONTACT = "Call Helena on +30 694 555 0199";
let listingUrl = "";

async function fillListing(page: Page, title: string, description: string) {
  const form = page.getByRole("form", { name: "Listing" });
  await form.getByLabel("Kind").selectOption("SERVICE");
  await form.getByLabel("Category").selectOption("food-drink");
  await form.getByLabel("Title").fill(title);
  await form.getByLabel("Description").fill(description);
  await form.getByLabel("Price (optional)").fill("18.50");
  await form.getByLabel("Contact (optional)").fill(CONTACT);
  await form.getByLabel("Meeting point (optional)").fill("The white chapel above the harbour");
  await form.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/host\/listings\/[0-9a-f-]{36}\?created=1$/);
}

test("a verified host creates a listing with a photo and submits it; a blocked word stops another", async ({ page }) => {
  // A moderator blocks a word first.
  await signIn(page, ACCOUNTS.moderator);
  await expect(page).toHaveURL(/\/moderation$/);
  await page.getByRole("navigation").getByRole("link", { name: "Keywords" }).click();
  const add = page.getByRole("form", { name: "Add a keyword" });
  await add.getByLabel("Word or phrase").fill(`counterfeit${RUN}`);
  await add.getByLabel("What it does").selectOption("BLOCK");
  await add.getByRole("button", { name: "Add keyword" }).click();
  await expect(page.getByRole("cell", { name: `counterfeit${RUN}`, exact: true })).toBeVisible();
  await signOut(page);

  await signIn(page, ACCOUNTS.host);
  await expect(page).toHaveURL(/\/host$/);
  await page.getByRole("navigation").getByRole("link", { name: "New listing" }).click();
  await fillListing(page, TITLE, `A slow lunch under the trees of our ${WORD}, with bread, olives and cheese from the village.`);

  await page.getByLabel("Add photos").setInputFiles({ name: "grove.png", mimeType: "image/png", buffer: pngImage() });
  const photos = page.getByRole("list", { name: "Photos, in the order travelers see them" });
  await expect(photos.getByRole("listitem")).toHaveCount(1);

  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page.getByText("Submitted for review.")).toBeVisible();
  await expect(page.getByText("In review")).toBeVisible();
  listingUrl = page
    .url()
    .replace(/^https?:\/\/[^/]+/, "")
    .replace("/host/listings/", "/listings/")
    .replace(/\?.*$/, "");

  // The blocked word: the submission is refused, naming it.
  await page.getByRole("navigation").getByRole("link", { name: "New listing" }).click();
  await fillListing(page, `Designer bags ${RUN}`, `Genuine-looking counterfeit${RUN} bags at the market stall, cheap prices.`);
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(pageAlert(page).filter({ hasText: "Not submitted" })).toContainText(`“counterfeit${RUN}”`);
  await expect(page.getByText("Draft", { exact: true })).toBeVisible();
});

test("a moderator claims and approves it", async ({ page }) => {
  await signIn(page, ACCOUNTS.moderator);
  await expect(page).toHaveURL(/\/moderation$/);
  await page.getByRole("link", { name: `Review ${TITLE}` }).click();
  // The item's own page (the queue also lists other items, each with its own "Claim …" button).
  await expect(page).toHaveURL(/\/moderation\/items\//);
  await page.getByRole("button", { name: "Claim", exact: true }).click();
  await expect(page.getByRole("button", { name: "Release" })).toBeVisible();
  await page.getByRole("button", { name: "Approve" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Reason").fill("Clear description, real photo, fair price.");
  await dialog.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("item-decision")).toContainText("Approved");
});

test("a traveler finds it by a word of its title, opens it, sees the QR code and the contact details", async ({ page }) => {
  await signIn(page, ACCOUNTS.traveler);
  await expect(page).toHaveURL(/\/explore$/);
  await page.getByRole("combobox", { name: "Search" }).fill(WORD);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${WORD}`));
  await expect(page.getByTestId("results-count")).toHaveText(/^1 listing\b/);
  await page.getByRole("link", { name: TITLE }).click();
  await expect(page.getByRole("heading", { name: TITLE, level: 1 })).toBeVisible();
  await expect(page.getByTestId("listing-qr")).toBeVisible();
  await expect(page.getByTestId("sensitive-details")).toContainText(CONTACT);
  await expect(page.getByRole("img", { name: /photo|grove|picnic/i }).first()).toBeVisible();
});

test("an unverified traveler and a signed-out visitor see the listing but not the contact details", async ({ page, browser }) => {
  await page.goto(listingUrl);
  await expect(page.getByRole("heading", { name: TITLE, level: 1 })).toBeVisible();
  await expect(page.getByTestId("sensitive-hidden")).toBeVisible();
  await expect(page.getByText(CONTACT)).toHaveCount(0);

  const context = await browser.newContext();
  const newcomer = await context.newPage();
  await signUp(newcomer, "TSRA-TRAV-2345", "Una Verified");
  await expect(newcomer).toHaveURL(/\/explore$/);
  await newcomer.goto(listingUrl);
  await expect(newcomer.getByTestId("sensitive-hidden")).toBeVisible();
  await expect(newcomer.getByText(CONTACT)).toHaveCount(0);
  await context.close();
});

test("an unverified host is refused with the reason", async ({ page }) => {
  await signUp(page, "TSRA-HSTS-2345", "Hugo Newhost");
  await expect(page).toHaveURL(/\/host$/);
  await expect(page.getByTestId("create-refused")).toHaveText(
    "Your identity must be verified (KYC) before you can create listings.",
  );
  await page.goto("/host/listings/new");
  await expect(page.getByTestId("create-refused")).toHaveText(
    "Your identity must be verified (KYC) before you can create listings.",
  );
});

test("a promotion in an over-crowded district is refused, and allowed once the crowd thins", async ({ page }) => {
  async function setDensity(value: number) {
    await signIn(page, ACCOUNTS.admin);
    await expect(page).toHaveURL(/\/admin$/);
    await page.goto("/admin/districts");
    await page.getByRole("button", { name: "Edit Naxos Old Town" }).click();
    await page.getByLabel("Crowd density (%)").fill(String(value));
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("row", { name: /Naxos Old Town/ })).toContainText(`${value}%`);
    await signOut(page);
  }
  async function tryPromotion() {
    await signIn(page, ACCOUNTS.host);
    await expect(page).toHaveURL(/\/host$/);
    await page.getByRole("navigation").getByRole("link", { name: "Promotions" }).click();
    const form = page.getByRole("form", { name: "New promotion" });
    await form.getByLabel("Listing").selectOption({ label: TITLE });
    await form.getByLabel("Offer").fill("Second picnic basket free");
    await form.getByRole("button", { name: "Issue promotion" }).click();
  }

  await setDensity(95);
  await tryPromotion();
  await expect(page.getByTestId("promotion-refused")).toHaveText(
    "This district is at 95% crowd density, above its 80% threshold, so promotions are paused.",
  );
  await signOut(page);

  await setDensity(35);
  await tryPromotion();
  await expect(page.getByText("Promotion issued.")).toBeVisible();
  await expect(page.getByRole("cell", { name: "Second picnic basket free" })).toBeVisible();
});
