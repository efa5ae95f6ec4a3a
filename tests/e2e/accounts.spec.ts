import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { totpCode, totpStep } from "../../app/utils/totp.server";
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, expectAccessible, expectFieldError, linkIn, uniqueEmail } from "./support";

test("a resident signs up, confirms the address by e-mail, logs out and in, and resets a forgotten password", async ({
  page,
  mailbox,
  signIn,
  signOut,
}) => {
  const email = uniqueEmail("hanako");

  await page.goto("/signup");
  await expectAccessible(page);
  await page.getByLabel("お名前").fill("練馬 花子");
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("パスワード").fill("hikarigaoka-2026");
  await page.getByLabel("個人情報の取扱いに同意します").check();
  await page.getByRole("button", { name: "登録する" }).click();

  // Nobody is signed in until the address is proven: the same answer whether or not it was taken.
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("status")).toContainText("確認のメールを送りました");
  await expectAccessible(page);

  const verification = await mailbox.waitFor(email, "メールアドレスの確認");
  expect(verification.text).toContain("練馬 花子 様");
  await page.goto(linkIn(verification, "/verify-email?token="));
  await expectAccessible(page);
  await page.getByRole("button", { name: "メールアドレスを確認する" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("status")).toHaveText("メールアドレスを確認しました。ログインしてください。");
  await signIn({ email, password: "hikarigaoka-2026" });
  await page.goto("/me");
  await expect(page.getByRole("heading", { name: "マイページ" })).toBeVisible();
  await expect(page.getByText("メールアドレスがまだ確認されていません")).toHaveCount(0);

  // The link works once.
  await page.goto(linkIn(verification, "/verify-email?token="));
  await expect(page.getByRole("alert")).toHaveText("このリンクはすでに使われています。");

  await signOut();
  await expectAccessible(page);

  await page.goto("/login");
  await expectAccessible(page);
  await signIn({ email, password: "hikarigaoka-2026" });
  await expect(page).toHaveURL(/\/me$/);
  await signOut();

  await page.goto("/login");
  await page.getByRole("link", { name: "パスワードを忘れた方" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expectAccessible(page);
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByRole("button", { name: "再設定のメールを送る" }).click();
  await expect(page.getByRole("status")).toContainText("再設定のメールを送りました");

  const reset = await mailbox.waitFor(email, "パスワードの再設定");
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
  await expectFieldError(page.getByLabel("パスワード"), "メールアドレスまたはパスワードが違います");
  await signIn({ email, password: "shakujii-park-1234" });
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole("heading", { name: "マイページ" })).toBeVisible();
});

test.describe("bad input is explained next to its field and nothing typed is lost", () => {
  for (const javaScriptEnabled of [true, false]) {
    test(`sign-up with JavaScript ${javaScriptEnabled ? "on" : "off"}`, async ({ browser, mailbox }) => {
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
      const consentBox = page.getByLabel("個人情報の取扱いに同意します");
      await expect(consentBox).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByRole("alert")).toContainText("入力内容を確認してください（3件）");
      await expectFieldError(consentBox, "「同意します」にチェックを入れてください");
      await expectFieldError(emailField, "メールアドレスの形が正しくありません");
      await expectFieldError(passwordField, "パスワードは10文字以上にしてください");
      await expect(page.getByLabel("お名前")).toHaveValue("大泉 太郎");
      await expect(emailField).toHaveValue("taro.example.jp");
      if (!javaScriptEnabled) await expect(passwordField).toHaveValue("");
      // axe runs inside the page, so it scans only where JavaScript is on.
      if (javaScriptEnabled) await expectAccessible(page);

      // A registered address gets the same answer as a new one; its owner is told by e-mail.
      await emailField.fill("chokai@example.jp");
      await passwordField.fill("long enough password");
      await consentBox.check();
      await page.getByRole("button", { name: "登録する" }).click();
      await expect(page).toHaveURL(/\/login$/);
      await expect(page.getByRole("status")).toContainText("確認のメールを送りました");
      await mailbox.waitFor("chokai@example.jp", "このメールアドレスは登録済みです");
      await context.close();
    });
  }

  test("log-in with a wrong password keeps the address and never the password", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("メールアドレス").fill("npo@example.jp");
    await page.getByLabel("パスワード").fill("not the password");
    await page.getByRole("button", { name: "ログインする" }).click();
    const passwordField = page.getByLabel("パスワード");
    await expectFieldError(passwordField, "メールアドレスまたはパスワードが違います");
    await expect(page.getByLabel("メールアドレス")).toHaveValue("npo@example.jp");
    await expect(passwordField).toHaveValue("");
    await expectAccessible(page);
  });
});

test("a member sets up two-step log-in, is refused a wrong code, and gets in with a recovery code", async ({
  page,
  signUp,
  signOut,
}) => {
  const { email, password } = await signUp({ name: "大泉 学", label: "twostep", password: "oizumi-gakuen-2026" });

  await page.goto("/me");
  await page.getByRole("link", { name: "二段階認証の設定" }).click();
  await expect(page).toHaveURL(/\/me\/two-factor$/);
  await expect(page.getByRole("img", { name: "認証アプリに登録するための QR コード" })).toBeVisible();
  await expectAccessible(page);
  // What a person without a camera types into the app: read off the page, as they would.
  const typedKey = (await page.getByRole("code").textContent()) ?? "";
  const key = decodeBase32IgnorePadding(typedKey.replace(/\s/g, ""));
  const enrolStep = totpStep(new Date());
  await page.getByLabel("確認コード").fill(totpCode(key, enrolStep));
  await page.getByRole("button", { name: "二段階認証を設定する" }).click();
  await expect(page.getByRole("heading", { name: "二段階認証を設定しました" })).toBeVisible();
  const codes = await page.getByRole("region", { name: "回復コード" }).getByRole("listitem").allTextContents();
  expect(codes).toHaveLength(10);
  await expectAccessible(page);
  await page.getByRole("link", { name: "控えたので次へ進む" }).click();
  await expect(page.getByText("二段階認証：設定済み")).toBeVisible();
  await signOut();

  // The password alone is not enough now.
  await page.goto("/login");
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("パスワード").fill(password);
  await page.getByRole("button", { name: "ログインする" }).click();
  await expect(page).toHaveURL(/\/login\/two-factor$/);
  await expectAccessible(page);
  await page.getByLabel("確認コード").fill(totpCode(key, enrolStep + 7));
  await page.getByRole("button", { name: "確認してログインする" }).click();
  await expectFieldError(page.getByLabel("確認コード"), "確認コードが違います");
  await expect(page.getByRole("button", { name: "ログアウト", exact: true })).toHaveCount(0);
  await expectAccessible(page);

  await page.getByLabel("確認コード").fill(codes[0]);
  await page.getByRole("button", { name: "確認してログインする" }).click();
  await expect(page.getByRole("status")).toContainText("回復コードでログインしました");
  await signOut();

  // And with the app's code (the next half-minute's: the one used to set up is spent).
  await page.goto("/login");
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("パスワード").fill(password);
  await page.getByRole("button", { name: "ログインする" }).click();
  await page.getByLabel("確認コード").fill(totpCode(key, enrolStep + 1));
  await page.getByRole("button", { name: "確認してログインする" }).click();
  await expect(page.getByRole("status")).toHaveText("ログインしました。");
  await page.goto("/me");
  await expect(page.getByText("（この端末）")).toBeVisible();
  await expectAccessible(page);
});

test("an admin gives a second factor and reads the security record", async ({ page, signIn }) => {
  // signIn reads the demo's code off the two-step page: the password alone does not sign an admin in.
  await signIn("admin");
  await page.goto("/admin/security");
  await expect(page.getByRole("heading", { name: "セキュリティの記録" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "二段階認証の設定" }).first()).toBeVisible();
  await expectAccessible(page);
});

test("a member who agreed to an earlier privacy policy is asked again, once, before going on", async ({ page }) => {
  // 早宮二丁目自治会's representative agreed to the 2025 policy (db/seed.ts).
  await page.goto("/me");
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
  await page.getByLabel("メールアドレス").fill("hayamiya@example.jp");
  await page.getByLabel("パスワード").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "ログインする" }).click();
  await expect(page).toHaveURL(/\/consent\?redirectTo=/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("個人情報の取扱いへの同意");
  await expect(page.getByText("個人情報の取扱いの内容が変わりました。")).toBeVisible();
  await expectAccessible(page);
  // Without the box ticked nothing is recorded, and the page says why.
  await page.getByRole("button", { name: "同意して続ける" }).click();
  await expect(page.getByLabel("個人情報の取扱いに同意します")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);
  await page.getByLabel("個人情報の取扱いに同意します").check();
  await page.getByRole("button", { name: "同意して続ける" }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("マイページ");
  // Asked once: the next page goes straight on.
  await page.goto("/notifications/settings");
  await expect(page).toHaveURL(/\/notifications\/settings$/);
});
