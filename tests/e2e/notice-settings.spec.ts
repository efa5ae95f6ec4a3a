import { expect, test } from "./fixtures";
import { expectAccessible } from "./support";

/** axe runs inside the page: the scan is made with JavaScript on (the same HTML either way). */
const scan = (page: Parameters<typeof expectAccessible>[0], javaScriptEnabled: boolean) =>
  javaScriptEnabled ? expectAccessible(page) : Promise.resolve();

for (const javaScriptEnabled of [true, false]) {
  test.describe(`JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("a member chooses one e-mail a day for partner requests and keeps the rest at once", async ({
      page,
      signIn,
    }) => {
      await signIn("npo");
      await page.goto("/notifications");
      await page.getByRole("link", { name: "お知らせメールの受け取り方を変える" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("お知らせメールの受け取り方");
      await scan(page, javaScriptEnabled);
      const partners = page.getByRole("group", { name: "パートナー募集と問い合わせ" });
      await partners.getByLabel("1日1回まとめて受け取る").check();
      await page.getByRole("button", { name: "この設定で保存する" }).click();
      await expect(page.getByRole("status")).toContainText("お知らせメールの受け取り方を保存しました。");
      await expect(partners.getByLabel("1日1回まとめて受け取る")).toBeChecked();
      await expect(page.getByRole("group", { name: "共同提案" }).getByLabel("すぐに受け取る")).toBeChecked();
      await scan(page, javaScriptEnabled);
      // Back to the default, so the demo keeps sending at once.
      await partners.getByLabel("すぐに受け取る").check();
      await page.getByRole("button", { name: "この設定で保存する" }).click();
      await expect(page.getByRole("status")).toContainText("保存しました");
    });
  });
}
