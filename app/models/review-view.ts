import type { OrganizationKind } from "../../db/schema";
import type { Budget, Outcomes, PlannedMilestone, SectionContent } from "./proposal-rules";

/** 団体A, 団体B …: the letters reviewers see instead of applicants' names where a theme hides them. */
export const partnerLetter = (i: number) => String.fromCharCode(65 + (i % 26));

export interface ReviewerProposalView {
  summary: string;
  /** Null where names are hidden. */
  contact: { name: string; email: string; phone: string } | null;
  problem: string;
  activities: string;
  partners: { key: string; name: string; kind: OrganizationKind }[];
  roles: { key: string; text: string }[];
  outcomes: Outcomes;
  schedule: PlannedMilestone[];
  budget: Budget;
}

/**
 * The proposal as a reviewer receives it: every section, the organisations keyed by their letter
 * (never their id: an id could be looked up on the public directory and undo the anonymity), and
 * where the theme hides names, letters for names and no contact person.
 */
export function reviewerProposalView(
  loaded: {
    content: SectionContent;
    partners: { organizationId: string; name: string; kind: OrganizationKind; status: string }[];
  },
  options: { anonymous: boolean; anonymousName: (letter: string) => string },
): ReviewerProposalView {
  const { content } = loaded;
  const team = loaded.partners.filter((p) => p.status === "accepted").map((p, i) => ({ ...p, key: partnerLetter(i) }));
  return {
    summary: content.basics.summary,
    contact: options.anonymous
      ? null
      : { name: content.basics.contactName, email: content.basics.contactEmail, phone: content.basics.contactPhone },
    problem: content.problem.text,
    activities: content.activities.text,
    partners: team.map((p) => ({
      key: p.key,
      name: options.anonymous ? options.anonymousName(p.key) : p.name,
      kind: p.kind,
    })),
    roles: team.map((p) => ({ key: p.key, text: content.roles.roles[p.organizationId] ?? "" })),
    outcomes: content.outcomes,
    schedule: content.schedule.milestones,
    budget: content.budget,
  };
}
