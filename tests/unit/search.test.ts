import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bigrams, normalizeForSearch, parseSearchQuery, searchColumns } from "~/models/search";

describe("normalizeForSearch", () => {
  it("folds full-width letters and digits, and half-width katakana, with NFKC", () => {
    expect(normalizeForSearch("ＮＰＯ法人１２３")).toBe("npo法人123");
    expect(normalizeForSearch("ﾈﾘﾏｺﾄﾞﾓ")).toBe("ねりまこども");
    expect(normalizeForSearch("５０％")).toBe("50%");
  });

  it("folds katakana to hiragana and leaves hiragana, kanji and the long-vowel mark alone", () => {
    expect(normalizeForSearch("コドモショクドウ")).toBe("こどもしょくどう");
    expect(normalizeForSearch("子ども食堂")).toBe("子ども食堂");
    expect(normalizeForSearch("グリーンクラブ")).toBe("ぐりーんくらぶ");
    // The ends of the folded range: ァ → ぁ and ヶ → ゖ.
    expect(normalizeForSearch("ァヶ")).toBe("ぁゖ");
    // ・ (U+30FB) is outside the range and is kept.
    expect(normalizeForSearch("ネリマ・クラブ")).toBe("ねりま・くらぶ");
  });

  it("lower-cases and collapses every kind of space, ideographic ones included", () => {
    expect(normalizeForSearch("  Nerima\u3000\u3000Kids \n Club\t")).toBe("nerima kids club");
    expect(normalizeForSearch(" \u3000 ")).toBe("");
  });
});

describe("bigrams", () => {
  it("gives every pair of neighbouring characters of each word, without duplicates", () => {
    expect(bigrams("子ども食堂")).toEqual(["子ど", "ども", "も食", "食堂"]);
    expect(bigrams("ああああ")).toEqual(["ああ"]);
  });

  it("never pairs characters across a space, and a one-character word gives nothing", () => {
    expect(bigrams("ab cd")).toEqual(["ab", "cd"]);
    expect(bigrams("町 会")).toEqual([]);
    expect(bigrams("")).toEqual([]);
  });

  it("counts characters outside the BMP as one character", () => {
    expect(bigrams("𠮷野家")).toEqual(["𠮷野", "野家"]);
  });
});

describe("searchColumns", () => {
  it("joins the non-empty parts, normalises them and stores their bigrams", () => {
    const columns = searchColumns("ねりま子ども応援団", null, "ネリマ", undefined, "");
    expect(columns.search_text).toBe("ねりま子ども応援団 ねりま");
    expect([...columns.search_tokens].sort()).toEqual(
      ["ねり", "りま", "ま子", "子ど", "ども", "も応", "応援", "援団"].sort(),
    );
  });
});

describe("parseSearchQuery", () => {
  it("gives nothing to search for an empty or blank query", () => {
    expect(parseSearchQuery(undefined)).toBeNull();
    expect(parseSearchQuery(null)).toBeNull();
    expect(parseSearchQuery("")).toBeNull();
    expect(parseSearchQuery(" \u3000\t")).toBeNull();
  });

  it("asks for every bigram of the word and for the word itself", () => {
    expect(parseSearchQuery("子ども食堂")).toEqual({
      tokens: ["子ど", "ども", "も食", "食堂"],
      likePatterns: ["%子ども食堂%"],
    });
  });

  it("normalises the query the same way as the stored text", () => {
    expect(parseSearchQuery("ｺﾄﾞﾓ　ＳＨＯＫＵＤＯ")).toEqual({
      tokens: ["こど", "ども", "sh", "ho", "ok", "ku", "ud", "do"],
      likePatterns: ["%こども%", "%shokudo%"],
    });
  });

  it("keeps each word separate and uses at most five words", () => {
    const query = parseSearchQuery("一 二 三 四 五 六")!;
    expect(query.likePatterns).toEqual(["%一%", "%二%", "%三%", "%四%", "%五%"]);
    expect(query.tokens).toEqual([]);
    const two = parseSearchQuery("子ども 防災")!;
    expect(two.likePatterns).toEqual(["%子ども%", "%防災%"]);
    expect(two.tokens).toEqual(["子ど", "ども", "防災"]);
  });

  it("escapes the LIKE wildcards and the escape character, so they match only themselves", () => {
    expect(parseSearchQuery("50%")!.likePatterns).toEqual(["%50\\%%"]);
    expect(parseSearchQuery("nerima_kids")!.likePatterns).toEqual(["%nerima\\_kids%"]);
    expect(parseSearchQuery("a\\b")!.likePatterns).toEqual(["%a\\\\b%"]);
    expect(parseSearchQuery("%_\\")!.likePatterns).toEqual(["%\\%\\_\\\\%"]);
    // Full-width ％ becomes % under NFKC and is escaped as well.
    expect(parseSearchQuery("１００％")!.likePatterns).toEqual(["%100\\%%"]);
  });

  it("never misses a row that contains the searched text (no false negative from the bigram index)", () => {
    const alphabet = ["子", "ど", "も", "食", "堂", "コ", "ド", "ﾈ", "ﾘ", "Ａ", "a", "B", "5", "%", "_", " ", "\u3000"];
    const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }).map((chars) => chars.join(""));
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (raw, a, b) => {
        const row = searchColumns(raw);
        const start = Math.min(a, b) % (row.search_text.length + 1);
        const end = start + (Math.max(a, b) % (row.search_text.length - start + 1));
        const query = parseSearchQuery(row.search_text.slice(start, end));
        if (!query) return;
        for (const token of query.tokens) expect(row.search_tokens).toContain(token);
        for (const pattern of query.likePatterns) {
          const word = pattern.slice(1, -1).replace(/\\(.)/g, "$1");
          expect(row.search_text).toContain(word);
        }
      }),
      { numRuns: 500 },
    );
  });
});
