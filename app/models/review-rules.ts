/**
 * Review arithmetic, written once. A review's total: each criterion's score divided by its
 * maximum, weighted, summed, divided by the sum of the weights, times 100 — so every total is
 * between 0 and 100 whatever the criteria. A proposal's figures are taken over its submitted reviews.
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

export interface ProposalStanding {
  count: number;
  mean: number | null;
  standardDeviation: number | null;
  min: number | null;
  max: number | null;
  /** Reviewers disagree strongly: the spread is above the theme's threshold. */
  disagreement: boolean;
}

/** Population standard deviation: the reviewers of a proposal are all of its reviewers, not a sample. */
export function standing(totals: number[], disagreementThreshold: number): ProposalStanding {
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

/** Rounded for display, to one decimal place. */
export function oneDecimal(value: number | null): string {
  return value === null ? "—" : (Math.round(value * 10) / 10).toFixed(1);
}
