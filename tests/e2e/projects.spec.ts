import { fiscalYear } from "../../app/utils/japan-time";
import { tinyPng } from "../../db/seed-themes";
import { expect, type Locator, test } from "./fixtures";
import { expectAccessible } from "./support";

const PROJECT = "町会とNPOの見守りネットワーク";
const MILESTONE = "見守り訪問の開始";
const PHOTO_DESCRIPTION = "町会の役員が高齢の方の玄関先で声をかけている様子";

/** Fills the milestone's report with a photo that may be shown on the project's public page, and sends it. */
async function sendReport(
  milestone: Locator,
  report: { text: string; excerpt: string; spent?: string; photoDescription?: string },
) {
  await milestone.getByLabel("報告の内容").fill(report.text);
  await milestone.getByLabel("公開してよい抜粋（事業ページに表示）").fill(report.excerpt);
  if (report.spent) await milestone.getByLabel("これまでに使った金額（円）").fill(report.spent);
  await milestone
    .getByLabel("写真・資料（任意）")
    .setInputFiles({ name: "見守り訪問.png", mimeType: "image/png", buffer: Buffer.from(tinyPng()) });
  if (report.photoDescription)
    await milestone.getByLabel("写真の説明（画像を見られない方のための文章）").fill(report.photoDescription);
  await milestone.getByLabel("この写真を事業ページで公開してよい").check();
  await milestone.getByRole("button", { name: "報告を送る" }).click();
}

/** Sends the milestone's report with a described photo, and waits for the site to confirm it. */
async function reportWithPhoto(milestone: Locator, report: { text: string; excerpt: string; spent?: string }) {
  await sendReport(milestone, { ...report, photoDescription: PHOTO_DESCRIPTION });
  await expect(milestone.page().getByRole("status")).toHaveText("進捗報告を送りました。区の確認をお待ちください。");
}

test("the team reports with a photo, staff return it, the team answers, staff approve; the public page and open data show it", async ({
  page,
  mailbox,
  signIn,
  signOut,
}) => {
  // 1. The 町会 officer finds the project and reports on the first milestone, with a photo.
  await signIn("chokai");
  await page.goto("/projects");
  await expectAccessible(page);
  await page.getByRole("link", { name: PROJECT }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(PROJECT);
  await expectAccessible(page);
  await page.getByRole("link", { name: "進捗の報告と確認" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("事業の進捗");
  await expectAccessible(page);
  const manageUrl = page.url();
  const milestone = page.getByRole("region", { name: MILESTONE });
  // An empty report is refused with the reason next to the milestone, and nothing typed is lost.
  await milestone.getByLabel("公開してよい抜粋（事業ページに表示）").fill("見守り訪問を始めました。");
  await milestone.getByRole("button", { name: "報告を送る" }).click();
  await expect(milestone.getByRole("alert")).toContainText("報告の内容を入力してください");
  await expect(milestone.getByLabel("報告の内容")).toHaveAccessibleDescription(/報告の内容を入力してください/);
  await expect(milestone.getByLabel("公開してよい抜粋（事業ページに表示）")).toHaveValue("見守り訪問を始めました。");
  // A photo without its description is refused, said at the top and at the field; the text typed stays.
  await sendReport(milestone, { text: "12月から見守り訪問を始めました。", excerpt: "見守り訪問を始めました。" });
  await expect(milestone.getByRole("alert")).toContainText("写真の説明を入力してください");
  await expect(milestone.getByLabel("写真の説明（画像を見られない方のための文章）")).toHaveAccessibleDescription(
    /写真の説明を入力してください/,
  );
  await expect(milestone.getByLabel("報告の内容")).toHaveValue("12月から見守り訪問を始めました。");
  await expect(milestone.getByLabel("この写真を事業ページで公開してよい")).toBeChecked();
  await expectAccessible(page);
  await reportWithPhoto(milestone, {
    text: "12月から見守り訪問を始めました。",
    excerpt: "見守り訪問を始めました。",
    spent: "30,000",
  });
  await expect(milestone.getByText("区が確認中です。")).toBeVisible();

  // 2. The ward officer returns it with a reason; the team hears by e-mail.
  await signIn("staff");
  await page.goto("/staff/projects");
  await expectAccessible(page);
  await page.getByRole("link", { name: PROJECT }).click();
  await expect(page).toHaveURL(manageUrl);
  await expectAccessible(page);
  await milestone.getByRole("button", { name: "差し戻す" }).click();
  await expect(milestone.getByRole("alert")).toContainText("差し戻す理由を入力してください");
  await milestone.getByLabel("コメント（差し戻すときは必須）").fill("訪問した世帯数を書き加えてください。");
  await milestone.getByRole("button", { name: "差し戻す" }).click();
  await expect(page.getByRole("status")).toHaveText("報告を差し戻しました。");
  await mailbox.waitFor("chokai@example.jp", MILESTONE, { textIncludes: "訪問した世帯数を書き加えてください。" });

  // 3. The team answers with a new report.
  await signIn("chokai");
  await page.goto(manageUrl);
  await expect(milestone.getByText("訪問した世帯数を書き加えてください。")).toBeVisible();
  await reportWithPhoto(milestone, {
    text: "12月から見守り訪問を始め、18世帯を訪ねました。",
    excerpt: "見守り訪問を始め、18世帯を訪ねました。",
  });

  // 4. Staff approve it, then look at last year's completed project: its accepted final report and
  //    the continuation form of a two-year theme.
  await signIn("staff");
  await page.goto(manageUrl);
  await milestone.getByRole("button", { name: "承認する" }).click();
  await expect(page.getByRole("status")).toHaveText("報告を承認しました。");
  await page.goto("/staff/projects?state=completed");
  await page.getByRole("link", { name: "町会会館の放課後こども食堂" }).click();
  await expect(page.getByText("状況：受理（事業完了）")).toBeVisible();
  await expect(page.getByText("45世帯")).toBeVisible();
  await expect(page.getByRole("heading", { name: "継続の判断（複数年度の事業）" })).toBeVisible();
  await expectAccessible(page);
  await signOut();

  // 5. A visitor sees the excerpt and the photo, not the internal report; the open data lists the project.
  await page.goto("/projects");
  await page.getByRole("link", { name: PROJECT }).click();
  await expect(page.getByText("見守り訪問を始め、18世帯を訪ねました。")).toBeVisible();
  await expect(page.getByText("12月から見守り訪問を始め")).toHaveCount(0);
  // The photo's alt text is the team's description, not its file name.
  const photo = page.getByRole("img", { name: PHOTO_DESCRIPTION });
  await expect(photo).toBeVisible();
  expect((await page.request.get((await photo.getAttribute("src")) ?? "")).status()).toBe(200);
  await expectAccessible(page);
  await page.goto("/opendata");
  await expectAccessible(page);
  const csv = await page.request.get("/opendata/projects.csv");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toContain(PROJECT);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a report with a photo but no description comes back with the problem at the top and at the field, the text kept", async ({
    page,
    signIn,
  }) => {
    await signIn("chokai");
    await page.goto("/projects");
    await page.getByRole("link", { name: PROJECT }).click();
    await page.getByRole("link", { name: "進捗の報告と確認" }).click();
    const milestone = page.getByRole("region", { name: "交流会の開催" });
    await milestone.getByLabel("報告の内容").fill("2月15日に交流会を開き、32人が参加しました。");
    await milestone.getByLabel("これまでに使った金額（円）").fill("１２，０００円");
    await milestone
      .getByLabel("写真・資料（任意）")
      .setInputFiles({ name: "交流会.png", mimeType: "image/png", buffer: Buffer.from(tinyPng()) });
    await milestone.getByLabel("この写真を事業ページで公開してよい").check();
    await milestone.getByRole("button", { name: "報告を送る" }).click();
    await expect(milestone.getByRole("alert")).toContainText("写真の説明を入力してください");
    await expect(milestone.getByLabel("写真の説明（画像を見られない方のための文章）")).toHaveAccessibleDescription(
      /写真の説明を入力してください/,
    );
    await expect(milestone.getByLabel("報告の内容")).toHaveValue("2月15日に交流会を開き、32人が参加しました。");
    await expect(milestone.getByLabel("これまでに使った金額（円）")).toHaveValue("１２，０００円");
    await expect(milestone.getByLabel("この写真を事業ページで公開してよい")).toBeChecked();
    await expect(milestone.getByText("区が確認中です。")).toHaveCount(0);
  });
});

test("a visitor narrows the funded projects by state, course, fiscal year and area", async ({ page }) => {
  const stopped = "光が丘公園の花壇サポーター";
  const completed = "町会会館の放課後こども食堂";
  const status = page.getByRole("combobox", { name: "事業の状況" });
  const search = page.getByRole("button", { name: "この条件で探す" });
  await page.goto("/projects");
  await expectAccessible(page);

  await status.selectOption({ label: "中止" });
  await search.click();
  await expect(page).toHaveURL(/status=stopped/);
  await expect(page.getByRole("link", { name: stopped })).toBeVisible();
  await expect(page.getByRole("link", { name: completed })).toHaveCount(0);
  await expect(status).toHaveValue("stopped");
  await expectAccessible(page);

  await status.selectOption({ label: "完了" });
  await page.getByRole("combobox", { name: "コース" }).selectOption({ label: "コラボチャレンジ" });
  await search.click();
  await expect(page.getByRole("link", { name: completed })).toBeVisible();
  await expect(page.getByRole("link", { name: stopped })).toHaveCount(0);

  // The demo's stopped project was funded 700 days ago; the year is chosen by its Japanese name.
  const year = fiscalYear(new Date(Date.now() - 700 * 24 * 3600_000));
  await page.getByRole("link", { name: "条件をクリア" }).click();
  // Chosen on the cleared list, not on the one still showing while it loads.
  await expect(page).toHaveURL(/\/projects$/);
  await expect(status).toHaveValue("");
  await page
    .getByRole("combobox", { name: "採択された年度" })
    .selectOption({ label: `令和${year - 2018}年度（${year}年度）` });
  await page.getByRole("combobox", { name: "地域" }).selectOption({ label: "光が丘" });
  await search.click();
  await expect(page.getByRole("link", { name: stopped })).toBeVisible();
  await expect(page.getByRole("link", { name: completed })).toHaveCount(0);

  // A bookmark with a value the site no longer knows still lists the projects.
  await page.goto("/projects?area=hikarigaoka&status=completed");
  await expect(page.getByText("条件に合うものはありませんでした。")).toBeVisible();
  await page.goto("/projects?status=paused");
  await expect(page.getByRole("link", { name: completed })).toBeVisible();
  await expect(status).toHaveValue("");
  await expectAccessible(page);
});

test("a visitor reads what a completed project achieved and how it spent its grant", async ({ page }) => {
  await page.goto("/projects?status=completed");
  await page.getByRole("link", { name: "町会会館の放課後こども食堂" }).click();
  await expect(page.getByRole("heading", { name: "事業の成果" })).toBeVisible();
  const results = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "成果指標" }) });
  await expect(results.getByRole("row", { name: /見守り世帯数/ })).toContainText("40世帯");
  await expect(results.getByRole("row", { name: /見守り世帯数/ })).toContainText("45世帯");
  const spending = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "費目" }) });
  await expect(spending.getByRole("row", { name: /合計/ })).toContainText("400,000円");
  await expect(spending.getByRole("row", { name: /合計/ })).toContainText("380,000円");
  await expect(page.getByText("予定より20,000円少なく済みました。")).toBeVisible();
  // Only the figures: the team's self-evaluation stays with the ward.
  await expect(page.getByText("次年度は高齢者ボランティアを増やします")).toHaveCount(0);
  await expect(
    page.getByRole("img", { name: "町会会館の長机で、子どもたちと高齢の方が一緒に夕ご飯を食べている様子" }),
  ).toBeVisible();
  await expectAccessible(page);
});

test("a visitor finds each dataset on /opendata with its field dictionary, and downloads the new ones", async ({
  page,
}) => {
  await page.goto("/opendata");
  await expectAccessible(page);
  for (const [heading, name] of [
    ["採択事業のマイルストーン", "milestones"],
    ["採択事業の成果（成果指標の目標と実績）", "outcomes"],
    ["団体（公開プロフィール）", "organizations"],
  ]) {
    const dataset = page.getByRole("region", { name: heading });
    await expect(dataset.getByRole("cell", { name: "municipality_code", exact: true })).toBeVisible();
    await expect(dataset.getByRole("cell", { name: "全国地方公共団体コード", exact: true })).toBeVisible();
    for (const format of ["csv", "json"]) {
      const link = dataset.getByRole("link", { name: `/opendata/${name}.${format}` });
      const file = await page.request.get((await link.getAttribute("href")) ?? "");
      expect(file.status(), `${name}.${format}`).toBe(200);
      expect(await file.text()).toContain("131202");
    }
  }
  // The demo's accepted final report: its target and result.
  const outcomes = await (await page.request.get("/opendata/outcomes.csv")).text();
  expect(outcomes).toContain("見守り世帯数,40世帯,45世帯");
});
