import * as v from "valibot";
import { requiredText } from "./schema-pieces";
import { yenAmount } from "./yen-amount";

// The forms of a project's management page (/projects/:id/manage). Messages are catalog keys.

const spent = yenAmount("proposal.validation.amount", { emptyIsZero: true });

/**
 * The team's report on one milestone. `hasPhoto` says whether a file came with it: then its
 * description, the alt text for people who cannot see it, is required.
 */
export const milestoneReportSchema = v.pipe(
  v.object({
    milestoneId: v.pipe(v.string(), v.uuid()),
    body: requiredText(4000, "validation.report"),
    excerpt: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(1000)), ""),
    spent,
    hasPhoto: v.boolean(),
    photoDescription: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200, "validation.photoDescription")), ""),
  }),
  v.forward(
    v.partialCheck(
      [["hasPhoto"], ["photoDescription"]],
      (input) => !input.hasPhoto || input.photoDescription !== "",
      "validation.photoDescription",
    ),
    ["photoDescription"],
  ),
);

/** Staff approving or returning a report (a returned report needs its comment: checked by the action). */
export const reportDecisionSchema = v.object({
  reportId: v.pipe(v.string(), v.uuid()),
  comment: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(2000)), ""),
});

/** The final report: one amount spent per budget line, and the team's own evaluation. */
export const finalReportSchema = v.object({
  selfEvaluation: requiredText(4000, "final.validation.selfEvaluation"),
  spent: v.array(spent),
});

/** Staff moving a planned milestone or correcting its title. */
export const milestoneAdjustSchema = v.object({
  milestoneId: v.pipe(v.string(), v.uuid()),
  title: v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(200)),
  dueOn: v.pipe(v.string(), v.isoDate()),
});

/** Staff recording whether a multi-year project goes on into year 2, 3…. */
export const continuationSchema = v.object({
  year: v.pipe(v.string(), v.regex(/^\d{1,2}$/), v.transform(Number), v.minValue(2)),
  decision: v.picklist(["continue", "stop"]),
  note: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(2000)), ""),
});

/** The form input a valibot issue is about: "body", or "spent-0" for the first budget line. */
export function issueField(issue: v.BaseIssue<unknown>): string {
  return (v.getDotPath(issue) ?? "").replace(".", "-");
}
