import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { yenAmount } from "~/models/yen-amount";

const read = (typed: string, emptyIsZero = false) => v.safeParse(yenAmount("m", { emptyIsZero }), typed);

describe("yenAmount: an amount as people type it", () => {
  it("reads commas, full-width digits, spaces and 円 as the same number", () => {
    for (const typed of ["140000", "140,000", "140，000", "１４０，０００", "140,000円", " 140 000 "]) {
      expect(read(typed).output, typed).toBe(140_000);
    }
  });

  it("refuses words (14万 too), signs, decimals, exponents and more than nine digits, with the field's message", () => {
    for (const typed of ["十万", "14万", "-5", "1.5", "1e5", "1234567890", "abc"]) {
      const result = read(typed);
      expect(result.success, typed).toBe(false);
      expect(result.issues?.[0].message, typed).toBe("m");
    }
  });

  it("takes an empty field as 0 only where the form says so", () => {
    expect(read("", true).output).toBe(0);
    expect(read("  ", true).output).toBe(0);
    expect(read("").success).toBe(false);
  });
});
