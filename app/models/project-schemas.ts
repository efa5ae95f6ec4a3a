import * as v from "valibot";
import { optionalText, requiredText } from "./schema-pieces";
import { yenAmount } from "./yen-amount";

// The forms of a project's management page (/projects/:id/manage), checked by the same schema in
// the browser and on the server. Messages are catalog keys.

const spent = v.optional(yenAmount("proposal.validation.amount", { emptyIsZero: true }), "0");
const id = v.pipe(v.string(), v.uuid());

/** A file was chosen: an empty one counts as none, as the upload code reads it. */
export function hasPhoto(photo: File | undefined): photo is File {
  return photo !== undefined && photo.size > 0;
}

/**
 * The team's report on one milestone, with a photo or document if they like. With a file, its
 * description, the alt text for people who cannot see it, is required. The file itself (its size,
 * its type read from its content) is checked by the upload code on the server.
 */
export const milestoneReportSchema = v.pipe(
  v.object({
    milestoneId: id,
    body: requiredText(4000, "validation.report"),
    excerpt: optionalText(1000, "validation.text.tooLong"),
    spent,
    photo: v.optional(v.file()),
    photoDescription: optionalText(200, "validation.photoDescription"),
    photoPublic: v.optional(v.string()),
  }),
  v.forward(
    v.partialCheck(
      [["photo"], ["photoDescription"]],
      (input) => !hasPhoto(input.photo) || !!input.photoDescription,
      "validation.photoDescription",
    ),
    ["photoDescription"],
  ),
);

/** Staff approving or returning a milestone report: a returned report needs its reason. */
export const reportDecisionSchema = v.pipe(
  v.object({
    intent: v.picklist(["approve", "return"]),
    reportId: id,
    milestoneId: id,
    comment: optionalText(2000, "validation.text.tooLong"),
  }),
  v.forward(
    v.partialCheck(
      [["intent"], ["comment"]],
      (input) => input.intent !== "return" || !!input.comment,
      "validation.comment",
    ),
    ["comment"],
  ),
);

/**
 * The final report: what each indicator achieved (cut at 500 characters), the amount spent on each
 * budget line (`spent[0]`… in the plan's order), and the team's own evaluation.
 */
export const finalReportSchema = v.object({
  achieved: v.optional(
    v.array(
      v.optional(
        v.pipe(
          v.string(),
          v.trim(),
          v.transform((s) => s.slice(0, 500)),
        ),
      ),
    ),
    [],
  ),
  spent: v.optional(v.array(spent), []),
  selfEvaluation: requiredText(4000, "final.validation.selfEvaluation"),
});

/** Staff accepting or returning the final report: a returned one needs its reason. */
export const finalDecisionSchema = v.pipe(
  v.object({
    intent: v.picklist(["acceptFinal", "returnFinal"]),
    comment: optionalText(2000, "validation.text.tooLong"),
  }),
  v.forward(
    v.partialCheck(
      [["intent"], ["comment"]],
      (input) => input.intent !== "returnFinal" || !!input.comment,
      "validation.comment",
    ),
    ["comment"],
  ),
);

/** Staff moving a planned milestone or correcting its title. */
export const milestoneAdjustSchema = v.object({
  milestoneId: id,
  title: requiredText(200, "adjust.validation"),
  dueOn: v.pipe(v.string("adjust.validation"), v.isoDate("adjust.validation")),
});

/** Staff recording whether a project of `durationYears` years goes on into year 2, 3…. */
export function continuationSchema(durationYears: number) {
  return v.object({
    year: v.pipe(
      v.string("continuation.validation"),
      v.regex(/^\d{1,2}$/, "continuation.validation"),
      v.transform(Number),
      v.minValue(2, "continuation.validation"),
      v.maxValue(durationYears, "continuation.validation"),
    ),
    decision: v.picklist(["continue", "stop"], "continuation.validation"),
    note: optionalText(2000, "validation.text.tooLong"),
  });
}
