// The server enforces policy on its own: calls straight to /api/trpc, as an attacker would make them.
import { expect, test } from "@playwright/test";
import { ACCOUNTS, signIn } from "./fixtures";

const input = (json: unknown) => encodeURIComponent(JSON.stringify({ json }));

test("anonymous callers are refused admin procedures, one by one and in a batch", async ({ request }) => {
  const single = await request.get(`/api/trpc/people.list?input=${input({})}`);
  expect(single.status()).toBe(401);
  expect((await single.json()).error.json.data.appCode).toBe("UNAUTHENTICATED");

  const batch = await request.get(
    `/api/trpc/geography.districts,audit.list?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { json: null }, 1: { json: {} } }))}`,
  );
  const [districts, audit] = await batch.json();
  expect(districts.result.data.json.length).toBeGreaterThan(0);
  expect(audit.error.json.data.code).toBe("UNAUTHORIZED");
});

test("a traveler's session cannot reach admin procedures, and a forged session cookie is ignored", async ({ page }) => {
  await signIn(page, ACCOUNTS.traveler);
  await expect(page).toHaveURL(/\/explore$/);
  const denied = await page.request.post(`/api/trpc/people.ban`, {
    data: { json: { userId: "00000000-0000-4000-8000-000000000000", reason: "nope" } },
  });
  expect(denied.status()).toBe(403);
  expect((await denied.json()).error.json.data.appCode).toBe("ROLE_REQUIRED");

  // Going to an admin page sends the traveler to their own home.
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/explore$/);

  const forged = await page.request.get(`/api/trpc/audit.list?input=${input({})}`, {
    headers: { cookie: "authjs.session-token=eyJhbGciOiJub25lIn0.eyJyb2xlIjoiU1VQRVJfQURNSU4ifQ." },
  });
  expect(forged.status()).toBe(401);
});

test("bad input is refused field by field and changes nothing", async ({ request }) => {
  const res = await request.post(`/api/trpc/auth.signup`, {
    data: { json: { inviteCode: "", email: "not-an-email", password: "x", displayName: "" } },
  });
  expect(res.status()).toBe(400);
  const data = (await res.json()).error.json.data;
  expect(data.appCode).toBe("INVALID_INPUT");
  expect(Object.keys(data.fieldErrors)).toEqual(expect.arrayContaining(["inviteCode", "email", "displayName"]));
});
