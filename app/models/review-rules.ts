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
