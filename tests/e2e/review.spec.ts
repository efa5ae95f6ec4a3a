import { expect, type Page, test } from "./fixtures";
import { expectAccessible } from "./support";

const THEME = "外国人住民と地域をつなぐ多文化共生の取り組み";
const FUNDED = "やさしい日本語の防災訓練で外国人住民と自治会をつなぐ";
const OTHERS = ["多言語の回覧板で町会の情報を届ける", "外国にルーツを持つ親子のためのスマホ相談会"];

async function score(page: Page, title: string, scores: string[], recommendation: string) {
  await page.goto("/reviews");
  await page.getByRole("link", { name: new RegExp(title) }).click();
  await expect(page.getByRole("navigation", { name: "提案の移動" })).toContainText(/件中 \d+件目/);
  await expectAccessible(page);
  const inputs = page.getByRole("spinbutton");
  await expect(inputs).toHaveCount(4);
  for (let i = 0; i < 4; i++) await inputs.nth(i).fill(scores[i]);
  await page.getByLabel(recommendation, { exact: true }).check();
  await page.getByLabel("総合コメント").fill(`${recommendation}とした理由：${title}`);
  await page.getByRole("button", { name: "審査を提出する" }).click();
  await expect(page.getByRole("status")).toHaveText("審査を提出しました。");
}

test("two reviewers score three proposals (one excluded by membership); staff rank, decide and release; applicants read the result", async ({
  page,
  mailbox,
  signIn,
}) => {
  // The whole review, four people and a dozen pages: longer than one page's test.
  test.setTimeout(120_000);
  // 1. The outside reviewer scores all three; an incomplete submission is explained first.
  await signIn("reviewer");
  await page
    .getByRole("navigation", { name: "メインメニュー" })
    .getByRole("link", { name: "審査", exact: true })
    .click();
  await expect(page).toHaveURL(/\/reviews$/);
  await expectAccessible(page);
  await page.getByRole("link", { name: new RegExp(FUNDED) }).click();
  // The whole proposal is there: schedule, budget lines by category, own funds.
  await expect(page.getByRole("heading", { name: "スケジュール（マイルストーン）" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "区分" })).toBeVisible();
  await expect(page.getByText(/自己資金（円）：/)).toBeVisible();
  // Working through the theme: next, then back.
  const firstHeading = await page.getByRole("heading", { level: 1 }).textContent();
  const moves = page.getByRole("navigation", { name: "提案の移動" });
  if (await moves.getByRole("link", { name: /次の提案/ }).count()) {
    await moves.getByRole("link", { name: /次の提案/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(firstHeading ?? "");
    await moves.getByRole("link", { name: /前の提案/ }).click();
  } else {
    await moves.getByRole("link", { name: /前の提案/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(firstHeading ?? "");
    await moves.getByRole("link", { name: /次の提案/ }).click();
  }
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(firstHeading ?? "");
  await page.getByRole("spinbutton").nth(0).fill("5");
  await page.getByRole("button", { name: "審査を提出する" }).click();
  await expect(page.getByRole("alert")).toContainText("すべての評価項目に");
  await score(page, FUNDED, ["5", "4", "4", "3"], "採択");
  await score(page, OTHERS[0], ["3", "3", "2", "3"], "不採択");
  await score(page, OTHERS[1], ["4", "3", "3", "2"], "条件付き採択");
  // Everything to read, on one page to print.
  await page.goto("/reviews");
  await page.getByRole("link", { name: "このテーマの提案をまとめて印刷する" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("審査する提案（3件）");
  await expect(page.getByRole("heading", { name: new RegExp(FUNDED) })).toBeVisible();
  await expectAccessible(page);

  // 2. The ward officer belongs to the 自治会 on the first proposal: it is not in their list.
  await signIn("staff");
  await page.goto("/reviews");
  const section = page.getByRole("region", { name: THEME });
  await expect(section.getByRole("link", { name: new RegExp(FUNDED) })).toHaveCount(0);
  await score(page, OTHERS[0], ["2", "3", "3", "2"], "不採択");
  await score(page, OTHERS[1], ["4", "4", "3", "4"], "条件付き採択");

  // 3. Staff see the exclusion and the ranking, decide and release.
  await page.goto("/staff/themes");
  await page.getByRole("link", { name: THEME }).click();
  await page.getByRole("link", { name: "審査と決定" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(THEME);
  await expect(page.getByText(/協働 推子.*所属：上石神井ふれあい自治会/)).toBeVisible();
  // A reviewer added by mistake is taken off again.
  await page.getByLabel("審査委員のメールアドレス").fill("kakaricho@example.jp");
  await page.getByRole("button", { name: "審査委員を割り当てる" }).click();
  await expect(page.getByRole("rowheader", { name: /決定 正子/ })).toBeVisible();
  await page.getByRole("button", { name: /決定 正子.*さんを審査から外す/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "審査委員を外しました" })).toBeVisible();
  // The officer is excluded from the first proposal: with the 係長 gone it has one reviewer, short of two.
  await expect(page.getByText("審査できる委員が2人に満たない提案が1件あります")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: FUNDED })).toContainText("審査できる委員が1人です");
  await expect(page.getByRole("rowheader", { name: /決定 正子/ })).toHaveCount(0);
  await expect(page.getByRole("row").filter({ hasText: FUNDED })).toContainText("1 / 1");
  await expect(page.getByRole("row").filter({ hasText: OTHERS[0] })).toContainText("2 / 2");
  await expectAccessible(page);
  // Each decision is made on the proposal's own page, below what every reviewer wrote.
  const openDecision = async (title: string) => {
    await page
      .getByRole("row")
      .filter({ hasText: title })
      .getByRole("link", { name: /の評価を読んで決定する/ })
      .click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
  };
  const decide = async (title: string, funded: boolean, feedback: string) => {
    await openDecision(title);
    const form = page.getByRole("region", { name: "決定", exact: true });
    await form.getByLabel(funded ? "採択" : "不採択", { exact: true }).check();
    if (funded) await form.getByLabel("交付額（円）").fill("140,000");
    await form.getByLabel("申請者へのコメント").fill(feedback);
    await form.getByRole("button", { name: "決定を記録する" }).click();
    await expect(page.getByRole("status")).toHaveText("決定を記録しました。");
    await page.getByRole("link", { name: "審査と決定" }).click();
    await expect(page.getByRole("row").filter({ hasText: title })).toContainText(funded ? "採択・140,000円" : "不採択");
  };
  // The officer belongs to the 自治会 on the first proposal: another member of staff must decide it.
  await openDecision(FUNDED);
  await expect(page.getByText("この提案の採否は決められません")).toBeVisible();
  await expect(page.getByRole("button", { name: "決定を記録する" })).toHaveCount(0);
  await page.getByRole("link", { name: "審査と決定" }).click();
  await decide(OTHERS[0], false, "回覧板の多言語化の方法をより具体的にしてください。");
  await decide(OTHERS[1], false, "相談会の運営体制を具体的にしてください。");
  await signIn("kakaricho");
  await page.goto("/staff/themes");
  await page.getByRole("link", { name: THEME }).click();
  await page.getByRole("link", { name: "審査と決定" }).click();

  // Staff read what each reviewer wrote, then decide; the proposal's history says who did what.
  await openDecision(FUNDED);
  await expect(page.getByRole("heading", { name: "意見が分かれている項目" })).toBeVisible();
  await expect(page.getByText(/とした理由：/).first()).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("採択", { exact: true }).check();
  await page.getByLabel("交付額（円）").fill("999,999");
  await page.getByLabel("申請者へのコメント").fill("多言語の訓練計画が具体的で、継続性も高く評価されました。");
  await page.getByRole("button", { name: "決定を記録する" }).click();
  // Too much: said at the top and at the amount, and the comment typed is still there.
  await expect(page.getByRole("alert")).toContainText("交付額");
  await expect(page.getByLabel("交付額（円）")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("申請者へのコメント")).toHaveValue(/多言語の訓練計画/);
  await expectAccessible(page);
  await page.getByLabel("交付額（円）").fill("140,000");
  await page.getByRole("button", { name: "決定を記録する" }).click();
  await expect(page.getByRole("status")).toHaveText("決定を記録しました。");
  await expect(page.getByText(/決定 正子.*が決定を記録しました（採択・140,000円）/)).toBeVisible();
  await page.getByRole("link", { name: "審査と決定" }).click();

  // Release asks for confirmation first, listing what is outstanding.
  await page.getByRole("button", { name: "結果を公開する" }).click();
  await expect(page.getByText("結果を公開する前に確かめてください")).toBeVisible();
  await expect(page.getByText("採否が決まっていない提案：0件")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "公開する（取り消せません）" }).click();
  await expect(page.getByRole("status").filter({ hasText: "結果を公開しました。" })).toBeVisible();

  // 4. Every member of the applicant organisations is told, and reads the decision — never scores.
  const mail = await mailbox.waitFor("fureai@example.jp", `審査結果：採択（${FUNDED}）`);
  await mailbox.waitFor("tabunka@example.jp", `審査結果：採択（${FUNDED}）`);
  await mailbox.waitFor("pta@example.jp", `審査結果：不採択（${OTHERS[1]}）`);
  await signIn("fureai");
  await page.goto(mail.text.match(/https?:\/\/\S+\/proposals\/[0-9a-f-]+/)?.[0] ?? "/me");
  await expect(page.getByRole("heading", { name: "審査結果" })).toBeVisible();
  await expect(page.getByText("採択されました。交付額：140,000円")).toBeVisible();
  await expect(page.getByText("多言語の訓練計画が具体的で")).toBeVisible();
  await expect(page.getByText("審査 一郎")).toHaveCount(0);
  await expectAccessible(page);

  // The theme page now lists the funded proposal only.
  await page.goto("/themes");
  await page.getByRole("link", { name: THEME }).click();
  await expect(page.getByRole("heading", { name: "採択された提案" })).toBeVisible();
  await expect(page.getByText(new RegExp(`${FUNDED}.*140,000円`))).toBeVisible();
  await expect(page.getByText(OTHERS[0])).toHaveCount(0);
});
