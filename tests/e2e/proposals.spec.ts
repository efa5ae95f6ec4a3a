import { expect, type Page, test } from "./fixtures";
import { expectAccessible, expectFieldError } from "./support";

const THEME = "町会・自治会の担い手を広げる協働事業";

async function saveSection(page: Page) {
  await page.getByRole("button", { name: "この項目を保存する" }).click();
  await expect(page.getByRole("status")).toHaveText("保存しました。");
}

async function openSection(page: Page, proposalUrl: string, name: string) {
  await page.goto(proposalUrl);
  await page.getByRole("link", { name, exact: true }).click();
}

const EMAIL_INVALID = "メールアドレスの形が正しくありません。「@」を含めて入力してください（例：hanako@example.jp）。";

test("an association and an NPO write a collabo proposal together and submit it once", async ({ mailbox, pageAs }) => {
  // The whole journey, two people and nine steps: longer than one page's test.
  test.setTimeout(120_000);
  const stamp = Date.now();
  const title = `見守りアプリで町会の担い手を増やす（${stamp}）`;

  // 1. The association officer starts a draft from the theme page.
  const chokai = await pageAs("chokai");
  await chokai.goto("/themes");
  await chokai.getByRole("link", { name: THEME }).click();
  await chokai.getByRole("link", { name: "このテーマに提案する" }).click();
  await expect(chokai).toHaveURL(/\/proposals\/new/);
  await expectAccessible(chokai);
  await chokai.getByLabel("石神井台三丁目町会").check();
  await chokai.getByRole("button", { name: "下書きをつくる" }).click();
  await expect(chokai.getByRole("status")).toContainText("提案の下書きをつくりました");
  const proposalUrl = chokai.url();
  await expectAccessible(chokai);

  // 2. It invites the NPO it met on the partner board.
  await chokai.getByLabel("招待する団体").selectOption({ label: "NPO法人 ねりま子ども応援団" });
  await chokai.getByRole("button", { name: "招待する" }).click();
  await expect(chokai.getByRole("status")).toContainText("招待しました");

  // 3. The sections, each saved on its own.
  await openSection(chokai, proposalUrl, "基本情報（提案名・概要・連絡先）");
  await expectAccessible(chokai);
  await chokai.getByLabel("提案名").fill(title);
  await chokai
    .getByLabel("提案の概要")
    .fill("見守りアプリを町会とNPOで導入し、若い世代が担い手として参加できるしくみをつくります。");
  await chokai.getByLabel("連絡担当者のお名前").fill("石神井 茂");
  await chokai.getByLabel("連絡担当者のメールアドレス").fill("chokai@example.jp");
  // 保存して次の項目へ: straight on to the local problem, one of eight sections now complete.
  await chokai.getByRole("button", { name: "保存して次の項目へ" }).click();
  await expect(chokai.getByRole("status")).toHaveText("保存しました。次の項目を入力してください。");
  await expect(chokai.getByRole("heading", { level: 1 })).toHaveText("地域の課題");
  await expect(chokai.getByText("8項目中 1 項目が入力済み")).toBeVisible();
  await expectAccessible(chokai);
  // Typing and then leaving asks first (JavaScript); staying keeps what was typed.
  await chokai.getByLabel("地域の課題", { exact: false }).first().fill("下書き");
  chokai.once("dialog", (dialog) => dialog.dismiss());
  await chokai.getByRole("link", { name: "提案書に戻る" }).click();
  await expect(chokai.getByRole("heading", { level: 1 })).toHaveText("地域の課題");
  await expect(chokai.getByLabel("地域の課題", { exact: false }).first()).toHaveValue("下書き");
  await chokai.getByRole("button", { name: "この項目を保存する" }).click();
  await expect(chokai.getByRole("status")).toHaveText("保存しました。");

  for (const [section, label, text] of [
    ["地域の課題", "地域の課題", "石神井台三丁目では役員の平均年齢が72歳になり、見守り活動の担い手が不足しています。"],
    [
      "取り組む内容",
      "取り組む内容",
      "4月に説明会、5月から見守りアプリを試験導入し、月1回の交流会で使い方を教え合います。",
    ],
  ] as const) {
    await openSection(chokai, proposalUrl, section);
    await chokai.getByLabel(label, { exact: false }).first().fill(text);
    await saveSection(chokai);
  }

  await openSection(chokai, proposalUrl, "期待される成果と成果指標");
  await chokai.getByLabel("期待される成果").fill("見守りの担い手が増え、高齢者の孤立を防ぎます。");
  const indicator = chokai.getByRole("group", { name: "1行目" });
  await indicator.getByLabel("成果指標").fill("見守り協力者の数");
  await indicator.getByLabel("目標値").fill("30人");
  await saveSection(chokai);

  await openSection(chokai, proposalUrl, "スケジュール（マイルストーン）");
  const milestone = chokai.getByRole("group", { name: "1行目" });
  await milestone.getByLabel("内容").fill("説明会の開催");
  await milestone.getByLabel("予定日").fill("2027-04-20");
  await milestone.getByLabel("成果物・確認方法").fill("参加者名簿");
  await saveSection(chokai);

  await openSection(chokai, proposalUrl, "予算");
  await expectAccessible(chokai);
  const line1 = chokai.getByRole("group", { name: "1行目" });
  await line1.getByLabel("費目").fill("見守りアプリ利用料");
  await line1.getByLabel("区分").selectOption("outsourcing");
  await line1.getByLabel("金額（円）").fill("120,000");
  const line2 = chokai.getByRole("group", { name: "2行目" });
  await line2.getByLabel("費目").fill("説明会チラシ印刷");
  await line2.getByLabel("区分").selectOption("printing");
  await line2.getByLabel("金額（円）").fill("30000");
  await chokai.getByLabel("補助金の申請額（円）").fill("150000");
  await chokai.getByLabel("自己資金（円）").fill("0");
  await saveSection(chokai);
  await expect(chokai.getByText("事業費の合計 150,000円／補助金の申請額 150,000円")).toBeVisible();

  await openSection(chokai, proposalUrl, "誓約");
  await chokai.getByLabel("上の内容を確認し、誓約します").check();
  await saveSection(chokai);

  // 4. Seven of eight: the roles are missing. The problem names its section and field, and its
  // link lands on that field, marked with the message beside it.
  await expect(chokai.getByText("8項目中 7 項目が入力済み")).toBeVisible();
  await chokai
    .getByRole("link", { name: "「役割分担」の「石神井台三丁目町会の役割」：まだ入力されていません。" })
    .click();
  await expect(chokai).toHaveURL(/\/sections\/roles\?check=1#field-roles\./);
  await expectFieldError(chokai.getByLabel("石神井台三丁目町会の役割"), "まだ入力されていません。");
  await expectAccessible(chokai);

  // The confirmation page shows the text as it will be sent, and why it cannot be sent yet.
  await chokai.goto(proposalUrl);
  await chokai.getByRole("link", { name: "確認画面へ進む" }).click();
  await expect(chokai.getByRole("heading", { level: 1 })).toHaveText("提出する前の確認");
  await expect(chokai.getByText("石神井台三丁目では役員の平均年齢が72歳")).toBeVisible();
  const problems = chokai.locator(".error-summary");
  await expect(problems).toContainText("「NPO法人 ねりま子ども応援団」がまだ参加を承諾していません。");
  await expect(problems).toContainText("このテーマは2団体以上での提案が必要です。");
  await expect(chokai.getByRole("button", { name: "提案を提出する" })).toHaveCount(0);
  await expectAccessible(chokai);

  // 5. The NPO's representative is told, and accepts.
  await mailbox.waitFor("npo@example.jp", "共同提案への参加のお願い");
  const npo = await pageAs("npo");
  await npo.goto(proposalUrl);
  await expect(npo.getByRole("heading", { level: 1 })).toHaveText("共同提案への参加依頼");
  await expect(npo.getByText("石神井台三丁目では役員の平均年齢")).toHaveCount(0);
  await expectAccessible(npo);
  await npo.getByRole("button", { name: "承諾する" }).click();
  await expect(npo.getByRole("status")).toHaveText("共同提案に参加しました。");

  // 6. Both open the same section; the NPO saves first; the association's stale save is caught.
  await openSection(chokai, proposalUrl, "地域の課題");
  await openSection(npo, proposalUrl, "地域の課題");
  await npo
    .getByLabel("地域の課題", { exact: false })
    .first()
    .fill("NPOが書き足した課題：子育て世代は町会の活動を知る機会がありません。");
  await saveSection(npo);
  const mine = "町会が書き直した課題：見守りの担い手が足りず、役員の負担が大きくなっています。";
  await chokai.getByLabel("地域の課題", { exact: false }).first().fill(mine);
  await chokai.getByRole("button", { name: "この項目を保存する" }).click();
  await expect(chokai.getByRole("alert")).toContainText("ほかの方がこの項目を先に保存しました");
  await expect(chokai.getByLabel("地域の課題", { exact: false }).first()).toHaveValue(mine);
  await expect(chokai.getByText("NPOが書き足した課題")).toBeVisible();
  await expectAccessible(chokai);
  // Having compared, the officer saves again on purpose.
  await saveSection(chokai);

  // 7. Roles for both organisations, then the submission goes through once.
  await openSection(chokai, proposalUrl, "役割分担");
  await chokai.getByLabel("石神井台三丁目町会の役割").fill("会館の提供、住民への声かけ、見守り活動の実施");
  await chokai.getByLabel("NPO法人 ねりま子ども応援団の役割").fill("アプリの導入支援と使い方講座の運営");
  await saveSection(chokai);
  await expect(chokai.getByText("8項目中 8 項目が入力済み")).toBeVisible();
  const approvalMissing = "「NPO法人 ねりま子ども応援団」の代表者が、まだ提案の内容を承認していません。";
  await expect(chokai.getByText(approvalMissing)).toBeVisible();
  await chokai.getByRole("link", { name: "確認画面へ進む" }).click();
  await expect(chokai.getByText("アプリの導入支援と使い方講座の運営")).toBeVisible();
  await expect(chokai.getByRole("button", { name: "提案を提出する" })).toHaveCount(0);

  // 8. The NPO's representative reads the final text and approves it; the association is told.
  await npo.goto(`${proposalUrl}/confirm`);
  await expect(npo.getByText("アプリの導入支援と使い方講座の運営")).toBeVisible();
  await expect(npo.getByText("まだ承認されていません")).toBeVisible();
  await expectAccessible(npo);
  await npo.getByRole("button", { name: "「NPO法人 ねりま子ども応援団」としてこの内容を承認する" }).click();
  await expect(npo.getByRole("status")).toContainText("提案の内容を承認しました");
  await expect(npo.getByText(/承認済み（/)).toBeVisible();
  await mailbox.waitFor("chokai@example.jp", "が提案の内容を承認しました");

  await chokai.reload();
  await expect(chokai.getByText("提出に必要な項目はすべてそろっています。")).toBeVisible();
  await expectAccessible(chokai);
  await chokai.getByRole("button", { name: "提案を提出する" }).click();
  await expect(chokai.getByRole("status")).toContainText("提案を提出しました");
  await expect(chokai.getByText(/受付番号：\d{4}-コラボ-\d{4}/)).toBeVisible();
  await expect(chokai.getByText("提出済みのため、内容は変更できません。")).toBeVisible();
  await expect(chokai.getByRole("button", { name: "提案を提出する" })).toHaveCount(0);
  await expectAccessible(chokai);

  // 9. Everyone in both organisations receives the receipt.
  const receiptChokai = await mailbox.waitFor("chokai@example.jp", "提案を受け付けました", { textIncludes: title });
  const receiptNpo = await mailbox.waitFor("npo@example.jp", "提案を受け付けました", { textIncludes: title });
  expect(receiptChokai.text).toContain(title);
  expect(receiptNpo.subject).toBe(receiptChokai.subject);

  // The locked proposal can no longer be edited.
  await openSection(npo, proposalUrl, "地域の課題");
  await expect(npo.getByText("提出済みのため、内容は変更できません。")).toBeVisible();
  await expect(npo.getByRole("button", { name: "この項目を保存する" })).toHaveCount(0);

  // The print view is readable on paper.
  await chokai.goto(`${proposalUrl}/print`);
  await expect(chokai.getByRole("heading", { level: 1 })).toHaveText(title);
  await expectAccessible(chokai);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a team saves with gaps, is told what is missing, follows the link to the field and checks the whole text", async ({
    page,
    signIn,
  }) => {
    const title = `ねりま防災マップづくり（${Date.now()}）`;
    await signIn("chokai");
    await page.goto("/themes");
    await page.getByRole("link", { name: THEME }).click();
    await page.getByRole("link", { name: "このテーマに提案する" }).click();
    await page.getByLabel("石神井台三丁目町会").check();
    await page.getByRole("button", { name: "下書きをつくる" }).click();
    await expect(page.getByRole("status")).toContainText("提案の下書きをつくりました");
    const proposalUrl = page.url();
    await expect(page.getByText("8項目中 0 項目が入力済み")).toBeVisible();

    // Only the title, then on to the next section: saved, and the gaps are named.
    await page.getByRole("link", { name: "基本情報（提案名・概要・連絡先）", exact: true }).click();
    await page.getByLabel("提案名").fill(title);
    await page.getByRole("button", { name: "保存して次の項目へ" }).click();
    await expect(page.getByRole("status")).toHaveText("保存しました。ただし、まだ入力されていないところがあります。");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("地域の課題");
    const gap = page.getByRole("link", {
      name: "「基本情報（提案名・概要・連絡先）」の「提案の概要」：まだ入力されていません。",
    });
    await expect(gap).toBeVisible();

    // The link lands on the field, marked, with the message beside it.
    await gap.click();
    await expect(page).toHaveURL(/\/sections\/basics\?check=1#field-summary$/);
    await expectFieldError(page.getByLabel("提案の概要"), "まだ入力されていません。");
    await expect(page.getByLabel("提案名")).toHaveValue(title);
    await page.getByLabel("提案の概要").fill("町会とNPOで、お年寄りと子どもが歩いて確かめる防災マップをつくります。");
    await page.getByRole("button", { name: "この項目を保存する" }).click();
    // Still one field empty: saved, and the page stays on the section to show it.
    await expect(page.getByRole("status")).toHaveText("保存しました。ただし、まだ入力されていないところがあります。");
    await expectFieldError(page.getByLabel("連絡担当者のお名前"), "まだ入力されていません。");
    await expect(page.getByLabel("提案の概要")).not.toHaveAttribute("aria-invalid", "true");

    // A malformed address is refused: said in the summary at the top, linked to the field, and beside it.
    await page.getByLabel("連絡担当者のメールアドレス").fill("not-an-address");
    await page.getByRole("button", { name: "この項目を保存する" }).click();
    await expect(page.locator(".error-summary").getByRole("link", { name: EMAIL_INVALID })).toBeVisible();
    await expectFieldError(page.getByLabel("連絡担当者のメールアドレス"), EMAIL_INVALID);
    await expect(page.getByLabel("提案の概要")).toHaveValue(/防災マップ/);

    // The confirmation page shows the text and what is still missing, and no submit button yet.
    await page.goto(`${proposalUrl}/confirm`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("提出する前の確認");
    await expect(page.getByText(title)).toBeVisible();
    await expect(page.getByText("お年寄りと子どもが歩いて確かめる防災マップ")).toBeVisible();
    await expect(page.getByText("上の点を直すと、ここに「提案を提出する」ボタンが出ます。")).toBeVisible();
    await expect(page.getByRole("button", { name: "提案を提出する" })).toHaveCount(0);
    await page
      .getByRole("link", {
        name: "「誓約」の「上の内容を確認し、誓約します」：誓約事項を確認し、チェックを入れてください。",
      })
      .click();
    await expectFieldError(
      page.getByLabel("上の内容を確認し、誓約します"),
      "誓約事項を確認し、チェックを入れてください。",
    );
  });
});
