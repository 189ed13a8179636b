// Orders journey in Chromium with two browser contexts: a traveler asks, the host sees it arrive
// without reloading and answers, the traveler requests, the host accepts, checks the traveler in
// with their code and completes; the traveler reviews, the host replies, explore shows the rating.
import { expect, test } from "@playwright/test";
import { ACCOUNTS, signIn, signUp } from "./fixtures";

const LISTING = "Old Town pottery workshop";

test("ask, answer, request, accept, check in, complete, review, reply — live in both windows", async ({ browser }) => {
  test.setTimeout(150_000);
  const travelerCtx = await browser.newContext();
  const hostCtx = await browser.newContext();
  const traveler = await travelerCtx.newPage();
  const host = await hostCtx.newPage();

  // A new traveler (through the demo traveler invite), and the demo host on their orders page.
  const name = `Olga Orders ${Date.now() % 100000}`;
  await signUp(traveler, "TSRA-TRAV-2345", name);
  await expect(traveler).toHaveURL(/\/explore$/);
  await signIn(host, ACCOUNTS.host);
  await expect(host).toHaveURL(/\/host$/);
  await host.getByRole("link", { name: /^Orders/ }).click();
  await expect(host).toHaveURL(/\/host\/orders$/);
  await expect(host.getByRole("tab", { name: /New/ })).toHaveAttribute("aria-selected", "true");

  // The traveler finds the listing and asks a question.
  await traveler.goto(`/explore?q=${encodeURIComponent("pottery")}`);
  await traveler.getByRole("link", { name: LISTING }).click();
  await expect(traveler.getByRole("heading", { name: LISTING })).toBeVisible();
  const question = `Can children join the workshop? (${name})`;
  await traveler.getByLabel("Your question or note").fill(question);
  await traveler.getByRole("button", { name: "Ask the host" }).click();
  await expect(traveler).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(traveler.getByTestId("order-status")).toHaveText("Question");
  await expect(traveler.getByTestId("thread")).toContainText(question);

  // The host's page shows it without a reload, with an unread count in the navigation.
  const row = host.getByTestId("order-list").getByRole("link", { name: new RegExp(name) });
  await expect(row).toBeVisible({ timeout: 15_000 });
  await expect(row).toContainText("1 new");
  await expect(host.getByRole("navigation", { name: "Host navigation" }).getByTestId("unread-count")).toBeVisible();
  await row.click();
  await expect(host.getByTestId("thread")).toContainText(question);
  const answer = "Yes, from six years old. Aprons are provided.";
  await host.getByLabel("Your message").fill(answer);
  await host.getByRole("button", { name: "Send" }).click();

  // The traveler sees the answer arrive, and requests.
  await expect(traveler.getByTestId("thread")).toContainText(answer, { timeout: 15_000 });
  await traveler.getByRole("button", { name: "Request this" }).click();
  await expect(traveler.getByTestId("order-status")).toHaveText("Requested");

  // The host sees the request live and accepts.
  await expect(host.getByTestId("order-status")).toHaveText("Requested", { timeout: 15_000 });
  await host.getByRole("button", { name: "Accept" }).click();
  await expect(host.getByTestId("order-status")).toHaveText("Accepted");

  // The traveler's page shows the check-in QR and its short code.
  await expect(traveler.getByTestId("order-status")).toHaveText("Accepted", { timeout: 15_000 });
  await expect(traveler.getByTestId("checkin-qr")).toBeVisible();
  const shortCode = (await traveler.getByTestId("checkin-short-code").textContent())!.trim();
  expect(shortCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await traveler.screenshot({ path: "test-results/orders-traveler-checkin.png", fullPage: true });

  // A wrong code is refused with a message; the right one checks the traveler in.
  await host.getByLabel("Traveler's check-in code").fill("AAAA-AAAA");
  await host.getByRole("button", { name: "Check in and start" }).click();
  await expect(host.getByText("That code is not right for this order, or it has expired.")).toBeVisible();
  await host.getByLabel("Traveler's check-in code").fill(shortCode);
  await host.getByRole("button", { name: "Check in and start" }).click();
  await expect(host.getByTestId("order-status")).toHaveText("In progress");
  await host.getByRole("button", { name: "Mark paid in person" }).click();
  await expect(host.getByTestId("payment-status")).toHaveText("Paid in person");
  await host.getByRole("button", { name: "Mark completed" }).click();
  await expect(host.getByTestId("order-status")).toHaveText("Completed");

  // The traveler reviews.
  await expect(traveler.getByTestId("order-status")).toHaveText("Completed", { timeout: 15_000 });
  await traveler.getByLabel("4 stars").check();
  await traveler.getByLabel("Your review").fill("A patient teacher and a lovely blue cup to take home.");
  await traveler.getByRole("button", { name: "Post review" }).click();
  await expect(traveler.getByTestId("order-review")).toContainText("A patient teacher");

  // The host sees it live and replies once.
  await expect(host.getByTestId("order-review")).toContainText("A patient teacher", { timeout: 15_000 });
  await host.getByLabel("Your reply (once)").fill("Thank you, it was a pleasure!");
  await host.getByRole("button", { name: "Post reply" }).click();
  await expect(host.getByTestId("review-reply")).toContainText("Thank you, it was a pleasure!");
  await expect(host.getByLabel("Your reply (once)")).toHaveCount(0);
  await host.screenshot({ path: "test-results/orders-host-order.png", fullPage: true });
  await expect(traveler.getByTestId("review-reply")).toContainText("Thank you, it was a pleasure!", { timeout: 15_000 });

  // The listing's rating shows on explore's "Top rated", and the review on its page.
  await traveler.goto("/explore?sort=rating");
  const card = traveler.getByRole("article").filter({ hasText: LISTING });
  await expect(card).toContainText("4.0 out of 5 · 1 review");
  await card.getByRole("link", { name: LISTING }).click();
  await expect(traveler.getByTestId("listing-reviews")).toContainText("A patient teacher");
  await expect(traveler.getByTestId("listing-reviews")).toContainText("Thank you, it was a pleasure!");
  // With an accepted order behind them, the unverified traveler now sees the contact details.
  await expect(traveler.getByTestId("sensitive-details")).toBeVisible();

  await traveler.goto("/orders");
  await expect(traveler.getByTestId("order-list")).toContainText(LISTING);
  await traveler.screenshot({ path: "test-results/orders-my-orders.png", fullPage: true });
  await host.goto("/host/orders");
  await host.getByRole("tab", { name: /Completed/ }).click();
  await expect(host.getByTestId("order-list")).toContainText(name);
  await host.screenshot({ path: "test-results/orders-host-list.png", fullPage: true });

  await travelerCtx.close();
  await hostCtx.close();
});

test("emergency mode in a district: a banner on its pages, and new orders there are refused", async ({ browser }) => {
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await signIn(admin, ACCOUNTS.admin);
  await expect(admin).toHaveURL(/\/admin$/);
  const districts = (await (await admin.request.get("/api/trpc/geography.districts")).json()) as {
    result: { data: { json: { id: string; name: string }[] } };
  };
  const naxos = districts.result.data.json.find((d) => d.name === "Naxos Old Town")!;
  const setEmergency = async (districtIds: string[]) => {
    const res = await admin.request.post("/api/trpc/flags.update", { data: { json: { key: "EMERGENCY_MODE", districtIds } } });
    expect(res.ok()).toBe(true);
  };
  await setEmergency([naxos.id]);
  const travelerCtx = await browser.newContext();
  const traveler = await travelerCtx.newPage();
  try {
    await signUp(traveler, "TSRA-TRAV-2345", `Eva Emergency ${Date.now() % 100000}`);
    await expect(traveler).toHaveURL(/\/explore$/);
    await expect(traveler.getByTestId("emergency-banner")).toBeVisible();
    await traveler.getByRole("link", { name: "My orders" }).click();
    await expect(traveler.getByTestId("emergency-banner")).toBeVisible();
    await traveler.goto(`/explore?q=${encodeURIComponent("kitron")}`);
    await traveler.getByRole("link", { name: "Kitron distillery tasting" }).click();
    await expect(traveler.getByTestId("emergency-banner")).toBeVisible();
    await traveler.getByRole("button", { name: "Request" }).click();
    await expect(traveler.getByText("Emergency mode is on in this district: new orders are paused.")).toBeVisible();
    await traveler.screenshot({ path: "test-results/orders-emergency.png", fullPage: true });
  } finally {
    await setEmergency([]);
  }
  await traveler.reload();
  await expect(traveler.getByRole("heading", { name: "Kitron distillery tasting" })).toBeVisible();
  await expect(traveler.getByTestId("emergency-banner")).toHaveCount(0);
  await adminCtx.close();
  await travelerCtx.close();
});

test("a reported message: the moderator sees only the messages around it, and hides it", async ({ browser }) => {
  test.setTimeout(120_000);
  const travelerCtx = await browser.newContext();
  const hostCtx = await browser.newContext();
  const modCtx = await browser.newContext();
  const traveler = await travelerCtx.newPage();
  const host = await hostCtx.newPage();
  const mod = await modCtx.newPage();
  const name = `Rita Reporter ${Date.now() % 100000}`;
  await signUp(traveler, "TSRA-TRAV-2345", name);
  await expect(traveler).toHaveURL(/\/explore$/);
  await signIn(host, ACCOUNTS.host);
  await expect(host).toHaveURL(/\/host$/);

  await traveler.goto(`/explore?q=${encodeURIComponent("Apeiranthos")}`);
  await traveler.getByRole("link", { name: "Apeiranthos marble village" }).click();
  await traveler.getByLabel("Your question or note").fill("First message, far before");
  await traveler.getByRole("button", { name: "Ask the host" }).click();
  await expect(traveler).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  const orderId = traveler.url().split("/").pop()!;
  const send = async (who: typeof host, body: string) => {
    const res = await who.request.post("/api/trpc/messages.send", { data: { json: { orderId, body } } });
    expect(res.ok()).toBe(true);
  };
  for (const body of ["Second", "Third", "Fourth"]) await send(traveler, body);
  const rude = `Stop asking, fool (${name})`;
  await send(host, rude);
  await send(traveler, "That was rude");

  await expect(traveler.getByTestId("thread")).toContainText(rude, { timeout: 15_000 });
  traveler.once("dialog", (dialog) => void dialog.accept("The host insulted me."));
  await traveler
    .getByTestId("thread")
    .getByRole("listitem")
    .filter({ hasText: rude })
    .getByRole("button", { name: "Report" })
    .click();
  await expect(traveler.getByText("Reported. Moderators will look at it.")).toBeVisible();

  await signIn(mod, ACCOUNTS.moderator);
  await expect(mod).toHaveURL(/\/moderation$/);
  await mod
    .getByRole("link", { name: /^Review Message from Helena's Naxos Walks/ })
    .first()
    .click();
  // The thread opens only to the moderator holding the reported message's item.
  await expect(mod.getByText("Claim this item first")).toBeVisible();
  await mod.getByRole("button", { name: "Claim", exact: true }).click();
  await expect(mod.getByRole("button", { name: "Release" })).toBeVisible();
  const context = mod.getByTestId("message-context");
  await expect(context).toContainText(rude);
  await expect(context).toContainText("Second");
  await expect(context).toContainText("That was rude");
  // Only around it: the first message of the thread is not shown.
  await expect(context).not.toContainText("First message, far before");
  await mod.getByRole("button", { name: "Hide" }).click();
  const dialog = mod.getByRole("dialog");
  await dialog.getByLabel("Reason").fill("Insulting a traveler.");
  await dialog.getByRole("button", { name: "Hide" }).click();
  await expect(mod.getByTestId("item-decision")).toContainText("Hidden");
  await mod.screenshot({ path: "test-results/orders-moderation-message.png", fullPage: true });

  await traveler.reload();
  await expect(traveler.getByTestId("thread")).toContainText("That was rude");
  await expect(traveler.getByTestId("thread")).not.toContainText(rude);
  await travelerCtx.close();
  await hostCtx.close();
  await modCtx.close();
});
