import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SectionContent, SectionKey } from "~/models/proposal-rules";
import { parseSection } from "~/models/proposal-schemas";

/** FormData as a browser sends it: every input of the form, empty ones as "". */
function form(entries: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(entries)) data.append(name, value);
  return data;
}

/** Rows as the page renders them: spare rows included, every input present. */
function rows(name: string, fields: string[], filled: Record<string, string>[], total: number) {
  const entries: Record<string, string> = {};
  for (let i = 0; i < total; i++) {
    for (const field of fields) entries[`${name}[${i}].${field}`] = filled[i]?.[field] ?? "";
  }
  return entries;
}

/** The parsed section; the test fails with the errors when the form is refused. */
function saved<K extends SectionKey>(key: K, entries: Record<string, string>): SectionContent[K] {
  const parsed = parseSection(key, form(entries));
  if (!parsed.ok) throw new Error(`refused: ${JSON.stringify(parsed.reply.error)}`);
  return parsed.content;
}

/** The field errors of a refused form. */
function refused(key: SectionKey, entries: Record<string, string>): Record<string, string[] | null> {
  const parsed = parseSection(key, form(entries));
  expect(parsed.ok).toBe(false);
  if (parsed.ok) return {};
  return (parsed.reply.error ?? {}) as Record<string, string[] | null>;
}

const budgetFields = ["item", "category", "amount", "note"];
const emptyBasics = { title: "", summary: "", contactName: "", contactEmail: "", contactPhone: "" };

describe("parseSection: basics", () => {
  it("saves an empty form as empty strings, not errors (a draft may be unfinished)", () => {
    expect(saved("basics", emptyBasics)).toEqual(emptyBasics);
  });

  it("trims text, normalises a full-width phone number and keeps the e-mail", () => {
    expect(
      saved("basics", {
        title: "  見守りの担い手を増やす  ",
        summary: "町会とNPOが組みます。",
        contactName: "練馬 花子",
        contactEmail: " hanako@example.jp ",
        contactPhone: "０３-５９８４-１１１１",
      }),
    ).toEqual({
      title: "見守りの担い手を増やす",
      summary: "町会とNPOが組みます。",
      contactName: "練馬 花子",
      contactEmail: "hanako@example.jp",
      contactPhone: "03-5984-1111",
    });
  });

  it("refuses a malformed e-mail or phone number, and an over-long title, each at its field", () => {
    const errors = refused("basics", {
      ...emptyBasics,
      title: "題".repeat(121),
      contactEmail: "not-an-address",
      contactPhone: "電話してください",
    });
    expect(errors.title).toEqual(["validation.text.tooLong"]);
    expect(errors.contactEmail).toEqual(["validation.email.invalid"]);
    expect(errors.contactPhone).toEqual(["validation.phone"]);
    expect(errors.summary).toBeUndefined();
  });

  it("accepts a title of exactly 120 characters", () => {
    expect(saved("basics", { ...emptyBasics, title: "題".repeat(120) }).title).toHaveLength(120);
  });
});

describe("parseSection: problem and activities", () => {
  it("saves empty text as an empty string and trims text", () => {
    expect(saved("problem", { text: "" })).toEqual({ text: "" });
    expect(saved("activities", { text: "  講座を開きます。\n" })).toEqual({ text: "講座を開きます。" });
  });

  it("refuses text over 4000 characters", () => {
    expect(saved("problem", { text: "あ".repeat(4000) }).text).toHaveLength(4000);
    expect(refused("problem", { text: "あ".repeat(4001) }).text).toEqual(["validation.text.tooLong"]);
  });
});

describe("parseSection: roles", () => {
  it("keeps one role per organisation id, an empty one as an empty string", () => {
    expect(saved("roles", { "roles.org-a": " 会場を用意します ", "roles.org-b": "" })).toEqual({
      roles: { "org-a": "会場を用意します", "org-b": "" },
    });
  });

  it("saves no roles at all as an empty record", () => {
    expect(saved("roles", {})).toEqual({ roles: {} });
  });
});

describe("parseSection: budget", () => {
  it("parses full-width digits, thousands separators and 円, and drops fully empty rows", () => {
    const content = saved("budget", {
      ...rows(
        "lines",
        budgetFields,
        [
          { item: "講師謝礼", category: "honoraria", amount: "１２０,０００", note: "6回分" },
          { item: "チラシ", category: "printing", amount: "30,000円", note: "" },
          { item: "会場費", category: "rental", amount: "５０，０００円", note: "" },
        ],
        10,
      ),
      requested: "120,000",
      ownFunds: "８０,０００",
    });
    expect(content).toEqual({
      lines: [
        { item: "講師謝礼", category: "honoraria", amount: 120_000, note: "6回分" },
        { item: "チラシ", category: "printing", amount: 30_000, note: "" },
        { item: "会場費", category: "rental", amount: 50_000, note: "" },
      ],
      requested: 120_000,
      ownFunds: 80_000,
    });
  });

  it("treats empty requested and own-funds inputs as zero", () => {
    expect(saved("budget", { ...rows("lines", budgetFields, [], 10), requested: "", ownFunds: "" })).toEqual({
      lines: [],
      requested: 0,
      ownFunds: 0,
    });
  });

  it("keeps the remaining rows' positions in the error keys after a fully empty row", () => {
    const errors = refused("budget", {
      ...rows(
        "lines",
        budgetFields,
        [{ item: "講師謝礼", category: "honoraria", amount: "10000" }, {}, { item: "チラシ", category: "printing" }],
        4,
      ),
      requested: "0",
      ownFunds: "0",
    });
    expect(errors).toEqual({ "lines[2].amount": ["proposal.validation.rowIncomplete"] });
  });

  it("refuses a half-filled row with an error keyed by row and field", () => {
    const errors = refused("budget", {
      ...rows(
        "lines",
        budgetFields,
        [
          { item: "講師謝礼", category: "honoraria", amount: "10000" },
          { item: "チラシ", category: "", amount: "", note: "" },
        ],
        3,
      ),
      requested: "10000",
      ownFunds: "0",
    });
    expect(errors["lines[1].amount"]).toEqual(["proposal.validation.rowIncomplete"]);
    expect(errors["lines[1].category"]).toEqual(["proposal.validation.rowIncomplete"]);
    expect(errors["lines[1].item"]).toBeUndefined();
    expect(Object.keys(errors).some((k) => k.startsWith("lines[0]"))).toBe(false);
  });

  it("counts a row with only an amount or only a note as started", () => {
    expect(
      Object.keys(
        refused("budget", { ...rows("lines", budgetFields, [{ amount: "5000" }], 1), requested: "", ownFunds: "" }),
      ).sort(),
    ).toEqual(["lines[0].category", "lines[0].item"]);
    expect(
      Object.keys(
        refused("budget", { ...rows("lines", budgetFields, [{ note: "メモ" }], 1), requested: "", ownFunds: "" }),
      ).sort(),
    ).toEqual(["lines[0].amount", "lines[0].category", "lines[0].item"]);
  });

  it("refuses amounts that are not whole yen, negative, or over nine digits, and an unknown category", () => {
    for (const amount of ["1.5", "-100", "1234567890", "１０万", "abc"]) {
      const errors = refused("budget", {
        ...rows("lines", budgetFields, [{ item: "備品", category: "supplies", amount }], 1),
        requested: "0",
        ownFunds: "0",
      });
      expect(errors["lines[0].amount"], amount).toEqual(["proposal.validation.amount"]);
    }
    expect(refused("budget", { requested: "-1", ownFunds: "0" }).requested).toEqual(["proposal.validation.amount"]);
    expect(
      refused("budget", {
        ...rows("lines", budgetFields, [{ item: "備品", category: "food", amount: "100" }], 1),
        requested: "0",
        ownFunds: "0",
      })["lines[0].category"],
    ).toEqual(["proposal.validation.category"]);
  });

  it("refuses a row index far beyond the form's rows without building the array", () => {
    const started = Date.now();
    let thrown: unknown;
    try {
      parseSection("budget", form({ "lines[10000000].item": "a" }));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(400);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("accepts 999,999,999 yen, the largest nine-digit amount", () => {
    const content = saved("budget", {
      ...rows("lines", budgetFields, [{ item: "大型備品", category: "supplies", amount: "999,999,999" }], 1),
      requested: "999999999",
      ownFunds: "0",
    });
    expect(content.lines[0].amount).toBe(999_999_999);
  });

  it("property: any integer amount written with commas, full-width digits or 円 parses to itself", () => {
    const toFullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (n, commas, fullWidth, yen) => {
          let text = commas ? n.toLocaleString("en-US") : String(n);
          if (fullWidth) text = toFullWidth(text);
          if (yen) text += "円";
          const content = saved("budget", {
            ...rows("lines", budgetFields, [{ item: "項目", category: "other", amount: text }], 1),
            requested: text,
            ownFunds: "",
          });
          expect(content.lines[0].amount).toBe(n);
          expect(content.requested).toBe(n);
        },
      ),
    );
  });
});

describe("parseSection: schedule", () => {
  const fields = ["title", "date", "deliverable"];

  it("keeps started rows, drops empty ones, and fills an empty deliverable with an empty string", () => {
    expect(
      saved(
        "schedule",
        rows(
          "milestones",
          fields,
          [
            {},
            { title: "第1回講座", date: "2027-05-01", deliverable: "" },
            {},
            { title: "報告会", date: "2028-02-20", deliverable: "報告書" },
          ],
          6,
        ),
      ),
    ).toEqual({
      milestones: [
        { title: "第1回講座", date: "2027-05-01", deliverable: "" },
        { title: "報告会", date: "2028-02-20", deliverable: "報告書" },
      ],
    });
  });

  it("refuses a milestone without a date or without a title, keyed by row", () => {
    const errors = refused(
      "schedule",
      rows(
        "milestones",
        fields,
        [{ title: "第1回講座", date: "2027-05-01" }, { title: "報告会" }, { date: "2027-06-01" }],
        6,
      ),
    );
    expect(errors).toEqual({
      "milestones[1].date": ["proposal.validation.rowIncomplete"],
      "milestones[2].title": ["proposal.validation.rowIncomplete"],
    });
  });

  it("refuses a date that is not YYYY-MM-DD", () => {
    expect(refused("schedule", rows("milestones", fields, [{ title: "講座", date: "2027/05/01" }], 1))).toEqual({
      "milestones[0].date": ["proposal.validation.date"],
    });
  });

  it("refuses a calendar date that does not exist (2027-02-30)", () => {
    const errors = refused("schedule", { "milestones[0].title": "説明会", "milestones[0].date": "2027-02-30" });
    expect(errors["milestones[0].date"]).toEqual(["proposal.validation.date"]);
  });

  it("saves no milestones as an empty list", () => {
    expect(saved("schedule", rows("milestones", fields, [], 6))).toEqual({ milestones: [] });
  });
});

describe("parseSection: outcomes", () => {
  const fields = ["name", "target"];

  it("keeps indicators with a name, an empty target as an empty string, and drops empty rows", () => {
    expect(
      saved("outcomes", {
        text: "担い手が増えます。",
        ...rows(
          "indicators",
          fields,
          [{ name: "新しい担い手", target: "" }, {}, { name: "参加者", target: "100人" }],
          5,
        ),
      }),
    ).toEqual({
      text: "担い手が増えます。",
      indicators: [
        { name: "新しい担い手", target: "" },
        { name: "参加者", target: "100人" },
      ],
    });
  });

  it("refuses an indicator with a target but no name, keyed like indicators[1].name", () => {
    expect(
      refused("outcomes", {
        text: "",
        ...rows("indicators", fields, [{ name: "参加者", target: "100人" }, { target: "50%" }], 5),
      }),
    ).toEqual({ "indicators[1].name": ["proposal.validation.rowIncomplete"] });
  });

  it("saves an empty form as empty text and no indicators", () => {
    expect(saved("outcomes", { text: "", ...rows("indicators", fields, [], 5) })).toEqual({ text: "", indicators: [] });
  });
});

describe("parseSection: declaration", () => {
  it("is accepted only when the box is ticked", () => {
    expect(saved("declaration", { accepted: "on" })).toEqual({ accepted: true });
    // An unticked checkbox sends nothing.
    expect(saved("declaration", {})).toEqual({ accepted: false });
  });

  it("refuses any other value than the checkbox's", () => {
    expect(refused("declaration", { accepted: "yes" }).accepted).toBeTruthy();
  });
});
