import { describe, expect, it } from "vitest";
import { pageCount } from "~/utils/http.server";
import { shorten } from "~/utils/text";

describe("shorten", () => {
  it("keeps a text at the limit whole and cuts a longer one, marking the cut", () => {
    expect(shorten("あいう", 3)).toBe("あいう");
    expect(shorten("あいうえ", 3)).toBe("あいう…");
  });

  it("counts characters, not UTF-16 units: an emoji or a rare kanji is never split in half", () => {
    expect(shorten("𠮷野家で会合", 2)).toBe("𠮷野…");
  });
});

describe("pageCount", () => {
  it("is one for an empty list and rounds a part page up", () => {
    expect([pageCount(0, 20), pageCount(20, 20), pageCount(21, 20)]).toEqual([1, 1, 2]);
  });
});
