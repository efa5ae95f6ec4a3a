import * as v from "valibot";
import type { Recommendation } from "../../db/schema";
import { parseTokyoDateTime } from "../utils/japan-time";
import { type CriterionWeight, type ReviewInput, saveProblems } from "./review-rules";
import { optionalText, requiredText } from "./schema-pieces";
import { yenAmount } from "./yen-amount";

// The forms of the review: a reviewer's score sheet (/reviews/:proposalId), staff's review tools
// (/staff/themes/:id/review and a proposal's reviews page). Messages are catalog keys.

export const RECOMMENDATIONS = ["fund", "fund_with_conditions", "do_not_fund"] as const satisfies Recommendation[];

/** The score sheet's buttons: save a draft or submit, and either then on to the next proposal. */
const SHEET_INTENTS = ["draft", "submit", "draft-next", "submit-next"] as const;

/** A score as typed (full-width digits and spaces are fine): its number, or none for anything but 1 to 3 digits. */
const scoreText = v.pipe(
  v.string(),
  v.transform((typed) => typed.normalize("NFKC").trim()),
  v.transform((typed) => (/^\d{1,3}$/.test(typed) ? Number(typed) : undefined)),
);

/** Text kept as typed, cut at `max` characters. */
const cutText = (max: number) =>
  v.pipe(
    v.string(),
    v.transform((typed) => typed.slice(0, max)),
  );

/**
 * A reviewer's score sheet for the theme's `criteria`: a score and a comment per criterion (named
 * `scores.<id>`, `comments.<id>`), the overall comment and the recommendation. As a draft, scores
 * may be left out but a score given is within its range; submitted, every criterion has its score
 * and a recommendation is chosen (saveProblems, which saveReview applies again before it writes).
 * Gives what saveReview takes, and what the button asked for.
 */
export function reviewSheetSchema(criteria: CriterionWeight[]) {
  return v.pipe(
    v.object({
      scores: v.optional(v.record(v.string(), scoreText), {}),
      comments: v.optional(v.record(v.string(), cutText(2000)), {}),
      overall: v.optional(cutText(4000)),
      recommendation: v.optional(v.string()),
      intent: v.optional(v.picklist(SHEET_INTENTS)),
    }),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const sheet = dataset.value;
      const review: ReviewInput = {
        scores: {},
        comments: {},
        overallComment: sheet.overall ?? "",
        recommendation: RECOMMENDATIONS.find((r) => r === sheet.recommendation) ?? null,
      };
      for (const c of criteria) {
        const score = sheet.scores[c.id];
        if (score !== undefined) review.scores[c.id] = score;
        review.comments[c.id] = sheet.comments[c.id] ?? "";
      }
      const submit = sheet.intent === "submit" || sheet.intent === "submit-next";
      const problems = saveProblems(criteria, review, submit);
      // Each problem at the field the form names ("scores.<id>", "recommendation"), where Conform shows it.
      for (const problem of problems) addIssue({ message: problem.message, path: fieldPath(sheet, problem.field) });
      if (problems.length) return NEVER;
      // "… and next": on to the next proposal of the reviewer's list.
      return { review, submit, onward: sheet.intent === "submit-next" || sheet.intent === "draft-next" };
    }),
  );
}

/** A score sheet as parsed: what saveReview takes, and what the button asked for. */
export type ReviewSheet = v.InferOutput<ReturnType<typeof reviewSheetSchema>>;

/** The path of a form field ("scores.<id>") through the parsed form, as valibot reports an issue's place. */
function fieldPath(form: Record<string, unknown>, field: string): [v.ObjectPathItem, ...v.ObjectPathItem[]] {
  const [first, ...rest] = field.split(".");
  const step = (input: Record<string, unknown>, key: string): v.ObjectPathItem => ({
    type: "object",
    origin: "value",
    input,
    key,
    value: input[key],
  });
  const path: [v.ObjectPathItem, ...v.ObjectPathItem[]] = [step(form, first)];
  for (const key of rest) {
    const parent = path[path.length - 1].value;
    path.push(step(parent && typeof parent === "object" ? (parent as Record<string, unknown>) : {}, key));
  }
  return path;
}

/** A reviewer's reason for stepping back from a proposal (a conflict of interest). */
export const conflictSchema = v.object({ reason: requiredText(500, "validation.reason") });

/** The address of a reviewer to assign (an unknown address is invited). */
export const assignReviewerSchema = v.object({
  email: v.pipe(v.string("validation.email.invalid"), v.trim(), v.email("validation.email.invalid")),
});

export const reviewerIdSchema = v.pipe(v.string(), v.uuid());

const isoDate = v.pipe(v.string(), v.isoDate());

/** The day reviews are due; left empty (or blank), none. */
export const reviewDeadlineSchema = v.object({
  deadline: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.check((day) => day === "" || v.is(isoDate, day), "staffReview.deadlineInvalid"),
    ),
  ),
});

/** A proposal moved to (1) or back from (0) the second round. */
export const advanceSchema = v.object({ proposalId: v.pipe(v.string(), v.uuid()), advanced: v.picklist(["0", "1"]) });

/** A proposal whose own text names its organisations (1), or no longer (0), where names are hidden. */
export const namesFlagSchema = v.object({ proposalId: v.pipe(v.string(), v.uuid()), flagged: v.picklist(["0", "1"]) });

/** The presentation round: when (a date and time in Japan) and where. */
export const presentationSchema = v.object({
  presentationAt: v.pipe(
    v.string("staffReview.presentInvalid"),
    v.transform((value) => parseTokyoDateTime(value.trim())),
    v.custom<Date>((value) => value instanceof Date, "staffReview.presentInvalid"),
  ),
  presentationPlace: v.pipe(
    v.string("staffReview.presentInvalid"),
    v.trim(),
    v.minLength(1, "staffReview.presentInvalid"),
    v.maxLength(200, "staffReview.presentInvalid"),
  ),
});

const DECISIONS = ["funded", "not_funded"] as const;

/** Staff's decision on one proposal (/staff/themes/:id/reviews/:proposalId); what they write is kept as typed. */
export const decisionSchema = v.pipe(
  v.object({
    // Neither button chosen sends nothing at all: optional here, required below, the message at the field.
    decision: v.optional(v.picklist(DECISIONS, "staffReview.invalid.decision")),
    amount: v.optional(yenAmount("staffReview.invalid.amount", { emptyIsZero: true }), "0"),
    conditions: optionalText(2000, "staffReview.invalid.conditions", { trim: false }),
    feedback: optionalText(4000, "staffReview.invalid.feedback", { trim: false }),
  }),
  v.forward(
    // A partial check runs even when other fields are wrong, so every problem shows at once.
    v.partialCheck([["decision"]], (input) => input.decision !== undefined, "staffReview.invalid.decision"),
    ["decision"],
  ),
  // Checked just above: there is a decision.
  v.transform((input) => ({ ...input, decision: input.decision as (typeof DECISIONS)[number] })),
);
