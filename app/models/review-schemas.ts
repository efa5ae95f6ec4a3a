import * as v from "valibot";
import { parseTokyoDateTime } from "../utils/japan-time";

// The forms of staff's review page for a theme (/staff/themes/:id/review).

/** The address of a reviewer to assign (an unknown address is invited). */
export const reviewerEmailSchema = v.pipe(v.string(), v.trim(), v.email());

export const reviewerIdSchema = v.pipe(v.string(), v.uuid());

/** The day reviews are due, or "" for none. */
export const reviewDeadlineSchema = v.union([v.literal(""), v.pipe(v.string(), v.isoDate())]);

/** A proposal moved to (1) or back from (0) the second round. */
export const advanceSchema = v.object({ proposalId: v.pipe(v.string(), v.uuid()), advanced: v.picklist(["0", "1"]) });

/** A proposal whose own text names its organisations (1), or no longer (0), where names are hidden. */
export const namesFlagSchema = v.object({ proposalId: v.pipe(v.string(), v.uuid()), flagged: v.picklist(["0", "1"]) });

/** The presentation round: when (a date and time in Japan) and where. */
export const presentationSchema = v.object({
  presentationAt: v.pipe(
    v.string(),
    v.transform((value) => parseTokyoDateTime(value.trim())),
    v.custom<Date>((value) => value instanceof Date),
  ),
  presentationPlace: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
});
