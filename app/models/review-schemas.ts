import * as v from "valibot";
import { parseTokyoDateTime } from "../utils/japan-time";
import { optionalText } from "./schema-pieces";
import { yenAmount } from "./yen-amount";

// The forms of staff's review tools (/staff/themes/:id/review and a proposal's reviews page).
// Messages are catalog keys.

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
