// Journey: a traveler consents and shows the wallet QR; verifier staff paste the token and see
// exactly the consented fields; a second attempt says "already used"; the traveler sees the
// verification and reports "this wasn't me", which revokes the consent.
import { expect, test } from "@playwright/test";
import { ACCOUNTS, signIn } from "./fixtures";

test("traveler consents and shows a code; staff verify it once; the traveler disputes it", async ({ browser }) => {
  const travelerContext = await browser.newContext();
  const traveler = await travelerContext.newPage();
  await signIn(traveler, ACCOUNTS.traveler);
  await expect(traveler).toHaveURL(/\/explore/);

  // Consent to Harbour Ferries for name and over-18, not the bare "verified identity".
  await traveler.getByRole("link", { name: "Wallet" }).click();
  await traveler.getByRole("link", { name: "Consents" }).click();
  await expect(traveler.getByRole("heading", { name: "Consents", exact: true })).toBeVisible();
  const form = traveler.getByRole("form", { name: "Give consent" });
  await form.getByLabel("Organization").selectOption({ label: "Harbour Ferries" });
  await form.getByLabel("verified identity").uncheck();
  await expect(form.getByLabel("name", { exact: true })).toBeChecked();
  await expect(form.getByLabel("over 18")).toBeChecked();
  await form.getByLabel("For how long").selectOption({ label: "1 week" });
  await form.getByRole("button", { name: "Give consent" }).click();
  await expect(traveler.getByText("Consent saved.")).toBeVisible();
  await traveler.screenshot({ path: "test-results/verification-consents.png", fullPage: true });

  // The wallet shows a QR code for it, and the token as text.
  await traveler.getByRole("link", { name: "Wallet" }).first().click();
  await expect(traveler.getByRole("heading", { name: "Wallet", exact: true })).toBeVisible();
  await traveler.getByRole("button", { name: /^Harbour Ferries/ }).click();
  const qr = traveler.getByTestId("wallet-qr").locator("svg");
  await expect(qr).toBeVisible();
  await expect(traveler.getByText(/valid for \d:\d\d/)).toBeVisible();
  await traveler.getByText("Show the code as text").click();
  const token = await traveler.getByTestId("wallet-token").inputValue();
  expect(token.split(".")).toHaveLength(3);
  await traveler.screenshot({ path: "test-results/verification-wallet.png", fullPage: true });

  // Staff paste it and see exactly the consented fields.
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signIn(staff, ACCOUNTS.verifier);
  await expect(staff).toHaveURL(/\/verify/);
  await staff.getByRole("textbox", { name: "Token" }).fill(token);
  await staff.getByRole("button", { name: "Verify", exact: true }).click();
  const result = staff.getByTestId("verification-result");
  await expect(result.getByText("Verified")).toBeVisible();
  await expect(result.locator("dt")).toHaveText(["name", "over 18"]);
  await expect(result.locator("dd").nth(1)).toHaveText("Yes");
  await expect(result.locator("dd").first()).not.toBeEmpty();
  await staff.screenshot({ path: "test-results/verification-verified.png", fullPage: true });

  // A second attempt with the same token is refused: already used.
  await staff.getByRole("button", { name: "Verify", exact: true }).click();
  await expect(result.getByText("Refused: Already used")).toBeVisible();
  await expect(result.getByText(/was already used/)).toBeVisible();
  await staff.screenshot({ path: "test-results/verification-replayed.png", fullPage: true });

  // Staff history shows both checks.
  await staff.getByRole("link", { name: "History" }).click();
  await expect(staff.getByRole("cell", { name: "Already used" }).first()).toBeVisible();

  // The traveler sees the verification and says it was not them.
  await traveler.goto("/identity/history");
  const event = traveler.getByTestId("verification-event").filter({ hasText: "Harbour Ferries verified you at" }).first();
  await expect(event).toContainText("name, over 18");
  await traveler.screenshot({ path: "test-results/verification-history.png", fullPage: true });
  await event.getByRole("button", { name: "This wasn't me" }).click();
  await traveler.getByRole("dialog").getByRole("button", { name: "Report and revoke consent" }).click();
  await expect(traveler.getByText("That organization can no longer verify you")).toBeVisible();
  await expect(traveler.getByText("You reported this as not you").first()).toBeVisible();

  await traveler.goto("/identity/consents");
  const row = traveler.getByRole("row").filter({ hasText: "Harbour Ferries" });
  await expect(row.getByText("Revoked")).toBeVisible();

  // The moderators' queue has it.
  const modContext = await browser.newContext();
  const moderator = await modContext.newPage();
  await signIn(moderator, ACCOUNTS.moderator);
  await expect(moderator.getByText("Disputed verification by Harbour Ferries").first()).toBeVisible();

  await Promise.all([travelerContext.close(), staffContext.close(), modContext.close()]);
});

test("the JWKS is public, holds public keys only, and is cacheable without a cookie", async ({ request }) => {
  const response = await request.get("/.well-known/jwks.json");
  expect(response.status()).toBe(200);
  // A shared cache may store it: no cookie rides along, and fresh + stale stays within 5 minutes.
  expect(response.headers()["set-cookie"]).toBeUndefined();
  const cacheControl = response.headers()["cache-control"]!;
  expect(cacheControl).toContain("public");
  const seconds = (name: string) => Number(new RegExp(`${name}=(\\d+)`).exec(cacheControl)?.[1] ?? 0);
  expect(seconds("max-age")).toBeGreaterThan(0);
  expect(seconds("max-age") + seconds("stale-while-revalidate")).toBeLessThanOrEqual(300);
  const body = await response.json();
  expect(body.keys.length).toBeGreaterThan(0);
  for (const key of body.keys) {
    expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA" });
    expect(key.d).toBeUndefined();
  }
});

test("staff ask by request code; the traveler finds and approves it; staff verify the answer", async ({ browser }) => {
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signIn(staff, ACCOUNTS.verifier);
  await expect(staff).toHaveURL(/\/verify/);
  await staff.getByRole("link", { name: "Requests" }).click();
  const form = staff.getByRole("form", { name: "New request" });
  await form.getByRole("button", { name: "Create request" }).click();
  await expect(staff.getByText("Choose at least one thing to ask for.")).toBeVisible();
  await form.getByLabel("over 18").check();
  await form.getByLabel("Why (shown to the traveler)").fill("Adult fare on the 10:30 boat");
  await form.getByRole("button", { name: "Create request" }).click();
  const code = (await staff.getByTestId("request-code").textContent())!.trim();
  expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await staff.screenshot({ path: "test-results/verification-staff-requests.png", fullPage: true });

  const travelerContext = await browser.newContext();
  const traveler = await travelerContext.newPage();
  await signIn(traveler, ACCOUNTS.traveler);
  await expect(traveler).toHaveURL(/\/explore/);
  await traveler.goto("/identity/requests");
  await traveler.getByLabel("Request code").fill(code.toLowerCase());
  await traveler.getByRole("button", { name: "Find request" }).click();
  const item = traveler.getByRole("listitem").filter({ hasText: "Adult fare on the 10:30 boat" });
  await expect(item).toContainText("Harbour Ferries asks for: over 18");
  await item.getByRole("button", { name: "Approve" }).click();
  await expect(traveler.getByTestId("wallet-qr").locator("svg")).toBeVisible();
  await traveler.screenshot({ path: "test-results/verification-traveler-requests.png", fullPage: true });
  await traveler.getByText("Show the code as text").click();
  const token = await traveler.getByTestId("wallet-token").inputValue();

  await staff.getByRole("link", { name: "Verify", exact: true }).click();
  await staff.getByRole("textbox", { name: "Token" }).fill(token);
  await staff.getByRole("button", { name: "Verify", exact: true }).click();
  const result = staff.getByTestId("verification-result");
  await expect(result.locator("dt")).toHaveText(["over 18"]);
  await staff.getByRole("link", { name: "Requests" }).click();
  await expect(staff.getByRole("row").filter({ hasText: code }).getByText("Verified")).toBeVisible();

  // The other verifier pages: history and members (the demo verifier is an org admin).
  await staff.getByRole("link", { name: "History" }).click();
  await expect(staff.getByRole("cell", { name: "Verified" }).first()).toBeVisible();
  await staff.screenshot({ path: "test-results/verification-staff-history.png", fullPage: true });
  await staff.getByRole("link", { name: "Members" }).click();
  await expect(
    staff.getByRole("table", { name: "Members" }).getByRole("cell", { name: "Fotis (Harbour Ferries)" }),
  ).toBeVisible();
  await staff.screenshot({ path: "test-results/verification-staff-members.png", fullPage: true });

  // Admins see organizations with their policy.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, ACCOUNTS.admin);
  await expect(admin).toHaveURL(/\/admin/);
  await admin.getByRole("link", { name: "Organizations" }).click();
  await expect(admin.getByRole("row").filter({ hasText: "Naxos Museum" })).toContainText("verified identity, over 18, district");
  await expect(admin.getByRole("row").filter({ hasText: "Naxos Museum" })).toContainText("Aegean Islands");
  // A regional admin cannot move an organization or let it serve other regions: no such action.
  await expect(admin.getByRole("button", { name: "Regions" })).toHaveCount(0);
  await admin.screenshot({ path: "test-results/verification-admin-organizations.png", fullPage: true });

  await Promise.all([staffContext.close(), travelerContext.close(), adminContext.close()]);
});

test("a super admin creates an organization in a region and lets it serve another, whose admin then governs it", async ({
  browser,
}) => {
  const superContext = await browser.newContext();
  const superAdmin = await superContext.newPage();
  await signIn(superAdmin, ACCOUNTS.superAdmin);
  await expect(superAdmin).toHaveURL(/\/admin/);
  await superAdmin.goto("/admin/organizations");
  const create = superAdmin.getByRole("form", { name: "New organization" });
  await create.getByLabel("Name", { exact: true }).fill("Highland Coaches");
  await create.getByRole("button", { name: "Create organization" }).click();
  await expect(create.getByText("Choose a region.")).toBeVisible();
  await create.getByLabel("Region").selectOption({ label: "Northern Highlands" });
  await create.getByRole("button", { name: "Create organization" }).click();
  const coaches = superAdmin.getByRole("row").filter({ hasText: "Highland Coaches" });
  await expect(coaches).toContainText("Northern Highlands");
  await coaches.getByRole("button", { name: "Regions" }).click();
  const regionsForm = superAdmin.getByRole("form", { name: "Regions of Highland Coaches" });
  await regionsForm.getByLabel("Aegean Islands").check();
  await regionsForm.getByRole("button", { name: "Save" }).click();
  await expect(coaches).toContainText("also serves Aegean Islands");
  await superAdmin.setViewportSize({ width: 390, height: 844 });
  await superAdmin.screenshot({ path: "test-results/verification-superadmin-organizations-390.png", fullPage: true });
  // …so the Aegean admin now sees it too.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, ACCOUNTS.admin);
  await expect(admin).toHaveURL(/\/admin/);
  await admin.goto("/admin/organizations");
  await expect(admin.getByRole("row").filter({ hasText: "Highland Coaches" })).toContainText("also serves Aegean Islands");
  await Promise.all([superContext.close(), adminContext.close()]);
});
