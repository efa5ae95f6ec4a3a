import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, expectAccessible, linkIn } from "./support";

/** 大泉学園PTA連絡会's representative and its finished draft on the future-creation theme (db/seed-proposals.ts). */
const PTA = { email: "pta@example.jp", password: DEMO_PASSWORD };
const PTA_NAME = "大泉学園PTA連絡会";
const DRAFT = "保護者の連絡網を災害時の安否確認に生かす";

test("a helper types the PTA's draft without JavaScript and the representative submits it from the e-mail", async ({
  page,
  browser,
  mailbox,
  signIn,
  signOut,
  signUp,
}) => {
  test.setTimeout(120_000);
  // The helper's own browser, with JavaScript off: every form on the way works without it.
  const helperPage = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  const helper = await signUp({ name: "大泉 次郎", label: "pta-helper", password: "oizumi-helper-2026" }, helperPage);

  // 1. The representative names the helper on the organisation's members page.
  await signIn(PTA);
  await page.goto("/me");
  await page.getByRole("link", { name: PTA_NAME }).first().click();
  await page.getByRole("link", { name: "メンバーと招待" }).click();
  await expect(page.getByRole("heading", { name: "代理入力者（入力を手伝う人）" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("メールアドレス").fill(helper.email);
  await page.getByLabel("代理入力者（下書きの入力だけを手伝う。提出はできない）").check();
  await page.getByRole("button", { name: "招待メールを送る" }).click();
  await expect(page.getByRole("status")).toHaveText("招待メールを送りました。");
  await expect(page.getByText(`${helper.email}（代理入力者・`)).toBeVisible();

  // 2. The helper accepts from the e-mailed link and finds the draft on their own page.
  const invitation = await mailbox.waitFor(helper.email, "代理入力の依頼");
  await helperPage.goto(linkIn(invitation, "/invitations/"));
  await expect(helperPage.getByText(`「${PTA_NAME}」から代理入力者として招待されています。`)).toBeVisible();
  await helperPage.getByRole("button", { name: "招待を受ける" }).click();
  await expect(helperPage.getByRole("status")).toHaveText("代理入力者になりました。下の一覧から下書きを開けます。");
  await helperPage.getByRole("link", { name: DRAFT }).click();

  // 3. The helper corrects the summary and saves it.
  await helperPage.getByRole("link", { name: "基本情報（提案名・概要・連絡先）" }).click();
  await helperPage
    .getByLabel("提案の概要")
    .fill("PTAの連絡網アプリを、災害時に子育て家庭と高齢者の安否を確かめるしくみに広げます。");
  await helperPage.getByRole("button", { name: "この項目を保存する" }).click();
  await expect(helperPage.getByRole("status")).toHaveText("保存しました。");

  // 4. On the confirmation page a helper cannot submit: they ask the representative.
  await helperPage.getByRole("link", { name: "確認画面へ進む" }).click();
  await expect(helperPage.getByRole("button", { name: "提案を提出する" })).toHaveCount(0);
  await helperPage.getByRole("button", { name: "代表者に提出の承認を依頼する" }).click();
  await expect(helperPage.getByRole("status")).toHaveText("代表者に承認の依頼を送りました。");
  await helperPage.context().close();

  // 5. The representative follows the e-mailed link, signs in, reads the text and submits it.
  const request = await mailbox.waitFor(PTA.email, "提出の承認をお願いします", {
    textIncludes: "大泉 次郎さん（代理入力）",
  });
  await signOut();
  await page.goto(linkIn(request, "/proposals/"));
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
  await page.getByLabel("メールアドレス").fill(PTA.email);
  await page.getByLabel("パスワード").fill(PTA.password);
  await page.getByRole("button", { name: "ログインする" }).click();
  await expect(page).toHaveURL(/\/proposals\/[\w-]+\/confirm$/);
  await expect(page.getByText(/大泉 次郎さん（代理入力）が.+に提出の承認を求めました/)).toBeVisible();
  await expect(page.getByText("子育て家庭と高齢者の安否を確かめるしくみ")).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "提案を提出する" }).click();
  await expect(page.getByRole("status")).toHaveText("提案を提出しました。受付メールをお送りしました。");

  // 6. The proposal's history says who typed what.
  const history = page.getByRole("region", { name: "保存の履歴" });
  await expect(history.getByRole("listitem").first()).toContainText("大泉 次郎さんが保存（代理入力）");
  await expectAccessible(page);
});
