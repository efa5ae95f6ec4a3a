import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Budget,
  type BudgetLine,
  budgetProblems,
  budgetTotals,
  completeSections,
  EMPTY_SECTIONS,
  type GrantRules,
  nextSection,
  type Problem,
  receiptNumber,
  receiptPrefix,
  SECTIONS,
  type SectionContent,
  type SubmissionContext,
  sectionProblems,
  submissionProblems,
  type TeamMember,
} from "~/models/proposal-rules";
import { writtenSections } from "../support/proposal-sections";

const collabo: GrantRules = {
  subsidyRatePercent: 100,
  grantCapPerYear: 300_000,
  grantCapTotal: 300_000,
  durationYears: 1,
};

const line = (amount: number, item = "項目"): BudgetLine => ({ item, category: "supplies", amount, note: "" });
const budget = (amounts: number[], requested: number, ownFunds: number): Budget => ({
  lines: amounts.map((a, i) => line(a, `項目${i + 1}`)),
  requested,
  ownFunds,
});
const messages = (problems: Problem[]) => problems.map((p) => p.message);

/** A proposal with every section finished, for a team of the given organisation ids. */
const complete = (teamIds: string[]) => writtenSections(teamIds, budget([200_000, 50_000], 250_000, 0));

const APPROVED = new Date("2027-02-20T01:00:00Z");
const lead: TeamMember = {
  organizationId: "lead",
  name: "石神井町会",
  kind: "neighborhood_association",
  status: "accepted",
  role: "lead",
  approvedAt: null,
};
const npo: TeamMember = {
  organizationId: "npo",
  name: "NPO法人 子ども応援団",
  kind: "npo",
  status: "accepted",
  role: "partner",
  approvedAt: APPROVED,
};

function context(overrides: Partial<SubmissionContext> = {}): SubmissionContext {
  return {
    phase: "open",
    closesAt: new Date("2027-02-26T08:00:00Z"),
    rules: { ...collabo, requiredKinds: ["neighborhood_association"], minOrganizations: 2 },
    leadVerified: true,
    partners: [lead, npo],
    content: complete(["lead", "npo"]),
    ...overrides,
  };
}

// --- Arbitraries for the property tests ---------------------------------------------------------

/** Amounts as the form accepts them: integer yen, at most nine digits. */
const amountArb = fc.integer({ min: 0, max: 999_999_999 });
const rulesArb: fc.Arbitrary<GrantRules> = fc.record({
  subsidyRatePercent: fc.integer({ min: 1, max: 100 }),
  grantCapPerYear: fc.integer({ min: 0, max: 50_000_000 }),
  grantCapTotal: fc.integer({ min: 0, max: 150_000_000 }),
  durationYears: fc.integer({ min: 1, max: 5 }),
});
const linesArb = (maxLength = 60) =>
  fc.array(
    amountArb.map((a) => line(a)),
    { minLength: 1, maxLength },
  );

/** The three limits, computed exactly with BigInt: an oracle independent of the module. */
function limits(total: number, rules: GrantRules) {
  const byRate = (BigInt(total) * BigInt(rules.subsidyRatePercent)) / 100n;
  const cap = BigInt(Math.min(rules.grantCapTotal, rules.grantCapPerYear * rules.durationYears));
  return { byRate: Number(byRate), cap: Number(cap), max: Number(byRate < cap ? byRate : cap) };
}
const exactSum = (lines: BudgetLine[]) => Number(lines.reduce((s, l) => s + BigInt(l.amount), 0n));

describe("budgetTotals", () => {
  it("adds the lines and takes the rate's share rounded down, capped by the theme", () => {
    const totals = budgetTotals(budget([100_000, 33_333], 0, 0), { ...collabo, subsidyRatePercent: 75 });
    expect(totals.total).toBe(133_333);
    // 133,333 × 75 % = 99,999.75 → 99,999 (rounded down, never up).
    expect(totals.maxGrant).toBe(99_999);
  });

  it("caps the grant by the total cap and by the cap per year times the years", () => {
    const multiYear: GrantRules = {
      subsidyRatePercent: 100,
      grantCapPerYear: 1_000_000,
      grantCapTotal: 2_500_000,
      durationYears: 3,
    };
    expect(budgetTotals(budget([10_000_000], 0, 0), multiYear).maxGrant).toBe(2_500_000);
    expect(budgetTotals(budget([10_000_000], 0, 0), { ...multiYear, durationYears: 2 }).maxGrant).toBe(2_000_000);
    expect(budgetTotals(budget([1_500_000], 0, 0), multiYear).maxGrant).toBe(1_500_000);
  });

  it("reports the requested amount and own funds as entered, and zero for an empty budget", () => {
    expect(budgetTotals(budget([], 0, 0), collabo)).toEqual({ total: 0, ownFunds: 0, requested: 0, maxGrant: 0 });
    expect(budgetTotals(budget([5_000], 4_000, 1_000), collabo)).toEqual({
      total: 5_000,
      ownFunds: 1_000,
      requested: 4_000,
      maxGrant: 5_000,
    });
  });

  it("property: the total is exactly the sum of the lines, an integer, whatever their number", () => {
    fc.assert(
      fc.property(linesArb(300), rulesArb, (lines, rules) => {
        const totals = budgetTotals({ lines, requested: 0, ownFunds: 0 }, rules);
        expect(Number.isInteger(totals.total)).toBe(true);
        expect(totals.total).toBe(exactSum(lines));
      }),
    );
  });

  it("property: maxGrant never exceeds the rate's share, the total cap, or cap per year × years, and reaches the least of them", () => {
    fc.assert(
      fc.property(linesArb(), rulesArb, (lines, rules) => {
        const { maxGrant, total } = budgetTotals({ lines, requested: 0, ownFunds: 0 }, rules);
        expect(Number.isInteger(maxGrant)).toBe(true);
        expect(maxGrant).toBeLessThanOrEqual(Math.floor((total * rules.subsidyRatePercent) / 100));
        expect(maxGrant).toBeLessThanOrEqual(rules.grantCapTotal);
        expect(maxGrant).toBeLessThanOrEqual(rules.grantCapPerYear * rules.durationYears);
        expect(maxGrant).toBe(limits(total, rules).max);
      }),
    );
  });

  it("keeps integer yen with many small lines (no floating-point drift)", () => {
    // 0.1 + 0.2 style drift would show here if amounts were ever divided before adding.
    const many = Array.from({ length: 1000 }, () => line(1));
    expect(budgetTotals({ lines: many, requested: 0, ownFunds: 0 }, { ...collabo, subsidyRatePercent: 33 })).toEqual({
      total: 1000,
      ownFunds: 0,
      requested: 0,
      maxGrant: 330,
    });
    const odd = Array.from({ length: 999 }, (_, i) => line(((i * 7919) % 1000) + 0));
    const { total, maxGrant } = budgetTotals(
      { lines: odd, requested: 0, ownFunds: 0 },
      { ...collabo, subsidyRatePercent: 29, grantCapTotal: 10 ** 9, grantCapPerYear: 10 ** 9 },
    );
    expect(total).toBe(exactSum(odd));
    expect(maxGrant).toBe(Number((BigInt(total) * 29n) / 100n));
  });
});

describe("budgetProblems", () => {
  it("accepts a balanced request within every limit", () => {
    expect(budgetProblems(budget([200_000, 100_000], 300_000, 0), collabo)).toEqual([]);
    expect(budgetProblems(budget([400_000], 300_000, 100_000), collabo)).toEqual([]);
  });

  it("asks for at least one line and for a requested amount", () => {
    const problems = budgetProblems(budget([], 0, 0), collabo);
    expect(problems).toContainEqual({
      section: "budget",
      field: "lines[0].item",
      message: "proposal.problem.budgetEmpty",
    });
    expect(problems).toContainEqual({
      section: "budget",
      field: "requested",
      message: "proposal.problem.requestedMissing",
    });
  });

  it("explains an unbalanced budget with the total and the sum of request and own funds", () => {
    expect(budgetProblems(budget([300_000], 200_000, 50_000), collabo)).toEqual([
      {
        section: "budget",
        field: "ownFunds",
        message: "proposal.problem.budgetUnbalanced",
        params: { total: 300_000, sum: 250_000 },
      },
    ]);
  });

  it("refuses a request above the rate's share, with the rate and the maximum", () => {
    const halfRate = { ...collabo, subsidyRatePercent: 50 };
    expect(budgetProblems(budget([200_001], 100_000, 100_001), halfRate)).toEqual([]);
    expect(budgetProblems(budget([200_001], 100_001, 100_000), halfRate)).toEqual([
      {
        section: "budget",
        field: "requested",
        message: "proposal.problem.overRate",
        params: { rate: 50, max: 100_000 },
      },
    ]);
  });

  it("refuses a request above the theme's cap, with the cap", () => {
    expect(budgetProblems(budget([300_001], 300_001, 0), collabo)).toEqual([
      { section: "budget", field: "requested", message: "proposal.problem.overCap", params: { cap: 300_000 } },
    ]);
    const multiYear = { ...collabo, grantCapPerYear: 100_000, grantCapTotal: 1_000_000, durationYears: 2 };
    expect(messages(budgetProblems(budget([300_000], 200_001, 99_999), multiYear))).toEqual([
      "proposal.problem.overCap",
    ]);
    expect(budgetProblems(budget([300_000], 200_000, 100_000), multiYear)).toEqual([]);
  });

  it("property: a balanced request within all limits yields no problem", () => {
    fc.assert(
      fc.property(linesArb(), rulesArb, fc.double({ min: 0, max: 1, noNaN: true }), (lines, rules, fraction) => {
        const total = exactSum(lines);
        const { max } = limits(total, rules);
        fc.pre(max >= 1);
        const requested = Math.max(1, Math.floor(max * fraction));
        expect(budgetProblems({ lines, requested, ownFunds: total - requested }, rules)).toEqual([]);
      }),
    );
  });

  it("property: raising the request above any limit always yields that limit's problem, and only then", () => {
    fc.assert(
      fc.property(linesArb(), rulesArb, fc.integer({ min: 1, max: 10_000_000 }), (lines, rules, excess) => {
        const total = exactSum(lines);
        const { byRate, cap } = limits(total, rules);
        for (const requested of [byRate + excess, cap + excess, Math.max(byRate, cap) + excess]) {
          // Kept balanced, so the only problems are the limits themselves.
          const found = messages(budgetProblems({ lines, requested, ownFunds: total - requested }, rules));
          expect(found.includes("proposal.problem.overRate")).toBe(requested > byRate);
          expect(found.includes("proposal.problem.overCap")).toBe(requested > cap);
          expect(found.includes("proposal.problem.budgetUnbalanced")).toBe(false);
        }
      }),
    );
  });

  it("property: the budget balances exactly when requested + own funds = total", () => {
    fc.assert(
      fc.property(
        linesArb(),
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.integer({ min: 0, max: 10 ** 9 }),
        (lines, r, o) => {
          const total = exactSum(lines);
          const problems = budgetProblems({ lines, requested: r, ownFunds: o }, collabo);
          const unbalanced = problems.find((p) => p.message === "proposal.problem.budgetUnbalanced");
          if (r + o === total) expect(unbalanced).toBeUndefined();
          else expect(unbalanced?.params).toEqual({ total, sum: r + o });
        },
      ),
    );
  });
});

describe("sectionProblems", () => {
  const team = ["lead", "npo"];
  const ok = complete(team);
  const check = (key: (typeof SECTIONS)[number], content: SectionContent) =>
    sectionProblems(key, content, team, collabo);

  it("finds every section of a finished proposal complete", () => {
    for (const key of SECTIONS) expect(check(key, ok), key).toEqual([]);
  });

  it("finds every section of a new draft incomplete", () => {
    for (const key of SECTIONS) expect(check(key, EMPTY_SECTIONS).length, key).toBeGreaterThan(0);
  });

  it("basics: requires title, summary, contact name and e-mail (blank counts as missing); the phone is optional", () => {
    const blank = { ...ok, basics: { title: " ", summary: "", contactName: "\n", contactEmail: "", contactPhone: "" } };
    expect(check("basics", blank)).toEqual(
      ["title", "summary", "contactName", "contactEmail"].map((field) => ({
        section: "basics",
        field,
        message: "proposal.problem.required",
      })),
    );
  });

  it("problem and activities: require their text", () => {
    expect(check("problem", { ...ok, problem: { text: "  " } })).toEqual([
      { section: "problem", field: "text", message: "proposal.problem.required" },
    ]);
    expect(check("activities", { ...ok, activities: { text: "" } })).toEqual([
      { section: "activities", field: "text", message: "proposal.problem.required" },
    ]);
  });

  it("roles: requires a role for every organisation of the team, and only for them", () => {
    const roles = { ...ok, roles: { roles: { lead: "会場", other: "関係ない団体" } } };
    expect(check("roles", roles)).toEqual([
      { section: "roles", field: "roles.npo", message: "proposal.problem.roleMissing" },
    ]);
    expect(check("roles", { ...ok, roles: { roles: { lead: "会場", npo: "   " } } })).toHaveLength(1);
    expect(sectionProblems("roles", roles, ["lead"], collabo)).toEqual([]);
  });

  it("outcomes: requires the text and at least one indicator", () => {
    expect(check("outcomes", { ...ok, outcomes: { text: "", indicators: [] } })).toEqual([
      { section: "outcomes", field: "text", message: "proposal.problem.required" },
      { section: "outcomes", field: "indicators[0].name", message: "proposal.problem.indicatorMissing" },
    ]);
  });

  it("schedule: requires at least one milestone", () => {
    expect(check("schedule", { ...ok, schedule: { milestones: [] } })).toEqual([
      { section: "schedule", field: "milestones[0].title", message: "proposal.problem.milestoneMissing" },
    ]);
  });

  it("budget: is the budget's problems under the theme's rules", () => {
    const over = { ...ok, budget: budget([400_000], 400_000, 0) };
    expect(check("budget", over)).toEqual(budgetProblems(over.budget, collabo));
    expect(messages(check("budget", over))).toEqual(["proposal.problem.overCap"]);
  });

  it("declaration: requires the box ticked", () => {
    expect(check("declaration", { ...ok, declaration: { accepted: false } })).toEqual([
      { section: "declaration", field: "accepted", message: "proposal.problem.declaration" },
    ]);
  });
});

describe("submissionProblems", () => {
  it("finds nothing wrong with a finished proposal of a full team in an open window", () => {
    expect(submissionProblems(context())).toEqual([]);
  });

  it("refuses outside the window: not yet open, closed, and any other phase", () => {
    expect(submissionProblems(context({ phase: "upcoming" }))).toEqual([
      { section: "window", message: "proposal.problem.notYetOpen" },
    ]);
    for (const phase of ["closed", "draft", "results_released", "archived"] as const) {
      expect(submissionProblems(context({ phase })), phase).toEqual([
        { section: "window", message: "proposal.problem.closed" },
      ]);
    }
  });

  it("refuses an unverified lead", () => {
    expect(submissionProblems(context({ leadVerified: false }))).toEqual([
      { section: "lead", message: "proposal.problem.leadUnverified" },
    ]);
  });

  it("names each partner that has not answered yet", () => {
    const pending: TeamMember = {
      organizationId: "biz",
      name: "株式会社ねりま",
      kind: "business",
      status: "invited",
      role: "partner",
      approvedAt: null,
    };
    expect(submissionProblems(context({ partners: [lead, npo, pending] }))).toEqual([
      { section: "partners", message: "proposal.problem.partnerPending", params: { name: "株式会社ねりま" } },
    ]);
  });

  it("counts only accepted organisations towards the minimum and the required kinds", () => {
    const declinedNpo = { ...npo, status: "declined" as const };
    const problems = submissionProblems(context({ partners: [lead, declinedNpo], content: complete(["lead"]) }));
    expect(problems).toEqual([
      { section: "partners", message: "proposal.problem.tooFewOrganizations", params: { min: 2 } },
    ]);
    const invitedAssociation = { ...lead, organizationId: "other", status: "invited" as const, name: "他の町会" };
    const npoLead = { ...npo };
    expect(
      messages(
        submissionProblems(
          context({
            partners: [npoLead, invitedAssociation],
            content: complete(["npo"]),
            rules: { ...context().rules, minOrganizations: 1 },
          }),
        ),
      ),
    ).toEqual(["proposal.problem.partnerPending", "proposal.problem.kindMissing"]);
  });

  it("names each required kind that no accepted organisation has", () => {
    const rules = { ...context().rules, requiredKinds: ["neighborhood_association", "business"] };
    expect(submissionProblems(context({ rules }))).toEqual([
      { section: "partners", message: "proposal.problem.kindMissing", params: { kind: "business" } },
    ]);
  });

  it("asks every accepted partner, not the lead, to approve the text, last", () => {
    const waiting = { ...npo, approvedAt: null };
    const invited = {
      ...npo,
      organizationId: "biz",
      name: "株式会社ねりま",
      status: "invited" as const,
      approvedAt: null,
    };
    expect(submissionProblems(context({ partners: [lead, waiting, invited] }))).toEqual([
      { section: "partners", message: "proposal.problem.partnerPending", params: { name: "株式会社ねりま" } },
      { section: "approvals", message: "proposal.problem.approvalMissing", params: { name: "NPO法人 子ども応援団" } },
    ]);
    // The lead submits: it approves nothing, approved or not.
    expect(submissionProblems(context({ partners: [{ ...lead, approvedAt: null }, npo] }))).toEqual([]);
    const problems = submissionProblems(context({ partners: [lead, waiting], content: EMPTY_SECTIONS }));
    expect(problems.at(-1)?.section).toBe("approvals");
  });

  it("requires a role for each accepted organisation, not for removed or declined ones", () => {
    const removed: TeamMember = {
      ...npo,
      organizationId: "gone",
      name: "抜けた団体",
      status: "removed",
      approvedAt: null,
    };
    expect(submissionProblems(context({ partners: [lead, npo, removed] }))).toEqual([]);
    expect(messages(submissionProblems(context({ content: complete(["lead"]) })))).toEqual([
      "proposal.problem.roleMissing",
    ]);
  });

  it("lists every problem of a new draft, window and partners first, then the sections in order", () => {
    const problems = submissionProblems(
      context({
        phase: "closed",
        leadVerified: false,
        partners: [lead, { ...npo, status: "invited" }],
        content: EMPTY_SECTIONS,
      }),
    );
    const sections = problems.map((p) => p.section);
    expect(sections.slice(0, 4)).toEqual(["window", "lead", "partners", "partners"]);
    expect(messages(problems).slice(0, 4)).toEqual([
      "proposal.problem.closed",
      "proposal.problem.leadUnverified",
      "proposal.problem.partnerPending",
      "proposal.problem.tooFewOrganizations",
    ]);
    const sectionOrder = [...new Set(sections.slice(4))];
    expect(sectionOrder).toEqual(SECTIONS.filter((s) => sectionOrder.includes(s)));
    expect(sectionOrder).toEqual([
      "basics",
      "problem",
      "activities",
      "roles",
      "outcomes",
      "schedule",
      "budget",
      "declaration",
    ]);
    expect(messages(problems)).toContain("proposal.problem.declaration");
  });
});

describe("receiptPrefix and receiptNumber", () => {
  it("takes the year in Japan: 2026-12-31T15:00Z is already 2027", () => {
    expect(receiptPrefix(new Date("2026-12-31T14:59:59.999Z"), "コラボ")).toBe("2026-コラボ");
    expect(receiptPrefix(new Date("2026-12-31T15:00:00.000Z"), "コラボ")).toBe("2027-コラボ");
    expect(receiptPrefix(new Date("2027-01-01T08:59:59.999Z"), "未来創造")).toBe("2027-未来創造");
  });

  it("property: the year is always the calendar year in Asia/Tokyo", () => {
    const tokyoYear = (d: Date) =>
      new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo", year: "numeric" }).format(d);
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true }),
        (d) => {
          expect(receiptPrefix(d, "コラボ")).toBe(`${tokyoYear(d)}-コラボ`);
        },
      ),
    );
  });

  it("pads the number to four digits and never cuts a larger one", () => {
    expect(receiptNumber("2026-コラボ", 1)).toBe("2026-コラボ-0001");
    expect(receiptNumber("2026-コラボ", 42)).toBe("2026-コラボ-0042");
    expect(receiptNumber("2026-コラボ", 9999)).toBe("2026-コラボ-9999");
    expect(receiptNumber("2026-コラボ", 12345)).toBe("2026-コラボ-12345");
  });

  it("property: receipt numbers sort in the order they were given within a prefix (up to 9999)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9998 }), fc.integer({ min: 1, max: 9999 }), (a, b) => {
        fc.pre(a < b);
        expect(receiptNumber("2026-コラボ", a) < receiptNumber("2026-コラボ", b)).toBe(true);
      }),
    );
  });
});

describe("guided writing: the order of the sections and the progress", () => {
  it("goes through the sections in order, and after the last to the confirmation page (null)", () => {
    expect(SECTIONS.map(nextSection)).toEqual([...SECTIONS.slice(1), null]);
  });

  it("counts a section complete only when nothing in it is missing", () => {
    const team = ["assoc", "npo"];
    expect(completeSections(EMPTY_SECTIONS, team, collabo)).toEqual([]);
    const written = writtenSections(team, {
      lines: [{ item: "講師", category: "honoraria", amount: 100_000, note: "" }],
      ownFunds: 0,
      requested: 100_000,
    });
    expect(completeSections(written, team, collabo)).toEqual([...SECTIONS]);
    // A partner joining leaves the roles section with a gap until its role is written.
    expect(completeSections(written, [...team, "biz"], collabo)).toEqual(SECTIONS.filter((s) => s !== "roles"));
  });
});
