import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";
import { proposalOrganizationNames } from "./organization-names.server";
import type { ProposalStanding } from "./review-rules";
import { exclusionPairs, REVIEWABLE, type Stage, themeForReview } from "./reviews.server";
import { themePhase } from "./theme-rules";

/** The proposals (alias "p") ranked in a round: reviewable ones, and in round 2 only those advanced. */
function inRound(themeId: string, stage: Stage) {
  return sql`p.theme_id = ${themeId} and p.status in (${sql.join([...REVIEWABLE])})${
    stage === 2 ? sql` and p.advanced` : sql``
  }`;
}

export const RANKING_SORTS = ["mean", "sd", "count", "receipt"] as const;
export type RankingSort = (typeof RANKING_SORTS)[number];

/**
 * One page of a theme's ranking, ranked by the database.
 *
 * A theme may hold a thousand proposals and several thousand reviews: reading them all into the
 * server for every page view cost a second under load. Here each review's total is the one
 * stored when it was saved (reviewTotal in review-rules.ts), PostgreSQL computes each proposal's
 * figures (standing in review-rules.ts, restated as SQL aggregates), sorts, and hands back one
 * page. This is the only ranking: the page, the CSV (fullRanking), the reminders (reviewerProgress)
 * and the funding warnings all read it. Tests pin it to hand-computed figures
 * (tests/integration/reviews.test.ts) and to an independent reckoning over a large theme
 * (tests/integration/large-theme.test.ts).
 */
export async function rankingPage(
  db: Kysely<Database>,
  input: { themeId: string; stage: Stage; sort: RankingSort; page: number; pageSize: number; threshold: number },
) {
  const { themeId, stage } = input;
  const inStage = inRound(themeId, stage);
  const excluded = exclusionPairs(db, [themeId]);
  const order = {
    mean: sql`coalesce(s.mean, -1) desc, p.receipt_number`,
    sd: sql`coalesce(s.sd, -1) desc, coalesce(s.mean, -1) desc, p.receipt_number`,
    count: sql`coalesce(s.count, 0) desc, coalesce(s.mean, -1) desc, p.receipt_number`,
    receipt: sql`p.receipt_number`,
  }[input.sort];

  const { rows } = await sql<{
    id: string;
    title: string;
    status: string;
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
    ranked: number;
  }>`
    with excluded as (${excluded}),
    standing as (
      -- The round's submitted reviews that count, read as one range of reviews_theme_round_idx
      -- (a probe per proposal cost most of the page), grouped per proposal. Each review's total was
      -- stored when it was saved (reviewTotal in review-rules.ts). Only the theme's reviewers now:
      -- one taken off the theme no longer counts.
      select r.proposal_id, count(*)::int as count, avg(coalesce(r.total, 0)) as mean,
        stddev_pop(coalesce(r.total, 0)) as sd, min(coalesce(r.total, 0)) as min, max(coalesce(r.total, 0)) as max
      from reviews r
      join theme_reviewers tr on tr.theme_id = r.theme_id and tr.user_id = r.reviewer_id
      where r.theme_id = ${themeId} and r.stage = ${stage} and r.status = 'submitted'
        and not exists (select 1 from excluded e where e.proposal_id = r.proposal_id and e.reviewer_id = r.reviewer_id)
      group by r.proposal_id
    ),
    page as (
      -- Sorted and cut to one page; names, kinds and reviewer counts are looked up below for that page only.
      select p.id, p.theme_id, p.title, p.status, p.receipt_number, p.requested_amount, p.advanced,
        p.names_flagged_at is not null as names_flagged,
        s.count, s.mean, s.sd, s.min, s.max,
        row_number() over (order by ${order}) as position,
        count(*) over ()::int as ranked
      from proposals p
      left join standing s on s.proposal_id = p.id
      where ${inStage}
      order by ${order}
      limit ${input.pageSize} offset ${(input.page - 1) * input.pageSize}
    )
    select page.*,
      ${proposalOrganizationNames("page.id")} as organizations,
      (select array_agg(o.kind) from proposal_partners pp join organizations o on o.id = pp.organization_id
        where pp.proposal_id = page.id and pp.status = 'accepted') as kinds,
      (select count(*)::int from theme_reviewers tr where tr.theme_id = page.theme_id
        and not exists (select 1 from excluded e where e.proposal_id = page.id and e.reviewer_id = tr.user_id)) as due,
      d.decision, d.amount, d.conditions, d.feedback
    from page
    left join decisions d on d.proposal_id = page.id
    order by page.position
  `.execute(db);

  // Past the last page no row carries the total: count it (the caller then asks for the last page).
  const ranked =
    rows[0]?.ranked ??
    (input.page > 1
      ? (await sql<{ n: number }>`select count(*)::int as n from proposals p where ${inStage}`.execute(db)).rows[0].n
      : 0);
  return {
    ranked,
    rows: rows.map((row, i) => {
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
        rank: (input.page - 1) * input.pageSize + i + 1,
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
  };
}

/**
 * What the decision warnings need, over the whole theme (not one page): how many proposals are
 * funded, for how much, and how many of them include the kind of organisation a slot is reserved for.
 */
export async function fundingSummary(db: Kysely<Database>, themeId: string, stage: Stage, reservedKind: string | null) {
  const row = await db
    .selectFrom("decisions as d")
    .innerJoin("proposals as p", "p.id", "d.proposal_id")
    .select([
      sql<number>`count(*)::int`.as("funded"),
      sql<number>`coalesce(sum(d.amount), 0)::int8`.as("total"),
      sql<number>`(count(*) filter (where exists (
        select 1 from proposal_partners pp join organizations o on o.id = pp.organization_id
        where pp.proposal_id = p.id and pp.status = 'accepted' and o.kind = ${reservedKind ?? ""})))::int`.as(
        "reserved",
      ),
    ])
    .where("p.theme_id", "=", themeId)
    .where("p.status", "in", [...REVIEWABLE])
    .where("d.decision", "=", "funded")
    .$if(stage === 2, (q) => q.where("p.advanced", "=", true))
    .executeTakeFirstOrThrow();
  return { funded: row.funded, total: Number(row.total), reserved: reservedKind ? row.reserved : 0 };
}

/**
 * How many of the round's proposals have fewer reviewers who may review them (the theme's
 * reviewers less those excluded from that proposal) than the theme asks for.
 */
export async function shortOfReviewers(db: Kysely<Database>, themeId: string, stage: Stage, wanted: number) {
  const excluded = exclusionPairs(db, [themeId]);
  const { rows } = await sql<{ n: number }>`
    with excluded as (${excluded}),
    kept_out as (
      select e.proposal_id, count(distinct e.reviewer_id)::int as n from excluded e
      join theme_reviewers tr on tr.theme_id = ${themeId} and tr.user_id = e.reviewer_id
      group by e.proposal_id
    )
    select count(*)::int as n from proposals p
    left join kept_out k on k.proposal_id = p.id
    where ${inRound(themeId, stage)}
      and (select count(*) from theme_reviewers tr where tr.theme_id = ${themeId}) - coalesce(k.n, 0) < ${wanted}
  `.execute(db);
  return rows[0]?.n ?? 0;
}

/** The theme's reviewers with how many proposals each is due to review in this round and has submitted. */
export async function reviewerProgress(db: Kysely<Database>, themeId: string, stage: Stage) {
  const excluded = exclusionPairs(db, [themeId]);
  const inStage = inRound(themeId, stage);
  const { rows } = await sql<{ id: string; name: string; email: string; due: number; done: number }>`
    with excluded as (${excluded}),
    in_stage as (select p.id from proposals p where ${inStage}),
    -- One pass over the pairs and one over the reviews, grouped by reviewer, not a count per reviewer.
    kept_out as (
      select e.reviewer_id, count(distinct e.proposal_id)::int as n
      from excluded e join in_stage i on i.id = e.proposal_id group by e.reviewer_id
    ),
    submitted as (
      -- One range of reviews_theme_round_idx, kept to the round's proposals, grouped by reviewer.
      select r.reviewer_id, count(*)::int as n
      from reviews r
      join in_stage i on i.id = r.proposal_id
      where r.theme_id = ${themeId} and r.stage = ${stage} and r.status = 'submitted'
        and not exists (select 1 from excluded e where e.proposal_id = r.proposal_id and e.reviewer_id = r.reviewer_id)
      group by r.reviewer_id
    )
    select u.id, u.name, u.email,
      (select count(*)::int from in_stage) - coalesce(k.n, 0) as due,
      coalesce(s.n, 0) as done
    from theme_reviewers tr
    join users u on u.id = tr.user_id
    left join kept_out k on k.reviewer_id = u.id
    left join submitted s on s.reviewer_id = u.id
    where tr.theme_id = ${themeId}
    order by u.name
  `.execute(db);
  return rows;
}

/**
 * A reviewer's list: every theme they review with how many proposals are due and done, and one page
 * of each theme's proposals, those still to review first (then by receipt number and round).
 * The same items as reviewerWorkload, paged by the database: two queries and at most a page of rows
 * per theme, however many proposals a theme draws.
 */
export async function reviewerQueue(
  db: Kysely<Database>,
  input: {
    reviewerId: string;
    pagedThemeId: string | null;
    page: number;
    pageSize: number;
    now: Date;
    /** todo: those still to review first; total: the reviewer's own totals, highest first. */
    sort?: "todo" | "total";
  },
) {
  const order =
    input.sort === "total"
      ? sql`total desc nulls last, receipt_number, id, stage`
      : sql`coalesce(review = 'submitted', false), receipt_number, id, stage`;
  const themes = await db
    .selectFrom("theme_reviewers as r")
    .innerJoin("themes as t", "t.id", "r.theme_id")
    .select(["t.id", "t.title", "t.status", "t.opens_at", "t.closes_at", "t.review_stages", "t.review_deadline"])
    .where("r.user_id", "=", input.reviewerId)
    .orderBy("t.closes_at", "desc")
    .execute();
  if (themes.length === 0) return [];
  const themeIds = themes.map((t) => t.id);
  const excluded = exclusionPairs(db, themeIds, input.reviewerId);
  const { rows } = await sql<{
    id: string;
    theme_id: string;
    title: string;
    receipt_number: string | null;
    stage: Stage;
    review: "draft" | "submitted" | null;
    total: number | null;
    due: number;
    done: number;
    page: number;
  }>`
    with excluded as (${excluded}),
    items as (
      select p.id, p.theme_id, p.title, p.receipt_number, s.stage, r.status as review,
        case when r.status = 'submitted' then r.total end as total
      from proposals p
      join themes t on t.id = p.theme_id
      -- A proposal advanced to a two-round theme's presentation round is reviewed twice.
      cross join lateral (select 1 as stage union all select 2 where t.review_stages = 2 and p.advanced) s
      left join reviews r on r.proposal_id = p.id and r.reviewer_id = ${input.reviewerId} and r.stage = s.stage
      where p.theme_id in (${sql.join(themeIds)}) and p.status in (${sql.join([...REVIEWABLE])})
        and not exists (select 1 from excluded e where e.proposal_id = p.id)
    ),
    placed as (
      select items.*,
        row_number() over (partition by theme_id order by ${order}) as position,
        count(*) over (partition by theme_id)::int as due,
        (count(*) filter (where review = 'submitted') over (partition by theme_id))::int as done
      from items
    ),
    paged as (
      select placed.*,
        least(greatest(case when theme_id = ${input.pagedThemeId ?? ""} then ${input.page} else 1 end, 1),
          greatest(ceil(due / ${input.pageSize}::float8), 1))::int as page
      from placed
    )
    select id, theme_id, title, receipt_number, stage, review, total, due, done, page from paged
    where position > (page - 1) * ${input.pageSize} and position <= page * ${input.pageSize}
    order by theme_id, position
  `.execute(db);
  return themes.map((t) => {
    const mine = rows.filter((r) => r.theme_id === t.id);
    const due = mine[0]?.due ?? 0;
    return {
      id: t.id,
      title: t.title,
      reviewOpen: themePhase(t, input.now) !== "open",
      deadline: t.review_deadline,
      due,
      done: mine[0]?.done ?? 0,
      page: mine[0]?.page ?? 1,
      pages: Math.max(1, Math.ceil(due / input.pageSize)),
      proposals: mine.map((r) => ({
        id: r.id,
        title: r.title,
        receipt: r.receipt_number,
        stage: r.stage,
        review: r.review,
        total: r.total === null ? null : Number(r.total),
      })),
    };
  });
}

/** More than any theme draws: the whole ranking in one page. */
const ALL = 1_000_000;

/**
 * A round's whole ranking, from the same SQL as the page, with every reviewer's own total per
 * proposal (null: not submitted; "excluded": the pair must not meet) for staff oversight and the CSV.
 */
export async function fullRanking(db: Kysely<Database>, themeId: string, stage: Stage = 1) {
  const theme = await themeForReview(db, themeId);
  if (!theme) return null;
  const [page, reviewers, totals, excluded] = await Promise.all([
    rankingPage(db, { themeId, stage, sort: "mean", page: 1, pageSize: ALL, threshold: theme.disagreement_threshold }),
    reviewerProgress(db, themeId, stage),
    db
      .selectFrom("reviews as r")
      .innerJoin("proposals as p", "p.id", "r.proposal_id")
      .select(["r.proposal_id", "r.reviewer_id", "r.total"])
      .where("p.theme_id", "=", themeId)
      .where("r.stage", "=", stage)
      .where("r.status", "=", "submitted")
      .execute(),
    exclusionPairs(db, [themeId]).execute(),
  ]);
  const key = (proposalId: string, reviewerId: string) => `${proposalId}|${reviewerId}`;
  const totalOf = new Map(
    totals.map((t) => [key(t.proposal_id, t.reviewer_id), t.total === null ? 0 : Number(t.total)]),
  );
  const out = new Set(excluded.map((e) => key(e.proposal_id, e.reviewer_id)));
  return {
    theme,
    reviewers,
    ranking: page.rows.map((row) => ({
      ...row,
      byReviewer: reviewers.map((r): number | "excluded" | null =>
        out.has(key(row.id, r.id)) ? "excluded" : (totalOf.get(key(row.id, r.id)) ?? null),
      ),
    })),
  };
}
