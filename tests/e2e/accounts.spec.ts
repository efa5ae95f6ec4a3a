import { expect, test } from "./fixtures";
import { expectAccessible, linkIn, logIn, logOut, uniqueEmail, waitForMail } from "./support";

test("a resident signs up, confirms the address by e-mail, logs out and in, and resets a forgotten password", async ({
  page,
}) => {
  const email = uniqueEmail("hanako");

  await page.goto("/signup");
  await expectAccessible(page);
  await page.getByLabel("お名前").fill("練馬 花子");
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("パスワード").fill("hikarigaoka-2026");
  await page.getByRole("button", { name: "登録する" }).click();

  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole("status")).toContainText("確認のメールを送りました");
  await expect(page.getByText("メールアドレスがまだ確認されていません")).toBeVisible();
  await expectAccessible(page);

  const verification = await waitForMail(email, "メールアドレスの確認");
  expect(verification.text).toContain("練馬 花子 様");
  await page.goto(linkIn(verification, "/verify-email?token="));
  await expectAccessible(page);
  await page.getByRole("button", { name: "メールアドレスを確認する" }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole("status")).toHaveText("メールアドレスを確認しました。");
  await expect(page.getByText("メールアドレスがまだ確認されていません")).toHaveCount(0);

  // The link works once.
  await page.goto(linkIn(verification, "/verify-email?token="));
  await expect(page.getByRole("alert")).toHaveText("このリンクはすでに使われています。");

  await logOut(page);
  await expectAccessible(page);

  await page.goto("/login");
  await expectAccessible(page);
  await logIn(page, email, "hikarigaoka-2026");
  await expect(page).toHaveURL(/\/me$/);
  await logOut(page);

  await page.goto("/login");
  await page.getByRole("link", { name: "パスワードを忘れた方" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expectAccessible(page);
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByRole("button", { name: "再設定のメールを送る" }).click();
  await expect(page.getByRole("status")).toContainText("再設定のメールを送りました");

  const reset = await waitForMail(email, "パスワードの再設定");
  await page.goto(linkIn(reset, "/reset-password?token="));
  await expectAccessible(page);
  await page.getByLabel("新しいパスワード").fill("shakujii-park-1234");
  await page.getByRole("button", { name: "パスワードを設定する" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("status")).toContainText("パスワードを変更しました");

  // The old password no longer works; the new one does.
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("パスワード").fill("hikarigaoka-2026");
  await page.getByRole("button", { name: "ログインする" }).click();
  await expect(page.locator(".field", { has: page.getByLabel("パスワード") }).locator(".field-error")).toContainText(
    "メールアドレスまたはパスワードが違います",
  );
  await logIn(page, email, "shakujii-park-1234");
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole("heading", { name: "マイページ" })).toBeVisible();
});

test.describe("bad input is explained next to its field and nothing typed is lost", () => {
  for (const javaScriptEnabled of [true, false]) {
    test(`sign-up with JavaScript ${javaScriptEnabled ? "on" : "off"}`, async ({ browser }) => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await page.goto("/signup");

      await page.getByLabel("お名前").fill("大泉 太郎");
      await page.getByLabel("メールアドレス").fill("taro.example.jp");
      await page.getByLabel("パスワード").fill("short");
      await page.getByRole("button", { name: "登録する" }).click();

      const emailField = page.getByLabel("メールアドレス");
      const passwordField = page.getByLabel("パスワード");
      await expect(emailField).toHaveAttribute("aria-invalid", "true");
      await expect(passwordField).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByRole("alert")).toContainText("入力内容を確認してください（2件）");
      await expect(page.locator(".field", { has: emailField }).locator(".field-error")).toContainText(
        "メールアドレスの形が正しくありません",
      );
      await expect(page.locator(".field", { has: passwordField }).locator(".field-error")).toContainText(
        "パスワードは10文字以上にしてください",
      );
      await expect(page.getByLabel("お名前")).toHaveValue("大泉 太郎");
      await expect(emailField).toHaveValue("taro.example.jp");
      if (!javaScriptEnabled) await expect(passwordField).toHaveValue("");
      // axe runs inside the page, so it scans only where JavaScript is on.
      if (javaScriptEnabled) await expectAccessible(page);

      // A registered address.
      await emailField.fill("chokai@example.jp");
      await passwordField.fill("long enough password");
      await page.getByRole("button", { name: "登録する" }).click();
      await expect(
        page.locator(".field", { has: page.getByLabel("メールアドレス") }).locator(".field-error"),
      ).toContainText("このメールアドレスはすでに登録されています");
      await expect(page.getByLabel("お名前")).toHaveValue("大泉 太郎");
      await expect(page.getByLabel("メールアドレス")).toHaveValue("chokai@example.jp");
      await expect(page.getByLabel("パスワード")).toHaveValue("");
      if (javaScriptEnabled) await expectAccessible(page);
      await context.close();
    });
  }

  test("log-in with a wrong password keeps the address and never the password", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("メールアドレス").fill("npo@example.jp");
    await page.getByLabel("パスワード").fill("not the password");
    await page.getByRole("button", { name: "ログインする" }).click();
    const passwordField = page.getByLabel("パスワード");
    await expect(page.locator(".field", { has: passwordField }).locator(".field-error")).toContainText(
      "メールアドレスまたはパスワードが違います",
    );
    await expect(page.getByLabel("メールアドレス")).toHaveValue("npo@example.jp");
    await expect(passwordField).toHaveValue("");
    await expectAccessible(page);
  });
});
