import fc from "fast-check";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { answerSchema, consultationSchema, questionSchema, type ThemeInput, themeSchema } from "~/models/theme-schemas";

/** What the staff form sends for a good theme: every value a string, as FormData gives them. */
function form(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    courseId: "collabo",
    title: "地域の防災力を高める協働事業",
    summary: "町会とNPOが組んで防災訓練を行う事業を募集します。",
    background: "高齢化で訓練の担い手が減っています。",
    expectations: "新しい参加者を増やす工夫を期待します。",
    department: "区民部 協働推進課",
    contact: "協働推進課 電話 03-5984-1111",
    fields: ["disaster_safety", "community_development"],
    grantCapPerYear: "300000",
    grantCapTotal: "300000",
    subsidyRatePercent: "100",
    durationYears: "1",
    awardsPlanned: "5",
    reservedSlots: "0",
    requiredKinds: ["neighborhood_association"],
    minOrganizations: "2",
    declaration: "政治活動・宗教活動を目的とする団体ではありません。",
    opensAt: "2026-12-01T00:00",
    closesAt: "2026-12-24T23:59:59",
    criteria: [{ name: "地域課題の理解", description: "", weight: "30", maxScore: "5" }],
    ...overrides,
  };
}

const parse = (overrides: Record<string, unknown> = {}) => v.safeParse(themeSchema, form(overrides));

/** The parsed theme; the test fails with the messages when the input is refused. */
function accepted(overrides: Record<string, unknown> = {}): ThemeInput {
  const result = parse(overrides);
  if (!result.success) throw new Error(`refused: ${JSON.stringify(v.flatten(result.issues).nested)}`);
  return result.output;
}

/** The messages per field, as the form shows them. */
function fieldErrors(overrides: Record<string, unknown>) {
  const result = parse(overrides);
  expect(result.success).toBe(false);
  return v.flatten<typeof themeSchema>(result.issues!).nested ?? {};
}

describe("themeSchema: a good theme", () => {
  it("parses the form into numbers, arrays and Japan-time dates", () => {
    const value = accepted();
    expect(value.grantCapPerYear).toBe(300_000);
    expect(value.subsidyRatePercent).toBe(100);
    expect(value.awardsPlanned).toBe(5);
    expect(value.reservedSlots).toBe(0);
    expect(value.minOrganizations).toBe(2);
    // Left out, each proposal asks for two reviewers.
    expect(value.minReviewers).toBe(2);
    expect(value.fields).toEqual(["disaster_safety", "community_development"]);
    expect(value.requiredKinds).toEqual(["neighborhood_association"]);
    expect(value.opensAt.toISOString()).toBe("2026-11-30T15:00:00.000Z");
    expect(value.closesAt.toISOString()).toBe("2026-12-24T14:59:59.000Z");
    expect(value.criteria).toEqual([{ name: "地域課題の理解", description: "", weight: 30, maxScore: 5 }]);
    expect(value.version).toBeUndefined();
  });

  it("trims text and reads the version the editor started from", () => {
    const value = accepted({ title: "  防災  ", version: "3" });
    expect(value.title).toBe("防災");
    expect(value.version).toBe(3);
  });

  it("takes a single checked field as a list of one, and no field as an empty list", () => {
    expect(accepted({ fields: "welfare" }).fields).toEqual(["welfare"]);
    expect(accepted({ fields: undefined, requiredKinds: undefined })).toMatchObject({
      fields: [],
      requiredKinds: [],
    });
  });

  it("defaults the reserved slots to 0 and the criteria to none when the form leaves them out", () => {
    const value = accepted({ reservedSlots: undefined, criteria: undefined });
    expect(value.reservedSlots).toBe(0);
    expect(value.criteria).toEqual([]);
  });
});

describe("themeSchema: amounts", () => {
  it("accepts amounts written with thousands separators, full-width digits or 円", () => {
    for (const [written, amount] of [
      ["300,000", 300_000],
      ["３００，０００", 300_000],
      ["３００,０００円", 300_000],
      ["1,000,000円", 1_000_000],
      [" 500000 ", 500_000],
      ["0", 0],
    ] as const) {
      expect(accepted({ grantCapPerYear: written, grantCapTotal: "3,000,000" }).grantCapPerYear, written).toBe(amount);
    }
    expect(accepted({ awardsPlanned: "１２" }).awardsPlanned).toBe(12);
  });

  it("refuses amounts that are not whole yen or are out of range", () => {
    for (const written of ["", "-1", "1.5", "30万", "abc", "1e6", "100,000,001"]) {
      expect(fieldErrors({ grantCapPerYear: written, grantCapTotal: "300,000,000" }).grantCapPerYear, written).toEqual([
        "validation.theme.amount",
      ]);
    }
    expect(fieldErrors({ grantCapTotal: "300,000,001" }).grantCapTotal).toEqual(["validation.theme.amount"]);
  });

  it("refuses a subsidy rate outside 1–100 %, a duration outside 1–5 years and 0 awards", () => {
    expect(fieldErrors({ subsidyRatePercent: "0" }).subsidyRatePercent).toEqual(["validation.theme.rate"]);
    expect(fieldErrors({ subsidyRatePercent: "101" }).subsidyRatePercent).toEqual(["validation.theme.rate"]);
    expect(fieldErrors({ durationYears: "6" }).durationYears).toEqual(["validation.theme.years"]);
    expect(fieldErrors({ awardsPlanned: "0" }).awardsPlanned).toEqual(["validation.theme.awards"]);
    expect(fieldErrors({ minOrganizations: "21" }).minOrganizations).toEqual(["validation.theme.minOrganizations"]);
    expect(fieldErrors({ minReviewers: "0" }).minReviewers).toEqual(["validation.theme.minReviewers"]);
    expect(fieldErrors({ minReviewers: "21" }).minReviewers).toEqual(["validation.theme.minReviewers"]);
  });

  it("property: any yearly cap written with commas or in full-width digits reads back as the same number", () => {
    const fullWidth = (s: string) =>
      s.replace(/[0-9,]/g, (c) => (c === "," ? "，" : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), (amount) => {
        const commas = amount.toLocaleString("en-US");
        for (const written of [String(amount), commas, fullWidth(commas), `${commas}円`]) {
          expect(accepted({ grantCapPerYear: written, grantCapTotal: "300000000" }).grantCapPerYear, written).toBe(
            amount,
          );
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("themeSchema: checks across fields", () => {
  it("needs the deadline after the opening, reported at closesAt", () => {
    expect(fieldErrors({ closesAt: "2026-12-01T00:00" }).closesAt).toEqual(["validation.theme.window"]);
    expect(fieldErrors({ closesAt: "2026-11-30T23:59:59" }).closesAt).toEqual(["validation.theme.window"]);
    expect(parse({ closesAt: "2026-12-01T00:00:01" }).success).toBe(true);
  });

  it("needs the total cap at least the yearly cap, reported at grantCapTotal", () => {
    const errors = fieldErrors({ grantCapPerYear: "300,000", grantCapTotal: "299,999" });
    expect(errors).toEqual({ grantCapTotal: ["validation.theme.capTotal"] });
    expect(parse({ grantCapPerYear: "300,000", grantCapTotal: "300000" }).success).toBe(true);
    expect(parse({ grantCapPerYear: "1,000,000", grantCapTotal: "3,000,000", durationYears: "3" }).success).toBe(true);
  });

  it("allows no more reserved slots than awards planned, reported at reservedSlots", () => {
    expect(fieldErrors({ awardsPlanned: "2", reservedSlots: "3" })).toEqual({
      reservedSlots: ["validation.theme.reservedTooMany"],
    });
    const equal = accepted({ awardsPlanned: "2", reservedSlots: "2", reservedForKind: "neighborhood_association" });
    expect(equal.reservedSlots).toBe(2);
    expect(equal.reservedForKind).toBe("neighborhood_association");
  });

  it("reports every broken cross-field rule at once", () => {
    const errors = fieldErrors({
      closesAt: "2026-11-01T00:00",
      grantCapPerYear: "500000",
      grantCapTotal: "100000",
      awardsPlanned: "1",
      reservedSlots: "2",
    });
    expect(errors).toEqual({
      closesAt: ["validation.theme.window"],
      grantCapTotal: ["validation.theme.capTotal"],
      reservedSlots: ["validation.theme.reservedTooMany"],
    });
  });
});

describe("themeSchema: dates", () => {
  it("reads the window in Japan time, with or without seconds", () => {
    const value = accepted({ opensAt: " 2027-01-04T09:00 ", closesAt: "2027-01-29T17:00:30" });
    expect(value.opensAt.toISOString()).toBe("2027-01-04T00:00:00.000Z");
    expect(value.closesAt.toISOString()).toBe("2027-01-29T08:00:30.000Z");
  });

  it("refuses dates that do not exist and values that are not dates", () => {
    expect(fieldErrors({ closesAt: "2027-02-30T17:00" }).closesAt).toEqual(["validation.theme.datetime"]);
    expect(fieldErrors({ opensAt: "" }).opensAt).toEqual(["validation.theme.datetime"]);
    expect(fieldErrors({ opensAt: "2027-01-04" }).opensAt).toEqual(["validation.theme.datetime"]);
    expect(fieldErrors({ opensAt: undefined }).opensAt).toEqual(["validation.theme.datetime"]);
  });
});

describe("themeSchema: other fields", () => {
  it("needs a course, a title and the other required texts", () => {
    const errors = fieldErrors({ courseId: "", title: "   ", department: "", declaration: "" });
    expect(errors).toMatchObject({
      courseId: ["validation.theme.course"],
      title: ["validation.theme.title"],
      department: ["validation.theme.department"],
      declaration: ["validation.theme.declaration"],
    });
  });

  it("limits the title to 120 characters", () => {
    expect(parse({ title: "あ".repeat(120) }).success).toBe(true);
    expect(fieldErrors({ title: "あ".repeat(121) }).title).toEqual(["validation.theme.title"]);
  });

  it("refuses fields and organisation kinds that are not in the reference lists", () => {
    expect(parse({ fields: ["welfare", "gambling"] }).success).toBe(false);
    expect(parse({ requiredKinds: "cult" }).success).toBe(false);
    expect(parse({ reservedForKind: "anything" }).success).toBe(false);
  });

  it("offers at most 8 criteria rows and parses their numbers", () => {
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ name: `項目${i}`, description: "", weight: "１０", maxScore: "5" }));
    const eight = accepted({ criteria: rows(8) });
    expect(eight.criteria).toHaveLength(8);
    expect(eight.criteria[0]).toEqual({ name: "項目0", description: "", weight: 10, maxScore: 5 });
    expect(parse({ criteria: rows(9) }).success).toBe(false);
    expect(fieldErrors({ criteria: [{ name: "a", weight: "x", maxScore: "5" }] })["criteria.0.weight"]).toEqual([
      "validation.criterion.weight",
    ]);
  });
});

describe("question, answer and consultation schemas", () => {
  it("need text within their limits", () => {
    expect(v.safeParse(questionSchema, { question: " 対象地域は？ " }).output).toEqual({ question: "対象地域は？" });
    expect(v.safeParse(questionSchema, { question: "  " }).success).toBe(false);
    expect(v.safeParse(questionSchema, { question: "あ".repeat(2001) }).success).toBe(false);
    expect(v.safeParse(consultationSchema, { subject: "予算", message: "相談です" }).success).toBe(true);
    expect(v.safeParse(consultationSchema, { subject: "あ".repeat(101), message: "相談です" }).success).toBe(false);
  });

  it("answers name their question by UUID", () => {
    const questionId = "6f1c1f9e-2b7a-4b8e-9a51-0d3c2b1a9e77";
    expect(v.safeParse(answerSchema, { questionId, answer: "区内全域です。" }).success).toBe(true);
    expect(v.safeParse(answerSchema, { questionId: "1 or 1=1", answer: "区内全域です。" }).success).toBe(false);
  });
});
