// Explore's forgiving search in the browser (issue 19): suggestions as one types, by keyboard
// (the ARIA combobox pattern), "did you mean" and close matches; screenshots at 390 and 1280 px.
import { expect, test } from "@playwright/test";
import { ACCOUNTS, signIn } from "./fixtures";

for (const width of [390, 1280]) {
  test(`suggestions by keyboard, did you mean, close matches (${width} px)`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, ACCOUNTS.traveler);
    await expect(page).toHaveURL(/\/explore$/);

    const box = page.getByRole("combobox", { name: "Search" });
    await box.click();
    await box.pressSequentially("pot", { delay: 60 });
    const list = page.getByRole("listbox", { name: "Suggestions" });
    await expect(list).toBeVisible();
    await expect(box).toHaveAttribute("aria-expanded", "true");
    await expect(list.getByRole("option", { name: /Old Town pottery workshop/ })).toBeVisible();
    await box.press("ArrowDown");
    const active = await box.getAttribute("aria-activedescendant");
    expect(active).toBeTruthy();
    await expect(page.locator(`[id="${active}"]`)).toHaveAttribute("aria-selected", "true");
    await page.screenshot({ path: `test-results/search-suggestions-${width}.png` });
    await box.press("Escape");
    await expect(box).toHaveAttribute("aria-expanded", "false");
    await expect(list).toBeHidden();

    // Greek letters find the Latin district name.
    await box.fill("");
    await box.pressSequentially("Νάξ", { delay: 60 });
    await expect(list.getByRole("option", { name: /Naxos Old Town/ })).toBeVisible();
    await box.press("Escape");

    // A misspelling: the listing still, and the spelling most listings use.
    await box.fill("potery");
    await box.press("Enter");
    await expect(page).toHaveURL(/[?&]q=potery/);
    await expect(page.getByText("Did you mean")).toBeVisible();
    await expect(page.getByRole("link", { name: "Old Town pottery workshop" })).toBeVisible();
    await page.screenshot({ path: `test-results/search-did-you-mean-${width}.png`, fullPage: width === 1280 });
    await page.getByRole("button", { name: "pottery" }).click();
    await expect(page).toHaveURL(/[?&]q=pottery/);

    // Choosing a listing by keyboard opens it.
    await box.fill("");
    await box.pressSequentially("apeir", { delay: 60 });
    await expect(list.getByRole("option", { name: /Apeiranthos marble village/ })).toBeVisible();
    await box.press("ArrowDown");
    await box.press("Enter");
    await expect(page.getByRole("heading", { name: "Apeiranthos marble village", level: 1 })).toBeVisible();
  });
}
