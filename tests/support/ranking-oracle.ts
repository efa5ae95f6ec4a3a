import { type Kysely, sql } from "kysely";
import { proposalOrganizationNames } from "~/models/organization-names.server";
import { exclusions } from "~/models/review-conflicts.server";
import type { ProposalStanding } from "~/models/review-rules";
import { reviewTotal } from "~/models/review-rules";
import { REVIEWABLE, type Stage, themeCriteria, themeForReview } from "~/models/reviews.server";
import type { Database } from "../../db/schema";

/**
 * The ranking worked out the plain way, in TypeScript, over every review read into memory: an
 * oracle for the tests only. The site ranks in one place, with SQL (app/models/ranking.server.ts);
 * this independent reckoning catches a filter or comparison changed there.
 */
/** Map.groupBy, which Node 20 lacks. */
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Population standard deviation: the reviewers of a proposal are all of its reviewers, not a sample. */
function standing(totals: number[], disagreementThreshold: number): ProposalStanding {
  if (totals.length === 0)
    return { count: 0, mean: null, standardDeviation: null, min: null, max: null, disagreement: false };
  const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
  const variance = totals.reduce((sum, t) => sum + (t - mean) ** 2, 0) / totals.length;
  const standardDeviation = Math.sqrt(variance);
  return {
    count: totals.length,
    mean,
    standardDeviation,
    min: Math.min(...totals),
    max: Math.max(...totals),
    disagreement: totals.length > 1 && standardDeviation > disagreementThreshold,
  };
}

export async function rankingTheSlowWay(db: Kysely<Database>, themeId: string, stage: Stage = 1) {
  const [theme, criteria, reviewers, proposals, reviews, excluded] = await Promise.all([
    themeForReview(db, themeId),
    themeCriteria(db, themeId),
    db
      .selectFrom("theme_reviewers as r")
      .innerJoin("users as u", "u.id", "r.user_id")
      .select(["u.id", "u.name", "u.email"])
      .where("r.theme_id", "=", themeId)
      .orderBy("u.name")
      .execute(),
    db
      .selectFrom("proposals as p")
      .leftJoin("decisions as d", "d.proposal_id", "p.id")
      .select([
        "p.id",
        "p.title",
        "p.status",
        "p.receipt_number",
        "p.requested_amount",
        "p.advanced",
        "d.decision",
        "d.amount as decision_amount",
        "d.conditions as decision_conditions",
        "d.feedback as decision_feedback",
        proposalOrganizationNames("p.id").as("organizations"),
        sql<
          string[]
        >`(select coalesce(array_agg(o.kind), '{}') from proposal_partners pp join organizations o on o.id = pp.organization_id where pp.proposal_id = p.id and pp.status = 'accepted')`.as(
          "kinds",
        ),
      ])
      .where("p.theme_id", "=", themeId)
      .where("p.status", "in", [...REVIEWABLE])
      .orderBy("p.receipt_number")
      .execute(),
    db
      .selectFrom("reviews as r")
      .innerJoin("proposals as p", "p.id", "r.proposal_id")
      .innerJoin("theme_reviewers as tr", (join) =>
        join.onRef("tr.theme_id", "=", "p.theme_id").onRef("tr.user_id", "=", "r.reviewer_id"),
      )
      .select(["r.proposal_id", "r.reviewer_id", "r.status", "r.scores"])
      .where("p.theme_id", "=", themeId)
      .where("r.stage", "=", stage)
      .execute(),
    exclusions(db, themeId),
  ]);
  if (!theme) return null;
  // The presentation round ranks only the proposals advanced to it, on its own scores.
  const inStage = stage === 2 ? proposals.filter((p) => p.advanced) : proposals;
  // Lookups by key, not by scanning: a theme may hold a thousand proposals, fifty reviewers and
  // several thousand reviews.
  const excludedFrom = new Map<string, Set<string>>();
  for (const e of excluded) {
    const reviewersOut = excludedFrom.get(e.proposalId) ?? new Set<string>();
    reviewersOut.add(e.reviewerId);
    excludedFrom.set(e.proposalId, reviewersOut);
  }
  const isExcluded = (reviewerId: string, proposalId: string) => excludedFrom.get(proposalId)?.has(reviewerId) ?? false;
  // A review by someone now excluded from the proposal (they joined one of its organisations after
  // submitting) no longer counts: not in the figures, not as done.
  const submitted = reviews.filter((r) => r.status === "submitted" && !isExcluded(r.reviewer_id, r.proposal_id));
  const submittedFor = groupBy(submitted, (r) => r.proposal_id);
  const ranking = inStage
    .map(({ decision, decision_amount, decision_conditions, decision_feedback, ...p }) => {
      const mine = submittedFor.get(p.id) ?? [];
      const out = excludedFrom.get(p.id);
      return {
        ...p,
        kinds: p.kinds ?? [],
        standing: standing(
          mine.map((r) => reviewTotal(criteria, r.scores)),
          theme.disagreement_threshold,
        ),
        submittedBy: mine.map((r) => r.reviewer_id),
        due: out ? reviewers.filter((r) => !out.has(r.id)).length : reviewers.length,
        decision: decision
          ? {
              decision,
              amount: decision_amount ?? 0,
              conditions: decision_conditions ?? "",
              feedback: decision_feedback ?? "",
            }
          : null,
      };
    })
    .sort((a, b) => (b.standing.mean ?? -1) - (a.standing.mean ?? -1));
  const doneBy = groupBy(submitted, (r) => r.reviewer_id);
  const excludedCount = new Map<string, number>();
  for (const p of inStage) {
    for (const reviewerId of excludedFrom.get(p.id) ?? []) {
      excludedCount.set(reviewerId, (excludedCount.get(reviewerId) ?? 0) + 1);
    }
  }
  const progress = reviewers.map((r) => ({
    ...r,
    due: inStage.length - (excludedCount.get(r.id) ?? 0),
    done: doneBy.get(r.id)?.length ?? 0,
  }));
  return { theme, criteria, reviewers: progress, ranking, excluded };
}
