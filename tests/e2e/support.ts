import { existsSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";
import { filedMail, readMail } from "../support/mailbox";
import type { ReceivedMail } from "../support/smtp";
import { MAILBOX_DIR } from "./settings";

/** Every page a test visits is scanned: WCAG 2.1 A and AA, zero violations. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** The message a form shows at a field: what a screen reader reads with it (its aria-describedby). */
export async function expectFieldError(field: Locator, message: string) {
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
}

/** Ticks each of `labels` in the group of checkboxes named `group`. */
export async function checkAll(page: Page, group: RegExp | string, labels: string[]) {
  for (const label of labels) {
    await page.getByRole("group", { name: group }).getByLabel(label, { exact: true }).check();
  }
}

/**
 * The mail the test SMTP receiver has filed since `since` (how many messages it held then). The
 * demo seed and earlier tests send mail too: a test sees only what arrived after it began.
 */
export class Mailbox {
  constructor(private readonly since: number) {}

  static fromNow(): Mailbox {
    return new Mailbox(existsSync(MAILBOX_DIR) ? filedMail(MAILBOX_DIR).length : 0);
  }

  /** Waits for a message to `to` whose subject (and text, if given) include what is asked. */
  async waitFor(
    to: string,
    subjectIncludes: string,
    options: { textIncludes?: string; timeoutMs?: number } = {},
  ): Promise<ReceivedMail> {
    const timeoutMs = options.timeoutMs ?? 20_000;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (existsSync(MAILBOX_DIR)) {
        const found = filedMail(MAILBOX_DIR)
          .filter((number) => number > this.since)
          .reverse()
          .map((number) => readMail(MAILBOX_DIR, number))
          .find(
            (m) =>
              m.to.includes(to) &&
              m.subject.includes(subjectIncludes) &&
              (!options.textIncludes || m.text.includes(options.textIncludes)),
          );
        if (found) return found;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`No mail to ${to} about "${subjectIncludes}" within ${timeoutMs} ms`);
  }
}

export function linkIn(mail: ReceivedMail, pathPrefix: string): string {
  const match = mail.text.match(new RegExp(`https?://[^\\s]+${pathPrefix.replace(/[/?]/g, "\\$&")}[^\\s]*`));
  if (!match) throw new Error(`No ${pathPrefix} link in mail "${mail.subject}"`);
  return match[0];
}

export function uniqueEmail(label: string): string {
  return `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.jp`;
}

export const DEMO_PASSWORD = "nerima-demo-2026";

export interface Account {
  email: string;
  password: string;
}

/** The demo seed's people (README › Quick start), by the part of their address before the @. */
export type DemoPerson = "admin" | "staff" | "kakaricho" | "reviewer" | "chokai" | "npo" | "fureai";

export function account(who: DemoPerson | Account): Account {
  return typeof who === "string" ? { email: `${who}@example.jp`, password: DEMO_PASSWORD } : who;
}

export async function logIn(page: Page, { email, password }: Account) {
  await page.goto("/login");
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("パスワード").fill(password);
  await page.getByRole("button", { name: "ログインする" }).click();
  // Staff and admin give a second factor: on the demo, the page shows their current code.
  const signedIn = page.getByRole("status").filter({ hasText: "ログインしました。" });
  const asked = page.getByRole("heading", { name: "確認コードの入力" });
  await expect(signedIn.or(asked)).toBeVisible();
  if (await asked.isVisible()) await giveDemoCode(page);
  await expect(page.getByRole("status")).toHaveText("ログインしました。");
}

/** Reads the demo's code off the page; when both usable codes are spent, waits for the next half-minute. */
async function giveDemoCode(page: Page) {
  const hint = page.getByText(/いまの確認コードは \d{6} です/);
  for (let tries = 0; tries < 3 && !(await hint.isVisible()); tries++) {
    await page.waitForTimeout(31_000 - (Date.now() % 30_000));
    await page.reload();
  }
  const code = (await hint.textContent())?.match(/\d{6}/)?.[0] ?? "";
  await page.getByLabel("確認コード").fill(code);
  await page.getByRole("button", { name: "確認してログインする" }).click();
}

export async function logOut(page: Page) {
  await page.getByRole("button", { name: "ログアウト", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "ログアウトしました。" })).toBeVisible();
}

/** A new account, signed up and confirmed through the e-mailed link (not yet signed in). */
export async function signUpAndVerify(page: Page, mailbox: Mailbox, name: string, { email, password }: Account) {
  await page.goto("/signup");
  await page.getByLabel("お名前").fill(name);
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("パスワード").fill(password);
  await page.getByLabel("個人情報の取扱いに同意します").check();
  await page.getByRole("button", { name: "登録する" }).click();
  await expect(page.getByRole("status")).toContainText("確認のメールを送りました");
  const mail = await mailbox.waitFor(email, "メールアドレスの確認");
  await page.goto(linkIn(mail, "/verify-email?token="));
  await page.getByRole("button", { name: "メールアドレスを確認する" }).click();
  await expect(page.getByRole("status")).toHaveText("メールアドレスを確認しました。ログインしてください。");
}
