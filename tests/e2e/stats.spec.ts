import { fiscalYear } from "../../app/utils/japan-time";
import { expect, test } from "./fixtures";
import { expectAccessible } from "./support";

const DAY = 24 * 3600_000;
const yearLabel = (year: number) => `令和${year - 2018}年度（${year}年度）`;

test("staff read the programme's statistics, choose an earlier fiscal year and see its table and charts", async ({
  page,
  signIn,
}) => {
  await signIn("staff");
  await page.goto("/staff");
  await page.getByRole("link", { name: "年度別の統計（行政評価の資料）を見る" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "年度別の統計" })).toBeVisible();
  const current = fiscalYear(new Date());
  await expect(page.getByRole("heading", { name: `${yearLabel(current)}の実績（すべてのコース）` })).toBeVisible();
  await expectAccessible(page);

  // The demo's future-creation round of two years back (submitted 760 days ago): one proposal,
  // funded with ¥800,000, in a fiscal year of its own.
  const earlier = fiscalYear(new Date(Date.now() - 760 * DAY));
  await page.getByLabel("年度").selectOption(String(earlier));
  await page.getByRole("button", { name: "この条件で表示する" }).click();
  await expect(page).toHaveURL(new RegExp(`year=${earlier}`));
  await expect(page.getByRole("heading", { name: `${yearLabel(earlier)}の実績（すべてのコース）` })).toBeVisible();
  const table = page.getByRole("table").first();
  await expect(table.getByRole("columnheader")).toHaveText([
    "項目",
    "未来創造チャレンジ",
    "コラボチャレンジ",
    "すべてのコース",
  ]);
  const row = (figure: string) =>
    table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: figure, exact: true }) });
  await expect(row("提案数").getByRole("cell")).toHaveText(["1件", "0件", "1件"]);
  await expect(row("採択額").getByRole("cell")).toHaveText(["800,000円", "0円", "800,000円"]);

  // Each chart is one image named by its title, its figures in words and again in a table.
  const amounts = page.getByRole("img", { name: "採択額と予定額" });
  await expect(amounts).toBeVisible();
  await expect(amounts).toHaveAccessibleDescription(new RegExp(`令和${earlier - 2018}年度：採択額 800,000円`));
  await expectAccessible(page);

  const workbook = await page.request.get(`/staff/stats.xlsx?year=${earlier}`);
  expect(workbook.status()).toBe(200);
  expect(workbook.headers()["content-type"]).toContain("spreadsheetml");
});
