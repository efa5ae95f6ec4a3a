import * as v from "valibot";
import { parseTokyoDateTime } from "~/utils/japan-time";
import { ACTIVITY_FIELDS, ORGANIZATION_KINDS } from "./reference-data";
import { requiredText } from "./schema-pieces";
import { MAX_CRITERIA } from "./theme-rules";
import { yenDigits } from "./yen-amount";

const integer = (min: number, max: number, message: string) =>
  v.pipe(
    v.string(message),
    v.transform(yenDigits),
    v.regex(/^\d{1,9}$/, message),
    v.transform(Number),
    v.check((n) => n >= min && n <= max, message),
  );

const optionalList = <T extends readonly string[]>(options: T) =>
  v.pipe(
    v.optional(v.union([v.picklist(options), v.array(v.picklist(options))]), []),
    v.transform((value) => (Array.isArray(value) ? value : [value])),
  );

const tokyoDateTime = (message: string) =>
  v.pipe(
    v.string(message),
    v.transform((s) => parseTokyoDateTime(s.trim())),
    v.check((d) => d !== null, message),
    v.transform((d) => d as Date),
  );

const criterionRow = v.object({
  name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100, "validation.criterion.name"))),
  description: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(1000, "validation.text.long"))),
  weight: v.optional(integer(0, 1000, "validation.criterion.weight")),
  maxScore: v.optional(integer(0, 1000, "validation.criterion.maxScore")),
});

export const themeSchema = v.pipe(
  v.object({
    courseId: v.pipe(v.string("validation.theme.course"), v.nonEmpty("validation.theme.course")),
    title: requiredText(120, "validation.theme.title"),
    summary: requiredText(500, "validation.theme.summary"),
    background: requiredText(5000, "validation.theme.text"),
    expectations: requiredText(5000, "validation.theme.text"),
    department: requiredText(100, "validation.theme.department"),
    contact: requiredText(300, "validation.theme.contact"),
    fields: optionalList(ACTIVITY_FIELDS),
    grantCapPerYear: integer(0, 100_000_000, "validation.theme.amount"),
    grantCapTotal: integer(0, 300_000_000, "validation.theme.amount"),
    subsidyRatePercent: integer(1, 100, "validation.theme.rate"),
    durationYears: integer(1, 5, "validation.theme.years"),
    awardsPlanned: integer(1, 100, "validation.theme.awards"),
    reservedSlots: v.optional(integer(0, 100, "validation.theme.reserved"), "0"),
    reservedForKind: v.optional(v.picklist(ORGANIZATION_KINDS)),
    requiredKinds: optionalList(ORGANIZATION_KINDS),
    minOrganizations: integer(1, 20, "validation.theme.minOrganizations"),
    declaration: requiredText(2000, "validation.theme.declaration"),
    opensAt: tokyoDateTime("validation.theme.datetime"),
    closesAt: tokyoDateTime("validation.theme.datetime"),
    criteria: v.optional(v.pipe(v.array(criterionRow), v.maxLength(MAX_CRITERIA)), []),
    reviewStages: v.pipe(v.optional(v.picklist(["1", "2"]), "1"), v.transform(Number)),
    hideNames: v.pipe(
      v.optional(v.literal("on")),
      v.transform((value) => value === "on"),
    ),
    minReviewers: v.optional(integer(1, 20, "validation.theme.minReviewers"), "2"),
    version: v.optional(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number))),
  }),
  v.forward(
    v.check((t) => t.closesAt > t.opensAt, "validation.theme.window"),
    ["closesAt"],
  ),
  v.forward(
    v.check((t) => t.grantCapTotal >= t.grantCapPerYear, "validation.theme.capTotal"),
    ["grantCapTotal"],
  ),
  v.forward(
    v.check((t) => t.reservedSlots <= t.awardsPlanned, "validation.theme.reservedTooMany"),
    ["reservedSlots"],
  ),
);

type ParsedTheme = v.InferOutput<typeof themeSchema>;

/** What the theme form holds before parsing: text as typed, criteria as rows of text. */
export type ThemeFormValues = {
  [K in keyof v.InferInput<typeof themeSchema>]?: K extends "criteria" ? Record<string, string>[] : string | string[];
};
/** The review settings default to one stage, names shown and two reviewers, so callers may leave them out. */
export type ThemeInput = Omit<ParsedTheme, "reviewStages" | "hideNames" | "minReviewers"> &
  Partial<Pick<ParsedTheme, "reviewStages" | "hideNames" | "minReviewers">>;

export const questionSchema = v.object({ question: requiredText(2000, "validation.question") });
export const answerSchema = v.object({
  questionId: v.pipe(v.string(), v.uuid()),
  answer: requiredText(4000, "validation.answer"),
});
export const consultationSchema = v.object({
  subject: requiredText(100, "validation.consultation.subject"),
  message: requiredText(4000, "validation.message"),
});
