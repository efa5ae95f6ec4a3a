import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, expectAccessible, logIn, logOut, waitForMail } from "./support";

const THEME = "外国人住民と地域をつなぐ多文化共生の取り組み";
const PROPOSAL = "やさしい日本語の防災訓練で外国人住民と自治会をつなぐ";

test("two reviewers score, staff rank, decide and release; the applicants read the result", async ({ page }) => {
  // 1. Each assigned reviewer scores the proposal; an incomplete submission is explained.
  for (const [email, scores, recommendation] of [
    ["reviewer@example.jp", ["5", "4", "4", "3"], "採択"],
    ["staff@example.jp", ["4", "4", "3", "4"], "条件付き採択"],
  ] as const) {
    await logIn(page, email, DEMO_PASSWORD);
    await page
      .getByRole("navigation", { name: "メインメニュー" })
      .getByRole("link", { name: "審査", exact: true })
      .click();
    await expectAccessible(page);
    await page.getByRole("link", { name: new RegExp(PROPOSAL) }).click();
    await expectAccessible(page);
    const inputs = page.getByRole("spinbutton");
    await expect(inputs).toHaveCount(4);
    await inputs.nth(0).fill(scores[0]);
    await page.getByRole("button", { name: "審査を提出する" }).click();
    await expect(page.getByRole("alert")).toContainText("すべての評価項目に");
    for (let i = 0; i < 4; i++) await page.getByRole("spinbutton").nth(i).fill(scores[i]);
    await page.getByLabel(recommendation, { exact: true }).check();
    await page.getByLabel("総合コメント").fill("多言語での防災訓練は地域にとって意義が大きい。");
    await page.getByRole("button", { name: "審査を提出する" }).click();
    await expect(page.getByRole("status")).toHaveText("審査を提出しました。");
    await logOut(page);
  }

  // 2. Staff see the ranking, record the decision and release the results.
  await logIn(page, "staff@example.jp", DEMO_PASSWORD);
  await page.goto("/staff/themes");
  await page.getByRole("link", { name: THEME }).click();
  await page.getByRole("link", { name: "審査と決定" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(THEME);
  const row = page.locator("tr", { hasText: PROPOSAL });
  await expect(row).toContainText("2 / 2");
  await expectAccessible(page);
  const decision = page
    .locator("form", { hasText: PROPOSAL })
    .filter({ has: page.getByRole("button", { name: "決定を記録する" }) });
  await decision.getByLabel("採択", { exact: true }).check();
  await decision.getByLabel("交付額（円）").fill("140,000");
  await decision.getByLabel("申請者へのコメント").fill("多言語の訓練計画が具体的で、継続性も高く評価されました。");
  await decision.getByRole("button", { name: "決定を記録する" }).click();
  await expect(page.getByRole("status")).toHaveText("決定を記録しました。");
  await page.getByRole("button", { name: "結果を公開する" }).click();
  await expect(page.getByRole("status")).toHaveText("結果を公開しました。");
  await logOut(page);

  // 3. Every member of the applicant organisations is told, and reads the decision — not the scores.
  const mail = await waitForMail("fureai@example.jp", `審査結果のお知らせ（${PROPOSAL}）`);
  await waitForMail("tabunka@example.jp", `審査結果のお知らせ（${PROPOSAL}）`);
  await logIn(page, "fureai@example.jp", DEMO_PASSWORD);
  await page.goto(mail.text.match(/https?:\/\/\S+\/proposals\/[0-9a-f-]+/)?.[0] ?? "/me");
  await expect(page.getByRole("heading", { name: "審査結果" })).toBeVisible();
  await expect(page.getByText("採択されました。交付額：140,000円")).toBeVisible();
  await expect(page.getByText("多言語の訓練計画が具体的で")).toBeVisible();
  await expect(page.getByText("審査 一郎")).toHaveCount(0);
  await expectAccessible(page);

  // The theme page now lists the funded proposal.
  await page.goto("/themes");
  await page.getByRole("link", { name: THEME }).click();
  await expect(page.getByRole("heading", { name: "採択された提案" })).toBeVisible();
  await expect(page.getByText(new RegExp(`${PROPOSAL}.*140,000円`))).toBeVisible();
});
