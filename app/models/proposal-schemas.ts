import * as v from "valibot";
import { parseSubmission } from "../utils/submission.server";
import { BUDGET_CATEGORIES, type BudgetCategory, type SectionContent, type SectionKey } from "./proposal-rules";
import { yenAmount } from "./yen-amount";

// Saving a section accepts unfinished work (completeness is shown separately); it refuses only
// what is malformed, each message next to its field. Empty inputs arrive as undefined (Conform),
// and a "" default would be turned back into undefined: optional fields take no default here,
// `orEmpty` fills them in after parsing.
const optionalText = (max: number) =>
  v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max, "validation.text.tooLong")));
const amount = yenAmount("proposal.validation.amount");

/** YYYY-MM-DD naming a day that exists (valibot's isoDate checks the pattern only: 2027-02-30 passes). */
function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const schemas = {
  basics: v.object({
    title: optionalText(120),
    summary: optionalText(1000),
    contactName: optionalText(50),
    contactEmail: v.optional(v.pipe(v.string(), v.trim(), v.email("validation.email.invalid"))),
    contactPhone: v.optional(
      v.pipe(
        v.string(),
        v.transform((s) => s.normalize("NFKC").trim()),
        v.regex(/^[0-9+][0-9-]{8,15}$/, "validation.phone"),
      ),
    ),
  }),
  problem: v.object({ text: optionalText(4000) }),
  activities: v.object({ text: optionalText(4000) }),
  roles: v.object({ roles: v.optional(v.record(v.string(), optionalText(1000)), {}) }),
  outcomes: v.object({
    text: optionalText(4000),
    indicators: v.optional(v.array(v.object({ name: optionalText(100), target: optionalText(100) })), []),
  }),
  schedule: v.object({
    milestones: v.optional(
      v.array(
        v.object({
          title: optionalText(100),
          date: v.optional(v.pipe(v.string(), v.check(isRealDate, "proposal.validation.date"))),
          deliverable: optionalText(200),
        }),
      ),
      [],
    ),
  }),
  budget: v.object({
    lines: v.optional(
      v.array(
        v.object({
          item: optionalText(100),
          category: v.optional(v.picklist(BUDGET_CATEGORIES, "proposal.validation.category")),
          amount: v.optional(amount),
          note: optionalText(200),
        }),
      ),
      [],
    ),
    ownFunds: v.optional(amount, "0"),
    requested: v.optional(amount, "0"),
  }),
  declaration: v.object({ accepted: v.optional(v.literal("on")) }),
};

type RowErrors = Record<string, string[]>;

/** Undefined (an empty input) becomes "", in objects and arrays alike. */
function orEmpty<T>(value: T): T {
  if (value === undefined) return "" as T;
  if (Array.isArray(value)) return value.map(orEmpty) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, item]) => [k, orEmpty(item)])) as T;
  }
  return value;
}

/** Keeps rows with any content; a started row must be finished. Errors are keyed by field name. */
function keepRows<T extends Record<string, unknown>>(
  rows: T[],
  name: string,
  required: (keyof T)[],
  errors: RowErrors,
): T[] {
  const kept: T[] = [];
  rows.forEach((row, i) => {
    const filled = Object.values(row).some((value) => value !== "" && value !== undefined);
    if (!filled) return;
    for (const field of required) {
      if (row[field] === "" || row[field] === undefined)
        errors[`${name}[${i}].${String(field)}`] = ["proposal.validation.rowIncomplete"];
    }
    kept.push(row);
  });
  return kept;
}

export function parseSection<K extends SectionKey>(key: K, formData: FormData) {
  const submission = parseSubmission(formData, { schema: schemas[key] as v.GenericSchema });
  if (submission.status !== "success") return { ok: false as const, reply: submission.reply() };
  const value = orEmpty(submission.value) as Record<string, unknown>;
  const errors: RowErrors = {};
  let content: SectionContent[SectionKey];
  switch (key) {
    case "outcomes": {
      // After orEmpty every text is a string.
      const o = value as { text: string; indicators: { name: string; target: string }[] };
      content = { text: o.text, indicators: keepRows(o.indicators, "indicators", ["name"], errors) };
      break;
    }
    case "schedule": {
      const s = value as { milestones: { title: string; date: string; deliverable: string }[] };
      content = { milestones: keepRows(s.milestones, "milestones", ["title", "date"], errors) };
      break;
    }
    case "budget": {
      const b = value as v.InferOutput<typeof schemas.budget>;
      const lines = keepRows(b.lines, "lines", ["item", "category", "amount"], errors).map((l) => ({
        item: l.item ?? "",
        category: (l.category || "other") as BudgetCategory,
        amount: typeof l.amount === "number" ? l.amount : 0,
        note: l.note ?? "",
      }));
      content = { lines, ownFunds: b.ownFunds, requested: b.requested };
      break;
    }
    case "declaration":
      content = { accepted: (value as { accepted?: string }).accepted === "on" };
      break;
    case "roles":
      content = { roles: (value as { roles: Record<string, string> }).roles };
      break;
    default:
      content = value as unknown as SectionContent[SectionKey];
  }
  if (Object.keys(errors).length) return { ok: false as const, reply: submission.reply({ fieldErrors: errors }) };
  return { ok: true as const, submission, content: content as SectionContent[K] };
}

export const partnerInviteSchema = v.object({
  organizationId: v.pipe(v.string("proposal.validation.partner"), v.uuid("proposal.validation.partner")),
});

/** The organisation an invitation is answered for, or a partner removed. */
export const partnerOrganizationSchema = v.pipe(v.string(), v.uuid());
