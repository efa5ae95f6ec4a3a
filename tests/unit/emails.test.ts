import { describe, expect, it } from "vitest";
import { renderMail } from "../../emails";

describe("e-mail templates", () => {
  it("render Japanese HTML and plain text without stray bytes, whatever the length", async () => {
    for (const length of [1, 50, 400, 1500]) {
      const name = "練".repeat(length);
      const mail = await renderMail("reset-password", {
        locale: "ja",
        name,
        url: "http://localhost:3000/reset-password?token=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        hours: 1,
      });
      expect(mail.subject).toBe("【ねりま協働ラボ】パスワードの再設定");
      expect(mail.html).not.toContain("\u0000");
      expect(mail.text).not.toContain("\u0000");
      expect(mail.text).toContain(`${name} 様`);
      expect(mail.text).toContain("次のアドレスをブラウザに貼り付けてください");
      expect(mail.html.startsWith("<!DOCTYPE html")).toBe(true);
      expect(mail.html).toContain('lang="ja"');
    }
  });

  it("render every template in English too", async () => {
    for (const template of ["verify-email", "reset-password", "change-email"] as const) {
      const mail = await renderMail(template, {
        locale: "en",
        name: "Hanako",
        url: "http://x.test/a?token=t",
        hours: 24,
      });
      expect(mail.subject).toMatch(/^\[Nerima Collaboration Lab\]/);
      expect(mail.text).toContain("Dear Hanako,");
      expect(mail.text).toContain("http://x.test/a?token=t");
    }
  });
});
