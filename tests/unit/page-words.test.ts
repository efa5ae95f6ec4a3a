/**
 * A page carries the words it was rendered with (app/i18n/page-words.server.ts), so the browser
 * hydrates without downloading the catalog: exactly those words, from the page's own render even
 * when renders overlap, and in a script no text can break out of.
 */
import { describe, expect, it } from "vitest";
import { translator } from "~/i18n";
import { ja } from "~/i18n/ja";
import { pageWordsScript, renderNotingWords } from "~/i18n/page-words.server";

const later = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("the words a page was rendered with", () => {
  it("are the keys its render looked up, after a pause too, in the language asked for", async () => {
    const rendered = renderNotingWords(async () => {
      translator("ja")("site.name");
      await later();
      translator("ja")("nav.themes", {});
      translator("en")("nav.themes");
    });
    await rendered.result;
    translator("ja")("nav.partners");
    expect(rendered.words()).toEqual({
      ja: { "site.name": ja["site.name"], "nav.themes": ja["nav.themes"] },
      en: { "nav.themes": "Themes" },
    });
  });

  it("belong to their own render when two overlap", async () => {
    const first = renderNotingWords(async () => {
      await later();
      translator("ja")("nav.themes");
    });
    const second = renderNotingWords(async () => {
      translator("ja")("nav.partners");
      await later();
    });
    await Promise.all([first.result, second.result]);
    expect(Object.keys(first.words().ja ?? {})).toEqual(["nav.themes"]);
    expect(Object.keys(second.words().ja ?? {})).toEqual(["nav.partners"]);
  });

  it("travel in a script that a word containing </script> cannot end early", () => {
    const script = pageWordsScript({ ja: { x: "</script><script>alert(1)</script>" } }, "n0nce");
    expect(script.startsWith('<script nonce="n0nce">window.__pageWords=')).toBe(true);
    expect(script.match(/<\/script>/g)).toHaveLength(1);
    const json = script.slice(script.indexOf("__pageWords=") + "__pageWords=".length, script.lastIndexOf("</script>"));
    expect(JSON.parse(json)).toEqual({ ja: { x: "</script><script>alert(1)</script>" } });
  });
});
