import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { oneDecimal, reviewTotal } from "~/models/review-rules";

const criteria = [
  { id: "a", weight: 30, maxScore: 5 },
  { id: "b", weight: 30, maxScore: 5 },
  { id: "c", weight: 20, maxScore: 5 },
  { id: "d", weight: 20, maxScore: 5 },
];

describe("a review's weighted total, normalised to 100", () => {
  it("matches hand-computed cases", () => {
    expect(reviewTotal(criteria, { a: 5, b: 5, c: 5, d: 5 })).toBe(100);
    expect(reviewTotal(criteria, { a: 0, b: 0, c: 0, d: 0 })).toBe(0);
    // (4/5·30 + 3/5·30 + 5/5·20 + 2/5·20) / 100 · 100 = 24 + 18 + 20 + 8 = 70
    expect(reviewTotal(criteria, { a: 4, b: 3, c: 5, d: 2 })).toBeCloseTo(70, 10);
    // Different maxima: (7/10·1 + 3/5·3) / 4 · 100 = (0.7 + 1.8) / 4 · 100 = 62.5
    expect(
      reviewTotal(
        [
          { id: "x", weight: 1, maxScore: 10 },
          { id: "y", weight: 3, maxScore: 5 },
        ],
        { x: 7, y: 3 },
      ),
    ).toBeCloseTo(62.5, 10);
  });

  it("counts a missing score as zero and clamps out-of-range ones", () => {
    expect(reviewTotal(criteria, { a: 5, b: 5 })).toBeCloseTo(60, 10);
    expect(reviewTotal(criteria, { a: 99, b: -3, c: 5, d: 5 })).toBeCloseTo(70, 10);
  });

  const criteriaArb = fc.array(
    fc.record({ id: fc.uuid(), weight: fc.integer({ min: 1, max: 100 }), maxScore: fc.integer({ min: 1, max: 100 }) }),
    { minLength: 1, maxLength: 8 },
  );

  it("always lies between 0 and 100", () => {
    fc.assert(
      fc.property(
        criteriaArb,
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 8, maxLength: 8 }),
        (cs, raw) => {
          const scores = Object.fromEntries(cs.map((c, i) => [c.id, raw[i] % (c.maxScore + 1)]));
          const total = reviewTotal(cs, scores);
          return total >= 0 && total <= 100 + 1e-9;
        },
      ),
    );
  });

  it("never falls when one score rises", () => {
    fc.assert(
      fc.property(
        criteriaArb,
        fc.nat(),
        fc.array(fc.nat({ max: 100 }), { minLength: 8, maxLength: 8 }),
        (cs, pick, raw) => {
          const scores = Object.fromEntries(cs.map((c, i) => [c.id, raw[i] % (c.maxScore + 1)]));
          const target = cs[pick % cs.length];
          if (scores[target.id] >= target.maxScore) return true;
          const raised = { ...scores, [target.id]: scores[target.id] + 1 };
          return reviewTotal(cs, raised) >= reviewTotal(cs, scores) - 1e-9;
        },
      ),
    );
  });
});

describe("figures for display", () => {
  it("is shown to one decimal place", () => {
    expect(oneDecimal(66.666)).toBe("66.7");
    expect(oneDecimal(null)).toBe("—");
  });
});
