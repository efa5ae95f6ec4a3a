import { minimalPdf } from "../../db/seed-themes";
import { expect, type Page, test } from "./fixtures";
import { checkAll, expectAccessible, expectFieldError, linkIn } from "./support";

/** Registers a PDF document (its one line of text in ASCII) on the theme's page under `name`. */
async function attachPdf(page: Page, name: string, fileName: string, text: string) {
  await page.getByLabel("資料の名前").fill(name);
  await page.getByLabel("ファイル", { exact: true }).setInputFiles({
    name: fileName,
    mimeType: "application/pdf",
    buffer: Buffer.from(minimalPdf(text)),
  });
  await page.getByRole("button", { name: "資料を登録する" }).click();
  await expect(page.getByRole("status")).toHaveText("資料を登録しました。");
}

/** A datetime-local value in Japan time, `days` from now. */
function tokyoInput(days: number): string {
  return new Date(Date.now() + days * 24 * 3600_000 + 9 * 3600_000).toISOString().slice(0, 16);
}

test("staff publish a theme with its guidelines; a subscriber is told; a visitor finds it and downloads the PDF; a question is answered in public", async ({
  page,
  signUp,
  signIn,
  signOut,
  mailbox,
}) => {
  const title = `公園のみどりを地域で守る協働事業（${Date.now()}）`;

  // 1. A member asks to hear about themes on the environment.
  const member = await signUp({ name: "緑川 みどり", label: "midori-fan", password: "midorikawa-2026" });
  const subscriptions = page.getByRole("form", { name: "新しいテーマのお知らせ" });
  await subscriptions.getByRole("group", { name: "分野" }).getByLabel("環境・みどり").check();
  await subscriptions.getByRole("button", { name: "お知らせの設定を保存する" }).click();
  await expect(page.getByRole("status")).toHaveText("お知らせの設定を保存しました。");
  await expectAccessible(page);

  // 2. Staff write the theme, attach the guidelines and publish.
  await signIn("staff");
  await page.getByRole("navigation", { name: "区職員のメニュー" }).getByRole("link", { name: "テーマの管理" }).click();
  await expect(page).toHaveURL(/\/staff\/themes$/);
  await expectAccessible(page);
  await page.getByRole("link", { name: "新しいテーマを作る" }).click();
  await expect(page).toHaveURL(/\/staff\/themes\/new$/);
  await expectAccessible(page);
  await page.getByRole("combobox", { name: /コース/ }).selectOption("collabo");
  await page.getByLabel("テーマのタイトル").fill(title);
  await page
    .getByLabel("概要")
    .fill("公園の花壇や樹木の手入れを、町会と地域の団体がいっしょに担う取り組みを募集します。");
  await page
    .getByLabel("課題の背景")
    .fill("区内の公園の手入れを担ってきたボランティアが高齢になり、人手が足りません。");
  await page
    .getByLabel("区が期待すること")
    .fill("町会と NPO・企業が組み、公園のみどりを守る担い手を増やす提案を期待します。");
  await page.getByLabel("担当課", { exact: false }).first().fill("環境部 みどり推進課");
  await page.getByLabel("問い合わせ先").fill("みどり推進課　電話 03-5984-0000");
  await checkAll(page, /関連する分野/, ["環境・みどり"]);
  await page.getByLabel("補助金の上限（年額・円）").fill("300,000");
  await page.getByLabel("補助金の上限（総額・円）").fill("300000");
  await page.getByLabel("受付開始").fill(tokyoInput(-1));
  await page.getByLabel("締切").fill(tokyoInput(20));
  // A criterion without a weight is explained next to its field, and nothing typed is lost.
  const first = page.getByRole("group", { name: "評価項目1" });
  await first.getByLabel("項目名").fill("地域との協働");
  await first.getByLabel("満点").fill("5");
  await page.getByRole("button", { name: "保存する" }).click();
  await expectFieldError(first.getByLabel("重み"), "重みを1〜100の整数で入力してください");
  await expect(page.getByLabel("テーマのタイトル")).toHaveValue(title);
  await first.getByLabel("重み").fill("60");
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByRole("status")).toContainText("下書きとして保存しました");
  await expect(page.getByText("状態：下書き")).toBeVisible();
  await expectAccessible(page);

  await attachPdf(page, "募集要項", "みどり協働事業_募集要項.pdf", "Park greenery - guidelines");
  // A document registered by mistake is removed again (its delete button sends a form without files).
  await attachPdf(page, "古い案内", "古い案内.pdf", "Old notice");
  await page.getByRole("listitem").filter({ hasText: "古い案内" }).getByRole("button", { name: "削除" }).click();
  await expect(page.getByRole("status")).toHaveText("資料を削除しました。");
  await expect(page.getByRole("link", { name: "古い案内" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "募集要項" })).toBeVisible();
  await page.getByRole("button", { name: "公開する" }).click();
  await expect(page.getByRole("status")).toContainText("テーマを公開しました");
  await expect(page.getByText("状態：募集中")).toBeVisible();
  await signOut();

  // 3. The subscriber receives one e-mail, with a link to stop them.
  const announcement = await mailbox.waitFor(member.email, title);
  expect(announcement.text).toContain("/unsubscribe?token=");
  expect(linkIn(announcement, "/themes/")).toContain("/themes/");

  // 4. A visitor finds it by course and downloads the guidelines.
  await page.goto("/themes");
  await expectAccessible(page);
  await page.getByRole("combobox", { name: "コース" }).selectOption("collabo");
  await page.getByRole("button", { name: "この条件で探す" }).click();
  await expect(page).toHaveURL(/course=collabo/);
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByText(/あと\d+日/).first()).toBeVisible();
  await expectAccessible(page);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: /募集要項（PDF/ }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("みどり協働事業_募集要項.pdf");
  const themeUrl = page.url();

  // 5. The member asks a question; it stays private until staff answer it.
  await signIn(member);
  await page.goto(themeUrl);
  await page.getByLabel("質問の内容").fill("公園の清掃用具の購入費は補助の対象ですか。");
  await page.getByRole("button", { name: "質問を送る" }).click();
  await expect(page.getByRole("status")).toContainText("質問を受け付けました");
  await expect(page.getByText("公開された質問はまだありません。")).toBeVisible();
  await expectAccessible(page);

  await signIn("staff");
  await page.goto(themeUrl.replace("/themes/", "/staff/themes/"));
  await page.getByRole("link", { name: "質問への回答" }).click();
  await expect(page).toHaveURL(/\/questions$/);
  await expectAccessible(page);
  const card = page.getByRole("listitem").filter({ hasText: "清掃用具の購入費" });
  await card.getByLabel("回答").fill("清掃用具など、事業に必要な消耗品の購入費は対象になります。");
  await card.getByRole("button", { name: "回答して公開する" }).click();
  await expect(page.getByRole("status")).toHaveText("回答を公開しました。");
  await signOut();

  await page.goto(themeUrl);
  await expect(page.getByText("清掃用具の購入費は補助の対象ですか")).toBeVisible();
  await expect(page.getByText("消耗品の購入費は対象になります")).toBeVisible();
});

test("a draft theme is invisible to visitors", async ({ page }) => {
  await page.goto("/themes");
  await expect(page.getByText("【下書き】")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: /募集中のテーマ/ })).toBeVisible();
});

test("a visitor finds themes by a Japanese word written anywhere in them", async ({ page }) => {
  await page.goto("/themes");
  await expectAccessible(page);
  const keyword = page.getByRole("searchbox", { name: "キーワード" });
  // 「安否確認」 is in the disaster theme's summary, not its title.
  await keyword.fill("安否確認");
  await page.getByRole("button", { name: "この条件で探す" }).click();
  await expect(page.getByText("「安否確認」を含むテーマ：1件")).toBeVisible();
  await expect(page.getByRole("link", { name: "災害時に支え合える地域のしくみづくり" })).toBeVisible();
  await expect(page.getByRole("link", { name: "子育て世代がつながる居場所づくり" })).toHaveCount(0);
  await expect(keyword).toHaveValue("安否確認");
  await expectAccessible(page);

  await keyword.fill("存在しない言葉");
  await page.getByRole("button", { name: "この条件で探す" }).click();
  await expect(page.getByText("「存在しない言葉」を含むテーマ：0件")).toBeVisible();
  await expect(page.getByRole("link", { name: "災害時に支え合える地域のしくみづくり" })).toHaveCount(0);
});
