import { describe, expect, it } from "vitest";
import { LOCALES } from "~/i18n";
import { CONTENT_PAGES, contentPage, parseContentPage, privacyPolicyVersion } from "~/models/content-pages.server";

describe("the ward's own pages (app/content/pages)", () => {
  it("reads the title and version above the text and renders the Markdown", () => {
    const page = parseContentPage(
      "---\ntitle: お問い合わせ\nversion: 2027-04-01\n---\n\n## 窓口\n\n- [電話](tel:+81339931111)\n",
    );
    expect(page.title).toBe("お問い合わせ");
    expect(page.version).toBe("2027-04-01");
    expect(page.html).toContain("<h2>窓口</h2>");
    expect(page.html).toContain('<a href="tel:+81339931111">電話</a>');
  });

  it("shows raw HTML and script links as text, never as markup", () => {
    const page = parseContentPage(
      '---\ntitle: x\n---\n<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror="y">',
    );
    expect(page.html).not.toContain("<script");
    expect(page.html).not.toContain("<img");
    expect(page.html).not.toContain('href="javascript');
    expect(page.html).toContain("&lt;script&gt;");
  });

  it("has every page in every language, each with a title and text, and the privacy policy a version", () => {
    for (const name of CONTENT_PAGES)
      for (const locale of LOCALES) {
        const page = contentPage(name, locale);
        expect(page.title, `${name}.${locale}`).not.toBe("");
        expect(page.html.length, `${name}.${locale}`).toBeGreaterThan(200);
      }
    expect(privacyPolicyVersion()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(contentPage("privacy", "en").version).toBe(privacyPolicyVersion());
  });

  it("gives the contact page a telephone link and an e-mail link", () => {
    for (const locale of LOCALES) {
      expect(contentPage("contact", locale).html).toMatch(/href="tel:\+81\d+"/);
      expect(contentPage("contact", locale).html).toMatch(/href="mailto:[^"]+@[^"]+"/);
    }
  });
});
