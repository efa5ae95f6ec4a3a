import type { FinalReport, FinalStatus } from "../../db/schema";

/**
 * What the public sees of a project's final report: the results per indicator and the money spent
 * per budget line, with the totals and how far they are from the plan. Only an accepted report is
 * public (a submitted or returned one may still change); the self-evaluation never is, as the team
 * writes it to the ward without being told it will be published.
 */
export function publicOutcomes(final: { status: FinalStatus; report: FinalReport | null }) {
  if (final.status !== "accepted" || !final.report) return null;
  const { outcomes, spending } = final.report;
  const planned = spending.reduce((sum, line) => sum + line.planned, 0);
  const spent = spending.reduce((sum, line) => sum + line.spent, 0);
  return {
    outcomes: outcomes.map(({ indicator, target, achieved }) => ({ indicator, target, achieved })),
    spending: spending.map(({ item, planned, spent }) => ({ item, planned, spent })),
    totals: { planned, spent, difference: spent - planned },
  };
}

export type PublicOutcomes = NonNullable<ReturnType<typeof publicOutcomes>>;
