import { policy } from "./policy";

/** How someone stands to a funded project: a member of a partner organisation, or ward staff. */
export type ProjectAccess = "team" | "staff";
export type ProjectAction = "read" | "report" | "decide";

/**
 * The team reports (milestone reports, the final report); staff decide on them, adjust milestones
 * and record continuations. Staff who are also on the team act as the team: they never approve
 * their own project's reports.
 */
export const can = policy<ProjectAccess, ProjectAction>({
  read: ["team", "staff"],
  report: ["team"],
  decide: ["staff"],
});
