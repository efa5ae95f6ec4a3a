import { expect, test } from "./fixtures";
import { E2E_PORT } from "./settings";
import { DEMO_PASSWORD, expectAccessible, expectFieldError } from "./support";

test("every page in the menu answers, in Japanese, and passes the accessibility scan", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.getByRole("link", { name: "ねりま協働ラボ" })).toBeVisible();
  await expectAccessible(page);
  const menu = page.getByRole("navigation", { name: "メインメニュー" });
  for (const [name, path] of [
    ["テーマ", "/themes"],
    ["パートナー募集", "/partners"],
    ["団体", "/organizations"],
    ["採択事業", "/projects"],
    ["オープンデータ", "/opendata"],
    ["ログイン", "/login"],
  ]) {
    await menu.getByRole("link", { name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectAccessible(page);
  }
});

for (const [device, viewport, javaScriptEnabled] of [
  ["a phone", { width: 360, height: 740 }, true],
  ["a phone", { width: 360, height: 740 }, false],
  ["a desktop", { width: 1280, height: 800 }, true],
] as const) {
  test(`the home page invites on ${device} (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({ browser }) => {
    const context = await browser.newContext({ viewport, isMobile: device === "a phone", javaScriptEnabled });
    const page = await context.newPage();
    await page.goto("/");
    const open = page.getByRole("region", { name: "募集中のテーマ" });
    await expect(open.getByRole("link", { name: "町会・自治会の担い手を広げる協働事業" })).toBeVisible();
    await expect(open.getByText(/締切：\d{4}年\d{1,2}月\d{1,2}日.*（あと\d+日）/).first()).toBeVisible();
    await expect(
      page.getByRole("region", { name: "まもなく募集が始まるテーマ" }).getByRole("listitem"),
    ).not.toHaveCount(0);
    await expect(page.getByRole("region", { name: "参加の3つのステップ" }).getByRole("listitem")).toHaveCount(3);
    await expect(page.getByRole("region", { name: "最近採択された事業" }).getByRole("listitem")).not.toHaveCount(0);
    if (javaScriptEnabled) await expectAccessible(page);
    await open.getByRole("link", { name: "すべてのテーマを見る" }).click();
    await expect(page).toHaveURL(/\/themes$/);
    await context.close();
  });
}

for (const javaScriptEnabled of [true, false]) {
  test(`on a 360 px phone the menu folds behind one button (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({
    browser,
  }) => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      javaScriptEnabled,
    });
    const page = await context.newPage();
    await page.goto("/themes");
    const menu = page.getByRole("navigation", { name: "メインメニュー" });
    await expect(menu).toBeHidden();
    // A fifth of the screen at most, so the page itself shows from the first screen.
    expect((await page.getByRole("banner").boundingBox())?.height).toBeLessThanOrEqual(740 / 5);
    await page.getByText("メニュー", { exact: true }).click();
    await expect(menu).toBeVisible();
    // axe runs in the page: the scan needs JavaScript (the page is the same either way).
    if (javaScriptEnabled) await expectAccessible(page);
    await menu.getByRole("link", { name: "採択事業", exact: true }).click();
    await expect(page).toHaveURL(/\/projects$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("採択事業");
    await expect(menu).toBeHidden();
    await context.close();
  });
}

test("on a wide screen the menu is open, and staff have their own group", async ({ page, signIn }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/themes");
  await expect(page.getByRole("navigation", { name: "メインメニュー" })).toBeVisible();
  await expect(page.getByText("メニュー", { exact: true })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "区職員のメニュー" })).toHaveCount(0);
  await signIn("kakaricho");
  const staffMenu = page.getByRole("navigation", { name: "区職員のメニュー" });
  await expect(staffMenu.getByRole("link", { name: "テーマの管理" })).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "テーマの管理" }),
  ).toHaveCount(0);
  await expectAccessible(page);

  // Their home says what is waiting; a count opens the list it counts.
  await staffMenu.getByRole("link", { name: "区職員のトップ" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "区職員のトップ" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: /^確認を待っている団体：\d+件$/ }).click();
  await expect(page).toHaveURL(/\/staff\/organizations$/);
});

test("the footer leads to the ward's own pages and the site map, each passing the accessibility scan", async ({
  page,
}) => {
  await page.goto("/themes");
  const footer = page.getByRole("navigation", { name: "このサイトについて" });
  for (const [name, path] of [
    ["ヘルプ・よくある質問", "/help"],
    ["お問い合わせ", "/contact"],
    ["個人情報の取扱い", "/privacy"],
    ["利用規約", "/terms"],
    ["ウェブアクセシビリティ方針", "/accessibility"],
    ["サイトマップ", "/sitemap"],
  ]) {
    await footer.getByRole("link", { name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
    await expectAccessible(page);
  }
  await page.goto("/contact");
  await expect(page.getByRole("main").getByRole("link", { name: /03-3993-1111/ })).toHaveAttribute(
    "href",
    "tel:+81339931111",
  );
  await expect(page.getByRole("main").getByRole("link", { name: /@/ })).toHaveAttribute("href", /^mailto:/);
  await page.goto("/sitemap");
  await page.getByRole("main").getByRole("link", { name: "採択事業" }).click();
  await expect(page).toHaveURL(/\/projects$/);
});

test("an unknown address shows a Japanese 404 page without a stack trace", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ページが見つかりません");
  await expect(page.locator("body")).not.toContainText("at ");
  await expectAccessible(page);
});

test("the language switch moves to English and back, and is remembered", async ({ page }) => {
  await page.goto("/themes");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page).toHaveURL(/\/themes$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Themes");
  await expectAccessible(page);
  await page.goto("/login");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Log in");
  await page.getByRole("button", { name: "日本語" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ログイン");
});

test("the layout fits a 360 px phone and the skip link leads to the content", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
  const page = await context.newPage();
  for (const path of ["/", "/signup", "/login"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
    await expectAccessible(page);
  }
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "本文へ移動" })).toBeFocused();
  await context.close();
});

test.describe("who may open what", () => {
  test("a visitor is sent to log in and comes back afterwards", async ({ page }) => {
    await page.goto("/admin/users");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fadmin%2Fusers$/);
    await expect(page.getByText("このページを見るにはログインしてください。")).toBeVisible();
    await expectAccessible(page);
    await page.goto("/me");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fme$/);
    await page.getByLabel("メールアドレス").fill("chokai@example.jp");
    await page.getByLabel("パスワード").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "ログインする" }).click();
    await expect(page).toHaveURL(/\/me$/);
  });

  test("a member and a member of staff are refused the account administration", async ({ page, signIn }) => {
    for (const who of ["chokai", "staff"] as const) {
      await signIn(who);
      const response = await page.goto("/admin/users");
      expect(response?.status()).toBe(403);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("このページを見る権限がありません");
      await expectAccessible(page);
    }
  });

  test("an administrator lists accounts and changes a role", async ({ page, signIn }) => {
    await signIn("admin");
    await page.getByRole("link", { name: "アカウント管理" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("アカウント管理");
    await expectAccessible(page);
    const select = page.getByLabel("審査 一郎さんの役割");
    await expect(select).toHaveValue("reviewer");
    await select.selectOption("staff");
    await page.getByRole("row").filter({ has: select }).getByRole("button", { name: "変更する" }).click();
    await expect(page.getByRole("status")).toHaveText("役割を変更しました。");
    await expect(page.getByLabel("審査 一郎さんの役割")).toHaveValue("staff");
    await page.getByLabel("審査 一郎さんの役割").selectOption("reviewer");
    await page
      .getByRole("row")
      .filter({ has: page.getByLabel("審査 一郎さんの役割") })
      .getByRole("button", { name: "変更する" })
      .click();
    await expect(page.getByLabel("審査 一郎さんの役割")).toHaveValue("reviewer");
  });

  test("a form posted from another site is refused", async ({ request }) => {
    const form = { email: "chokai@example.jp", password: DEMO_PASSWORD };
    const fromElsewhere = await request.post("/login", {
      form,
      headers: { Origin: "https://evil.example" },
      maxRedirects: 0,
    });
    expect(fromElsewhere.status()).toBe(403);
    const markedCrossSite = await request.post("/logout", {
      headers: { "Sec-Fetch-Site": "cross-site" },
      maxRedirects: 0,
    });
    expect(markedCrossSite.status()).toBe(403);
    const sameSite = await request.post("/login", {
      form,
      headers: { Origin: `http://127.0.0.1:${E2E_PORT}`, "Sec-Fetch-Site": "same-origin" },
      maxRedirects: 0,
    });
    expect(sameSite.status()).toBe(302);
  });

  test("the demo mailbox does not exist once a mail server is configured", async ({ request }) => {
    expect((await request.get("/dev/mail")).status()).toBe(404);
  });
});

test("a page comes with its own words; the rest of the language comes when the person acts", async ({ page }) => {
  const catalogs: string[] = [];
  page.on("request", (request) => {
    if (/\/build\/_shared\/(ja|en)(-staff)?-\w+\.js$/.test(request.url())) catalogs.push(request.url());
  });
  await page.goto("/signup");
  await page.waitForFunction(() => "__remixRouter" in window);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("新規登録");
  expect(catalogs).toEqual([]);

  // Submitted without a tap or a key: the messages were not in the page's words, and still show in Japanese.
  await page
    .locator("form", { has: page.getByLabel("お名前") })
    .evaluate((form: HTMLFormElement) => form.requestSubmit());
  await expect(page.getByRole("alert")).toContainText("入力内容を確認してください");
  await expectFieldError(page.getByLabel("メールアドレス"), "メールアドレスを入力してください");
  expect(catalogs).toHaveLength(1);

  // The next page renders in the browser with the whole catalog.
  await page
    .getByRole("navigation", { name: "メインメニュー" })
    .getByRole("link", { name: "採択事業", exact: true })
    .click();
  await expect(page).toHaveURL(/\/projects$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("採択事業");
  await expect(page.getByLabel("採択された年度")).toBeVisible();
  expect(catalogs).toHaveLength(1);
});
