/**
 * The staff's review pages check their forms on the server only (review-progress.tsx): their
 * schemas reach the routes through this server module, which the browser's build leaves out, so
 * those pages load no validation library.
 */
import * as v from "valibot";

export {
  advanceSchema,
  assignReviewerSchema,
  decisionSchema,
  namesFlagSchema,
  presentationSchema,
  reviewDeadlineSchema,
  reviewerIdSchema,
} from "~/models/review-schemas";

export const uuid = v.pipe(v.string(), v.uuid());

/** valibot itself, for the routes' loaders and actions: imported from the route, it would reach the browser. */
export { v };
