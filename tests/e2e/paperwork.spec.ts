import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import { expectAccessible } from "./support";

/** The demo theme whose results were released (db/seed-reviews.ts). */
const RELEASED = "地域の見守りネットワークづくり（令和8年度前期）";

test("staff follow a count from their home to the list, then download the results list and a notice as PDF", async ({
  page,
  signIn,
}) => {
  await signIn("staff");
  await page.goto("/staff");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("区職員のトップ");
  await expectAccessible(page);
  await page.getByRole("link", { name: /確認を待っている団体：\d+件/ }).click();
  await expect(page).toHaveURL(/\/staff\/organizations$/);
  await expectAccessible(page);

  await page.goto("/staff/themes");
  await page.getByRole("link", { name: RELEASED }).click();
  await page.getByRole("link", { name: "審査と決定" }).click();
  await expectAccessible(page);
  for (const link of [
    page.getByRole("link", { name: "審査結果一覧（決裁用）をダウンロード（PDF・A4横）" }),
    page.getByRole("link", { name: /の通知書（PDF・A4）$/ }).first(),
  ]) {
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
  }
});
