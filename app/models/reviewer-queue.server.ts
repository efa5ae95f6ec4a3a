import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";
import { exclusionPairs } from "./review-conflicts.server";
import { REVIEWABLE, type Stage } from "./reviews.server";
import { themePhase } from "./theme-rules";

/**
 * A reviewer's list: every theme they review with how many proposals are due and done, and one page
 * of each theme's proposals, those still to review first (then by receipt number and round).
 * Paged by the database: two queries and at most a page of rows per theme, however many proposals
 * a theme draws. The exclusions are the ranking's own (exclusionPairs).
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
