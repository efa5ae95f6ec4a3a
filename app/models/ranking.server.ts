import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";
import { proposalOrganizationNames } from "./organization-names.server";
import { exclusionPairs } from "./review-conflicts.server";
import { undecidedQuery } from "./review-decisions.server";
import { pendingInvitationsQuery } from "./review-panel.server";
import type { ProposalStanding } from "./review-rules";
import { REVIEWABLE, type Stage, themeForReview } from "./reviews.server";

/** The proposals (alias "p") ranked in a round: reviewable ones, and in round 2 only those advanced. */
function inRound(themeId: string, stage: Stage) {
  return sql`p.theme_id = ${themeId} and p.status in (${sql.join([...REVIEWABLE])})${
    stage === 2 ? sql` and p.advanced` : sql``
  }`;
}

/**
 * The rules of a round, as named tables every query about it starts from (PostgreSQL computes only
 * those a query reads):
 * - excluded: pairs of reviewer and proposal that must not meet (exclusionPairs);
 * - in_stage: the round's proposals;
 * - counted: the submitted reviews that count: on a proposal of the round, by a reviewer still on
 *   the theme, not excluded from it. Each review's total was stored when it was saved (reviewTotal in
 *   review-rules.ts); the reviews are read as one range of reviews_theme_round_idx;
 * - eligible: per proposal, how many of the theme's reviewers may review it (its "due");
 * - standing: per proposal, the figures of ProposalStanding (review-rules.ts) as SQL aggregates;
 * - progress: per reviewer, how many proposals are due and how many they have submitted.
 */
function roundTables(db: Kysely<Database>, themeId: string, stage: Stage) {
  return sql`
    excluded as (${exclusionPairs(db, [themeId])}),
    in_stage as (
      select p.id, p.theme_id, p.title, p.status, p.receipt_number, p.requested_amount, p.advanced, p.names_flagged_at
      from proposals p where ${inRound(themeId, stage)}
    ),
    counted as (
      select r.proposal_id, r.reviewer_id, coalesce(r.total, 0) as total
      from reviews r
      where r.theme_id = ${themeId} and r.stage = ${stage} and r.status = 'submitted'
        and r.proposal_id in (select id from in_stage)
        and r.reviewer_id in (select tr.user_id from theme_reviewers tr where tr.theme_id = ${themeId})
        and not exists (select 1 from excluded e where e.proposal_id = r.proposal_id and e.reviewer_id = r.reviewer_id)
    ),
    -- Exclusions of reviewers on the theme from the round's proposals, once each.
    kept_out as (
      select distinct e.proposal_id, e.reviewer_id from excluded e
      join in_stage i on i.id = e.proposal_id
      join theme_reviewers tr on tr.theme_id = ${themeId} and tr.user_id = e.reviewer_id
    ),
    eligible as (
      select i.id as proposal_id,
        (select count(*) from theme_reviewers tr where tr.theme_id = ${themeId})::int - coalesce(k.n, 0) as due
      from in_stage i
      left join (select proposal_id, count(*)::int as n from kept_out group by proposal_id) k on k.proposal_id = i.id
    ),
    standing as (
      select proposal_id, count(*)::int as count, avg(total) as mean, stddev_pop(total) as sd,
        min(total) as min, max(total) as max
      from counted group by proposal_id
    ),
    progress as (
      select u.id, u.name, u.email, (select count(*) from in_stage)::int - coalesce(k.n, 0) as due, coalesce(c.n, 0) as done
      from theme_reviewers tr
      join users u on u.id = tr.user_id
      left join (select reviewer_id, count(*)::int as n from kept_out group by reviewer_id) k on k.reviewer_id = u.id
      left join (select reviewer_id, count(*)::int as n from counted group by reviewer_id) c on c.reviewer_id = u.id
      where tr.theme_id = ${themeId}
    )`;
}

export const RANKING_SORTS = ["mean", "sd", "count", "receipt"] as const;
export type RankingSort = (typeof RANKING_SORTS)[number];

type ReviewerProgress = { id: string; name: string; email: string; due: number; done: number };

/**
 * Everything the staff's review page shows about a round, in one query: one page of the ranking
 * (past the last page, the last page), the reviewers' progress, the exclusions, the pending
 * invitations, and the counts behind the warnings (undecided proposals, proposals short of
 * reviewers, funded count and amount). A theme may hold a thousand proposals and several thousand
 * reviews: the reviews are read once for all of it, and the page costs one round trip.
 *
 * This is the only ranking: the page, the CSV (fullRanking), the reminders (reviewerProgress) and
 * the warnings all read roundTables. Tests pin it to hand-computed figures
 * (tests/integration/reviews.test.ts) and to an independent reckoning over a large theme
 * (tests/integration/large-theme.test.ts).
 */
export async function reviewBoard(
  db: Kysely<Database>,
  input: {
    themeId: string;
    stage: Stage;
    sort: RankingSort;
    page: number;
    pageSize: number;
    /** A spread above this is a disagreement. */
    threshold: number;
    /** Fewer eligible reviewers than this, and a proposal is short of reviewers. */
    minReviewers?: number;
    /** The kind of organisation funded proposals are counted for (reserved slots). */
    reservedKind?: string | null;
  },
) {
  const { themeId, stage, pageSize } = input;
  const order = {
    mean: sql`coalesce(s.mean, -1) desc, i.receipt_number`,
    sd: sql`coalesce(s.sd, -1) desc, coalesce(s.mean, -1) desc, i.receipt_number`,
    count: sql`coalesce(s.count, 0) desc, coalesce(s.mean, -1) desc, i.receipt_number`,
    receipt: sql`i.receipt_number`,
  }[input.sort];
  type Row = {
    id: string;
    title: string;
    receipt_number: string | null;
    requested_amount: number;
    advanced: boolean;
    names_flagged: boolean;
    organizations: string | null;
    kinds: string[] | null;
    count: number | null;
    mean: number | null;
    sd: number | null;
    min: number | null;
    max: number | null;
    due: number;
    decision: "funded" | "not_funded" | null;
    amount: number | null;
    conditions: string | null;
    feedback: string | null;
  };
  const { rows } = await sql<{
    ranked: number;
    page: number;
    rows: Row[] | null;
    reviewers: ReviewerProgress[] | null;
    excluded:
      | { proposal_id: string; receipt_number: string | null; reviewer_id: string; reason: string; declared: boolean }[]
      | null;
    invited: string[] | null;
    undecided: number;
    short: number;
    funded: number;
    funded_total: number;
    funded_reserved: number;
  }>`
    with ${roundTables(db, themeId, stage)},
    placed as (
      select i.id, i.title, i.receipt_number, i.requested_amount, i.advanced,
        i.names_flagged_at is not null as names_flagged,
        s.count, s.mean, s.sd, s.min, s.max, el.due,
        row_number() over (order by ${order}) as position
      from in_stage i
      join eligible el on el.proposal_id = i.id
      left join standing s on s.proposal_id = i.id
    ),
    shown as (
      select count(*)::int as ranked,
        least(${input.page}, greatest(ceil(count(*) / ${pageSize}::float8), 1))::int as page
      from in_stage
    ),
    page as (
      select placed.* from placed, shown
      where position > (shown.page - 1) * ${pageSize} and position <= shown.page * ${pageSize}
    )
    select shown.ranked, shown.page,
      -- Names and kinds for the shown page only.
      (select json_agg(row_to_json(x) order by x.position) from (
        select page.*, ${proposalOrganizationNames("page.id")} as organizations,
          (select array_agg(o.kind) from proposal_partners pp join organizations o on o.id = pp.organization_id
            where pp.proposal_id = page.id and pp.status = 'accepted') as kinds,
          d.decision, d.amount, d.conditions, d.feedback
        from page left join decisions d on d.proposal_id = page.id
      ) x) as rows,
      (select json_agg(row_to_json(progress) order by progress.name) from progress) as reviewers,
      (select json_agg(row_to_json(e)) from excluded e) as excluded,
      (select json_agg(i.email order by i.created_at) from (${pendingInvitationsQuery(db, themeId)}) i) as invited,
      (${undecidedQuery(db, themeId)})::int as undecided,
      (select count(*)::int from eligible where due < ${input.minReviewers ?? 0}) as short,
      f.funded, f.funded_total, f.funded_reserved
    from shown, (
      select count(*)::int as funded, coalesce(sum(d.amount), 0)::int8 as funded_total,
        (count(*) filter (where exists (
          select 1 from proposal_partners pp join organizations o on o.id = pp.organization_id
          where pp.proposal_id = i.id and pp.status = 'accepted' and o.kind = ${input.reservedKind ?? ""})))::int
          as funded_reserved
      from in_stage i join decisions d on d.proposal_id = i.id
      where d.decision = 'funded'
    ) f
  `.execute(db);
  const board = rows[0];
  return {
    ranked: board.ranked,
    /** The page shown: the one asked for, or the last one. */
    page: board.page,
    pages: Math.max(1, Math.ceil(board.ranked / pageSize)),
    rows: (board.rows ?? []).map((row, i) => {
      const count = row.count ?? 0;
      const standing: ProposalStanding =
        count === 0
          ? { count: 0, mean: null, standardDeviation: null, min: null, max: null, disagreement: false }
          : {
              count,
              mean: Number(row.mean),
              standardDeviation: Number(row.sd),
              min: Number(row.min),
              max: Number(row.max),
              disagreement: count > 1 && Number(row.sd) > input.threshold,
            };
      return {
        rank: (board.page - 1) * pageSize + i + 1,
        id: row.id,
        title: row.title,
        receipt_number: row.receipt_number,
        requested_amount: row.requested_amount,
        advanced: row.advanced,
        namesFlagged: row.names_flagged,
        organizations: row.organizations,
        kinds: row.kinds ?? [],
        standing,
        due: row.due,
        decision: row.decision
          ? {
              decision: row.decision,
              amount: row.amount ?? 0,
              conditions: row.conditions ?? "",
              feedback: row.feedback ?? "",
            }
          : null,
      };
    }),
    reviewers: board.reviewers ?? [],
    excluded: (board.excluded ?? []).map((e) => ({
      proposalId: e.proposal_id,
      receipt: e.receipt_number,
      reviewerId: e.reviewer_id,
      reason: e.reason,
      declared: e.declared,
    })),
    invited: board.invited ?? [],
    undecided: board.undecided,
    short: board.short,
    funding: {
      funded: board.funded,
      total: Number(board.funded_total),
      reserved: input.reservedKind ? board.funded_reserved : 0,
    },
  };
}

/** One page of a round's ranking (past the last page, the last page): reviewBoard's ranking alone. */
export async function rankingPage(
  db: Kysely<Database>,
  input: { themeId: string; stage: Stage; sort: RankingSort; page: number; pageSize: number; threshold: number },
) {
  const { ranked, rows } = await reviewBoard(db, input);
  return { ranked, rows };
}

/**
 * What the decision warnings need, over the whole round (not one page): how many proposals are
 * funded, for how much, and how many of them include the kind of organisation a slot is reserved for.
 */
export async function fundingSummary(db: Kysely<Database>, themeId: string, stage: Stage, reservedKind: string | null) {
  const board = await reviewBoard(db, {
    themeId,
    stage,
    sort: "receipt",
    page: 1,
    pageSize: 1,
    threshold: 0,
    reservedKind,
  });
  return board.funding;
}

/** The theme's reviewers with how many proposals each is due to review in this round and has submitted. */
export async function reviewerProgress(db: Kysely<Database>, themeId: string, stage: Stage) {
  const { rows } = await sql<ReviewerProgress>`
    with ${roundTables(db, themeId, stage)}
    select * from progress order by name
  `.execute(db);
  return rows;
}

/** More than any theme draws: the whole ranking in one page. */
const ALL = 1_000_000;

/**
 * A round's whole ranking, from the same SQL as the page, with every reviewer's own total per
 * proposal (null: not submitted; "excluded": the pair must not meet) for staff oversight, the CSV and
 * the results list (PDF).
 */
export async function fullRanking(db: Kysely<Database>, themeId: string, stage: Stage = 1) {
  const theme = await themeForReview(db, themeId);
  if (!theme) return null;
  const [board, totals] = await Promise.all([
    reviewBoard(db, { themeId, stage, sort: "mean", page: 1, pageSize: ALL, threshold: theme.disagreement_threshold }),
    db
      .selectFrom("reviews as r")
      .select(["r.proposal_id", "r.reviewer_id", "r.total"])
      .where("r.theme_id", "=", themeId)
      .where("r.stage", "=", stage)
      .where("r.status", "=", "submitted")
      .execute(),
  ]);
  const key = (proposalId: string, reviewerId: string) => `${proposalId}|${reviewerId}`;
  const totalOf = new Map(
    totals.map((t) => [key(t.proposal_id, t.reviewer_id), t.total === null ? 0 : Number(t.total)]),
  );
  const out = new Set(board.excluded.map((e) => key(e.proposalId, e.reviewerId)));
  return {
    theme,
    reviewers: board.reviewers,
    /** Who must not meet which proposal, and why: the results list's record of conflicts. */
    excluded: board.excluded,
    ranking: board.rows.map((row) => ({
      ...row,
      byReviewer: board.reviewers.map((r): number | "excluded" | null =>
        out.has(key(row.id, r.id)) ? "excluded" : (totalOf.get(key(row.id, r.id)) ?? null),
      ),
    })),
  };
}
