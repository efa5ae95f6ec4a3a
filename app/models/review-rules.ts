import type { Recommendation } from "../../db/schema";
import type { MessageKey } from "../i18n";

/**
 * Review arithmetic, written once. A review's total: each criterion's score divided by its
 * maximum, weighted, summed, divided by the sum of the weights, times 100 — so every total is
 * between 0 and 100 whatever the criteria. A proposal's figures over its submitted reviews (mean,
 * population standard deviation, minimum, maximum, disagreement when the spread is above the
 * theme's threshold) are computed in one place, by PostgreSQL: roundTables in ranking.server.ts.
 */
export interface CriterionWeight {
  id: string;
  weight: number;
  maxScore: number;
}

export function reviewTotal(criteria: CriterionWeight[], scores: Record<string, number>): number {
  const weights = criteria.reduce((sum, c) => sum + c.weight, 0);
  if (weights === 0) return 0;
  const weighted = criteria.reduce((sum, c) => {
    const score = Math.min(Math.max(scores[c.id] ?? 0, 0), c.maxScore);
    return sum + (score / c.maxScore) * c.weight;
  }, 0);
  return (weighted / weights) * 100;
}

/** What a reviewer sends: a score and a comment per criterion (by its id), the overall comment, the recommendation. */
export interface ReviewInput {
  scores: Record<string, number>;
  comments: Record<string, string>;
  overallComment: string;
  recommendation: Recommendation | null;
}

/** Problems that keep a review from being submitted, each named by its form field; a draft may be saved with any of them. */
export function reviewProblems(criteria: CriterionWeight[], input: ReviewInput): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  for (const c of criteria) {
    const score = input.scores[c.id];
    if (score === undefined || !Number.isInteger(score) || score < 0 || score > c.maxScore) {
      problems.push({ field: `scores.${c.id}`, message: "review.problem.score" });
    }
  }
  if (!input.recommendation) problems.push({ field: "recommendation", message: "review.problem.recommendation" });
  return problems;
}

/**
 * What keeps a review from being saved: submitted, every problem; as a draft, only a score given
 * outside its criterion's range (a draft may leave scores out). The score sheet's schema checks this
 * in the browser and on the server, and saveReview again before it writes.
 */
export function saveProblems(
  criteria: CriterionWeight[],
  input: ReviewInput,
  submit: boolean,
): { field: string; message: string }[] {
  const problems = reviewProblems(criteria, input);
  if (submit) return problems;
  return problems.filter(
    (p) => p.field.startsWith("scores.") && input.scores[p.field.slice("scores.".length)] !== undefined,
  );
}

/** A proposal's figures over its submitted reviews, computed by PostgreSQL (ranking.server.ts). */
export interface ProposalStanding {
  count: number;
  mean: number | null;
  standardDeviation: number | null;
  min: number | null;
  max: number | null;
  /** Reviewers disagree strongly: the spread is above the theme's threshold. */
  disagreement: boolean;
}

/** Rounded for display, to one decimal place. */
export function oneDecimal(value: number | null): string {
  return value === null ? "—" : (Math.round(value * 10) / 10).toFixed(1);
}

export interface RankingWarning {
  key: MessageKey;
  params: Record<string, string | number>;
}

/**
 * What staff are warned of above a round's ranking: the funded proposals cost more than the
 * theme's budget (cap × awards planned) or outnumber the awards planned, proposals are short of
 * eligible reviewers, the reserved places are not filled.
 */
export function rankingWarnings(
  theme: {
    status: string;
    grant_cap_total: number;
    awards_planned: number;
    min_reviewers: number;
    reserved_slots: number;
    reserved_for_kind: string | null;
  },
  summary: { total: number; funded: number; reserved: number },
  short: number,
): RankingWarning[] {
  const budget = theme.grant_cap_total * theme.awards_planned;
  const warnings: RankingWarning[] = [];
  if (summary.total > budget)
    warnings.push({
      key: "staffReview.warnBudget",
      params: { total: summary.total.toLocaleString("ja-JP"), budget: budget.toLocaleString("ja-JP") },
    });
  if (summary.funded > theme.awards_planned)
    warnings.push({
      key: "staffReview.warnAwards",
      params: { count: summary.funded, planned: theme.awards_planned },
    });
  // Worth saying while reviewers can still be added.
  if (short > 0 && theme.status !== "results_released")
    warnings.push({ key: "staffReview.warnShort", params: { count: short, wanted: theme.min_reviewers } });
  if (theme.reserved_slots > 0 && theme.reserved_for_kind && summary.reserved < theme.reserved_slots) {
    warnings.push({
      key: "staffReview.warnReserved",
      params: { kind: theme.reserved_for_kind, reserved: theme.reserved_slots, count: summary.reserved },
    });
  }
  return warnings;
}
