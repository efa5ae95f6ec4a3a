import { expect, test } from "./fixtures";
import { checkAll, expectAccessible, expectFieldError } from "./support";

/** A demo theme open for proposals (db/seed-themes.ts). */
const OPEN_THEME = "町会・自治会の担い手を広げる協働事業";

test("an association finds an NPO on the partner board and they agree to work together", async ({
  page,
  mailbox,
  signIn,
  signOut,
  signUp,
}) => {
  // Sign-up to a proposal started together: eight steps, three people.
  test.setTimeout(120_000);
  const stamp = Date.now();
  const associationName = `谷原一丁目町会${stamp}`;
  const listingTitle = `高齢者の見守りアプリを町会と試したい（${stamp}）`;

  // 1. An association officer signs up and registers the association.
  const officer = await signUp({ name: "谷原 一郎", label: "chokai-officer", password: "yahara-chokai-2026" });
  await page.getByRole("link", { name: "団体を登録する" }).click();
  await expect(page).toHaveURL(/\/organizations\/new$/);
  await expectAccessible(page);
  await page.getByLabel("団体名", { exact: false }).first().fill(associationName);
  await page.getByLabel("団体名のふりがな（カタカナ）").fill("ヤハライッチョウメチョウカイ");
  await page.getByLabel("団体の種類").selectOption("neighborhood_association");
  await checkAll(page, /活動している地域/, ["石神井"]);
  await checkAll(page, /活動分野/, ["高齢者支援", "防災・防犯"]);
  await page
    .getByLabel("団体の紹介")
    .fill("谷原一丁目の町会です。役員の高齢化が進み、見守り活動の担い手を探しています。");
  // The public contact is chosen, never filled in from the log-in address.
  await expect(page.getByLabel("連絡先メールアドレス")).toHaveValue("");
  await page.getByLabel("連絡先メールアドレス").fill("yahara-chokai@example.jp");
  await page.getByRole("button", { name: "団体を登録する" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(associationName);
  await expect(page.getByText("区の確認待ち")).toBeVisible();
  // Its members are told what happens next, and that drafting need not wait.
  await expect(page.getByRole("heading", { name: `「${associationName}」は区の確認を待っています` })).toBeVisible();
  await expect(page.getByText("提出だけは、確認が終わってからになります。")).toBeVisible();
  await expectAccessible(page);

  // 1b. While waiting, the officer starts a draft for an open theme.
  await page.goto("/themes");
  await page.getByRole("link", { name: OPEN_THEME }).click();
  await page.getByRole("link", { name: "このテーマに提案する" }).click();
  await expect(page).toHaveURL(/\/proposals\/new/);
  await expect(page.getByRole("heading", { name: `「${associationName}」は区の確認を待っています` })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel(`${associationName}（区の確認待ち）`).check();
  await page.getByRole("button", { name: "下書きをつくる" }).click();
  await expect(page.getByRole("status")).toContainText("提案の下書きをつくりました");
  await expectAccessible(page);

  // 2. Ward staff verify it; the officer is told by e-mail.
  await signIn("staff");
  await page.getByRole("link", { name: "団体の確認" }).click();
  await expect(page).toHaveURL(/\/staff\/organizations$/);
  await expectAccessible(page);
  const card = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: associationName }) });
  await card.getByRole("button", { name: "認証する" }).click();
  await expect(page.getByRole("status")).toContainText("確認結果を記録し");
  await expect(page.getByRole("link", { name: associationName })).toHaveCount(0);
  await signOut();
  const verified = await mailbox.waitFor(officer.email, "認証されました");
  expect(verified.text).toContain(associationName);

  // 3. An NPO member posts a listing.
  await signIn("npo");
  await page.goto("/partners/new");
  await expectAccessible(page);
  await page.getByLabel("募集のタイトル").fill(listingTitle);
  await page.getByLabel("私たちができること").fill("見守りアプリの導入支援と、使い方講座の講師を出せます。");
  await page
    .getByLabel("探している相手・協力")
    .fill("高齢者の見守りを続けている町会・自治会と、アプリを試す実証をしたいです。");
  await checkAll(page, /活動分野/, ["地域のデジタル化", "高齢者支援"]);
  await checkAll(page, /活動している地域/, ["練馬区全域"]);
  await page.getByRole("button", { name: "募集を掲載する" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(listingTitle);
  await expectAccessible(page);

  // 4. The officer finds it by field, and by a Japanese word inside its text.
  await signIn(officer);
  await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "パートナー募集" }).click();
  await page.getByRole("combobox", { name: "活動分野" }).selectOption("digital");
  await page.getByRole("button", { name: "この条件で探す" }).click();
  await expect(page).toHaveURL(/field=digital/);
  await expect(page.getByRole("link", { name: listingTitle })).toBeVisible();
  await expectAccessible(page);
  await page.goto("/partners");
  await page.getByLabel("キーワード").fill("見守りアプリ");
  await page.getByRole("button", { name: "この条件で探す" }).click();
  // The unfiltered list shows the listing too: wait for the search's own page before typing again.
  await expect(page).toHaveURL(/q=%E8%A6%8B%E5%AE%88/);
  await expect(page.getByRole("link", { name: listingTitle })).toBeVisible();
  await page.getByLabel("キーワード").fill("存在しないことば");
  await page.getByRole("button", { name: "この条件で探す" }).click();
  await expect(page.getByText("条件に合うものはありませんでした")).toBeVisible();
  await page.goto(`/partners?q=${encodeURIComponent("見守りアプリ")}`);
  await page.getByRole("link", { name: listingTitle }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(listingTitle);
  await expectAccessible(page);

  // 5. A request without a message is refused next to the field; with one, it is sent.
  await page.getByRole("button", { name: "申し込む" }).click();
  await expectFieldError(page.getByLabel("メッセージ"), "メッセージを入力してください");
  await page.getByLabel("メッセージ").fill("谷原一丁目町会です。見守りアプリの実証、ぜひごいっしょさせてください。");
  await page.getByRole("button", { name: "申し込む" }).click();
  await expect(page.getByRole("status")).toContainText("申し込みを送りました");
  const threadUrl = page.url();
  await expectAccessible(page);

  // 6. The NPO is told by e-mail and in the app, replies and accepts.
  const received = await mailbox.waitFor("npo@example.jp", `「${associationName}」からパートナーの申し込み`);
  expect(received.text).toContain("見守りアプリの実証");
  await signIn("npo");
  await page.getByRole("link", { name: /お知らせ（未読/ }).click();
  await expect(page).toHaveURL(/\/notifications$/);
  await expectAccessible(page);
  await page
    .getByRole("link", { name: new RegExp(`${associationName}.*パートナーの申し込み`) })
    .first()
    .click();
  await expect(page).toHaveURL(threadUrl);
  await page.getByLabel("メッセージ").fill("ありがとうございます。来週、町会会館で打ち合わせをしましょう。");
  await page.getByRole("button", { name: "返信する" }).click();
  await expect(page.getByRole("status")).toHaveText("返信しました。");
  await page.getByRole("button", { name: "申し込みを受ける" }).click();
  await expect(page.getByRole("status")).toContainText("申し込みを受けました");
  await expect(page.getByText("状態：成立")).toBeVisible();
  await expectAccessible(page);
  await signOut();

  // 7. The association receives both e-mails.
  const reply = await mailbox.waitFor(officer.email, "返信がありました");
  expect(reply.text).toContain("町会会館で打ち合わせ");
  await mailbox.waitFor(officer.email, "申し込みへの返事：成立");

  // 8. The accepted partnership starts a proposal together: the association leads, the NPO is invited.
  await signIn(officer);
  await page.goto(threadUrl);
  await expect(page.getByRole("heading", { name: "この団体と提案を始める" })).toBeVisible();
  await page.getByLabel("提案するテーマ").selectOption({ label: OPEN_THEME });
  await page.getByRole("button", { name: "この団体と提案を始める" }).click();
  await expect(page).toHaveURL(/\/proposals\/new\?.*request=/);
  await expect(
    page.getByText("「NPO法人 ねりま子ども応援団」を連携団体として招待した提案書をつくります。"),
  ).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "下書きをつくる" }).click();
  await expect(page.getByRole("status")).toContainText("提案書をつくり、連携団体に参加をお願いしました。");
  await expect(page.getByText("NPO法人 ねりま子ども応援団").first()).toBeVisible();
  await expectAccessible(page);
  await mailbox.waitFor("npo@example.jp", "共同提案への参加のお願い");
});

test("the directory filters by kind and finds a Japanese word inside a description", async ({ page }) => {
  await page.goto("/organizations");
  await expectAccessible(page);
  await page.getByRole("combobox", { name: "団体の種類" }).selectOption("npo");
  await page.getByRole("button", { name: "この条件で探す" }).click();
  await expect(page.getByRole("link", { name: "NPO法人 ねりま子ども応援団" })).toBeVisible();
  await expect(page.getByRole("link", { name: "石神井台三丁目町会" })).toHaveCount(0);
  await page.goto(`/organizations?q=${encodeURIComponent("子ども食堂")}`);
  await expect(page.getByRole("link", { name: "NPO法人 ねりま子ども応援団" })).toBeVisible();
  const html = await page.content();
  expect(html).not.toContain("\u0000");
  await page.getByRole("link", { name: "NPO法人 ねりま子ども応援団" }).click();
  await expect(page.getByText("連絡先は、メールアドレスの確認が済んだ会員にだけ表示されます。")).toBeVisible();
  await expectAccessible(page);
});
