/**
 * A reviewer's own work: which proposals they may open, their review of each (draft, submit, staff
 * reopening it), the theme's criteria and figures, their place in their list, and for staff what
 * every reviewer wrote on one proposal. The panel is in review-panel.server.ts, who must not meet
 * which proposal in review-conflicts.server.ts, decisions and release in review-decisions.server.ts.
 */
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Database, Recommendation } from "../../db/schema";
import { recordAudit } from "./audit.server";
import { proposalsWithTheme } from "./joins.server";
import { proposalOrganizationNames } from "./organization-names.server";
import { excludedFromDecidingQuery, exclusionPairs, exclusions } from "./review-conflicts.server";
import { type CriterionWeight, type ReviewInput, reviewTotal, saveProblems } from "./review-rules";
import { themePhase } from "./theme-rules";

/** Proposals that are reviewed: submitted ones (withdrawn and drafts never are). */
export const REVIEWABLE = ["submitted", "under_review", "funded", "not_funded"] as const;

/** The review round: 1 the paper review, 2 the presentation round of a two-stage theme. */
export type Stage = 1 | 2;

export async function themeCriteria(
  db: Kysely<Database>,
  themeId: string,
): Promise<(CriterionWeight & { name: string; description: string })[]> {
  const rows = await db
    .selectFrom("theme_criteria")
    .select(["id", "name", "description", "weight", "max_score"])
    .where("theme_id", "=", themeId)
    .orderBy("position")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    weight: r.weight,
    maxScore: r.max_score,
  }));
}

/**
 * Whether a reviewer may open a proposal: assigned to its theme, the proposal submitted, the
 * window closed (review starts after the deadline), and no conflict. Anything else is "no".
 */
export async function reviewAccess(db: Kysely<Database>, reviewerId: string, proposalId: string, stage: Stage = 1) {
  const row = await proposalsWithTheme(db)
    .innerJoin("theme_reviewers as r", (join) =>
      join.onRef("r.theme_id", "=", "p.theme_id").on("r.user_id", "=", reviewerId),
    )
    // The assignment alone is not enough: the person must still hold a role that reviews.
    .innerJoin("users as u", (join) => join.onRef("u.id", "=", "r.user_id").on("u.role", "!=", "member"))
    .select([
      "p.id",
      "p.status",
      "p.theme_id",
      "p.advanced",
      "t.status as theme_status",
      "t.opens_at",
      "t.closes_at",
      "t.review_stages",
      "t.hide_names",
    ])
    .where("p.id", "=", proposalId)
    .executeTakeFirst();
  if (!row || !(REVIEWABLE as readonly string[]).includes(row.status)) return null;
  // The presentation round reviews only the proposals staff advanced to it.
  if (stage === 2 && (row.review_stages !== 2 || !row.advanced)) return null;
  if (themePhase({ status: row.theme_status, opens_at: row.opens_at, closes_at: row.closes_at }, new Date()) === "open")
    return null;
  const excluded = (await exclusions(db, row.theme_id)).some(
    (e) => e.proposalId === proposalId && e.reviewerId === reviewerId,
  );
  return excluded ? null : { themeId: row.theme_id, hideNames: row.hide_names };
}

export async function getReview(db: Kysely<Database>, proposalId: string, reviewerId: string, stage: Stage = 1) {
  return db
    .selectFrom("reviews")
    .selectAll()
    .where("proposal_id", "=", proposalId)
    .where("reviewer_id", "=", reviewerId)
    .where("stage", "=", stage)
    .executeTakeFirst();
}

/** Saves a draft, or submits: a submitted review is final unless staff reopen it. */
export async function saveReview(
  db: Kysely<Database>,
  input: {
    proposalId: string;
    reviewerId: string;
    review: ReviewInput;
    submit: boolean;
    criteria: CriterionWeight[];
    now: Date;
    stage?: Stage;
  },
): Promise<
  { ok: true } | { ok: false; problem: "final" } | { ok: false; problems: { field: string; message: string }[] }
> {
  const problems = saveProblems(input.criteria, input.review, input.submit);
  if (problems.length) return { ok: false as const, problems };
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom("reviews")
      .select(["id", "status"])
      .where("proposal_id", "=", input.proposalId)
      .where("reviewer_id", "=", input.reviewerId)
      .where("stage", "=", input.stage ?? 1)
      .forUpdate()
      .executeTakeFirst();
    if (existing?.status === "submitted") return { ok: false as const, problem: "final" as const };
    const values = {
      scores: JSON.stringify(input.review.scores),
      total: reviewTotal(input.criteria, input.review.scores),
      comments: JSON.stringify(input.review.comments),
      overall_comment: input.review.overallComment,
      recommendation: input.review.recommendation,
      status: input.submit ? ("submitted" as const) : ("draft" as const),
      submitted_at: input.submit ? input.now : null,
      updated_at: input.now,
    };
    if (existing) await trx.updateTable("reviews").set(values).where("id", "=", existing.id).execute();
    else
      await trx
        .insertInto("reviews")
        .values({
          id: randomUUID(),
          proposal_id: input.proposalId,
          theme_id: trx.selectFrom("proposals").select("theme_id").where("id", "=", input.proposalId),
          reviewer_id: input.reviewerId,
          stage: input.stage ?? 1,
          ...values,
        })
        .execute();
    if (input.submit) {
      await recordAudit(trx, input.reviewerId, "review.submitted", ["proposal", input.proposalId]);
    }
    return { ok: true as const };
  });
}

export async function reopenReview(
  db: Kysely<Database>,
  input: { themeId: string; proposalId: string; reviewerId: string; staffId: string; stage?: Stage },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const reopened = await trx
      .updateTable("reviews")
      .set({ status: "draft", submitted_at: null })
      .where("proposal_id", "=", input.proposalId)
      // Only a proposal of the theme in the URL, whose access was checked.
      .where("proposal_id", "in", (eb) =>
        eb.selectFrom("proposals").select("proposals.id").where("proposals.theme_id", "=", input.themeId),
      )
      .where("reviewer_id", "=", input.reviewerId)
      .where("stage", "=", input.stage ?? 1)
      .returning("id")
      .executeTakeFirst();
    if (!reopened) return false;
    await recordAudit(trx, input.staffId, "review.reopened", ["proposal", input.proposalId], {
      reviewer: input.reviewerId,
    });
    return true;
  });
}

/** The theme's figures a ranking and its decisions are checked against. */
export function themeForReview(db: Kysely<Database>, themeId: string) {
  return db
    .selectFrom("themes")
    .select([
      "id",
      "title",
      "status",
      "opens_at",
      "closes_at",
      "awards_planned",
      "grant_cap_total",
      "grant_cap_per_year",
      "duration_years",
      "reserved_slots",
      "reserved_for_kind",
      "disagreement_threshold",
      "min_reviewers",
      "review_stages",
      "hide_names",
      "review_deadline",
      "presentation_at",
      "presentation_place",
    ])
    .where("id", "=", themeId)
    .executeTakeFirst();
}

/**
 * What every reviewer wrote about one proposal, for staff: each one's scores per criterion,
 * comments, overall comment and recommendation (drafts shown as drafts), whether the pair is
 * excluded, and per criterion the spread of the submitted scores that count, widest first: where
 * reviewers disagree. Null when the proposal is not one of the theme's.
 */
export async function proposalReviews(
  db: Kysely<Database>,
  input: { themeId: string; proposalId: string; stage: Stage; viewerId: string },
) {
  // One round trip: the proposal, the theme's criteria and every reviewer's review as JSON.
  const { rows } = await sql<{
    id: string;
    title: string;
    receipt_number: string | null;
    requested_amount: number;
    organizations: string | null;
    decision: "funded" | "not_funded" | null;
    amount: number | null;
    conditions: string | null;
    feedback: string | null;
    criteria: { id: string; name: string; description: string; weight: number; max_score: number }[] | null;
    reviews:
      | {
          reviewer_id: string;
          reviewer_name: string;
          excluded: boolean;
          status: "draft" | "submitted" | null;
          scores: Record<string, number> | null;
          total: number | null;
          comments: Record<string, string> | null;
          overall_comment: string | null;
          recommendation: Recommendation | null;
        }[]
      | null;
    viewer_excluded: boolean;
  }>`
    with excluded as (
      select e.reviewer_id from (${exclusionPairs(db, [input.themeId])}) e where e.proposal_id = ${input.proposalId}
    )
    select p.id, p.title, p.receipt_number, p.requested_amount, ${proposalOrganizationNames("p.id")} as organizations,
      d.decision, d.amount, d.conditions, d.feedback,
      (select json_agg(row_to_json(c) order by c.position) from theme_criteria c where c.theme_id = p.theme_id) as criteria,
      (select json_agg(row_to_json(x) order by x.reviewer_name) from (
        select u.id as reviewer_id, u.name as reviewer_name,
          exists (select 1 from excluded e where e.reviewer_id = u.id) as excluded,
          r.status, r.scores, r.total, r.comments, r.overall_comment, r.recommendation
        from theme_reviewers tr
        join users u on u.id = tr.user_id
        left join reviews r on r.reviewer_id = tr.user_id and r.proposal_id = p.id and r.stage = ${input.stage}
        where tr.theme_id = p.theme_id
      ) x) as reviews,
      (${excludedFromDecidingQuery(db, input.viewerId, input.proposalId)}) as viewer_excluded
    from proposals p
    left join decisions d on d.proposal_id = p.id
    where p.id = ${input.proposalId} and p.theme_id = ${input.themeId} and p.status in (${sql.join([...REVIEWABLE])})
  `.execute(db);
  const proposal = rows[0];
  if (!proposal) return null;
  const criteria = (proposal.criteria ?? []).map((c) => ({
    id: c.id,
    name: c.name,
    description: c.description,
    weight: c.weight,
    maxScore: c.max_score,
  }));
  const reviews = (proposal.reviews ?? []).map((r) => ({
    reviewerId: r.reviewer_id,
    reviewer: r.reviewer_name,
    excluded: r.excluded,
    status: r.status,
    scores: r.scores ?? {},
    total: r.total === null ? null : Number(r.total),
    comments: r.comments ?? {},
    overall: r.overall_comment ?? "",
    recommendation: r.recommendation,
  }));
  const counted = reviews.filter((r) => r.status === "submitted" && !r.excluded);
  const spread = criteria
    .map((c) => {
      const scores = counted.map((r) => r.scores[c.id]).filter((s): s is number => typeof s === "number");
      return {
        id: c.id,
        name: c.name,
        maxScore: c.maxScore,
        min: scores.length ? Math.min(...scores) : null,
        max: scores.length ? Math.max(...scores) : null,
        // As a share of the criterion's range, so criteria scored out of 5 and out of 10 compare.
        spread: scores.length > 1 ? (Math.max(...scores) - Math.min(...scores)) / c.maxScore : 0,
      };
    })
    .sort((a, b) => b.spread - a.spread);
  return { proposal, criteria, reviews, spread, viewerExcluded: proposal.viewer_excluded };
}

/**
 * Where a proposal stands in a reviewer's list for the theme (the proposals they may review in this
 * round, by receipt number), with the previous and next, for working through a theme in order.
 */
export async function reviewerNeighbours(
  db: Kysely<Database>,
  input: { reviewerId: string; themeId: string; proposalId: string; stage: Stage },
) {
  const [all, excluded] = await Promise.all([
    db
      .selectFrom("proposals as p")
      .select(["p.id"])
      .where("p.theme_id", "=", input.themeId)
      .where("p.status", "in", [...REVIEWABLE])
      .$if(input.stage === 2, (q) => q.where("p.advanced", "=", true))
      .orderBy("p.receipt_number")
      .orderBy("p.id")
      .execute(),
    exclusionPairs(db, [input.themeId], input.reviewerId).execute(),
  ]);
  const out = new Set(excluded.map((e) => e.proposal_id));
  const rows = all.filter((r) => !out.has(r.id));
  const index = rows.findIndex((r) => r.id === input.proposalId);
  return {
    position: index + 1,
    total: rows.length,
    previous: index > 0 ? rows[index - 1].id : null,
    next: index >= 0 && index < rows.length - 1 ? rows[index + 1].id : null,
  };
}

/**
 * Every proposal a reviewer may review in the paper round of a theme they are assigned to, in
 * receipt order, once the theme's window has closed (null otherwise). Three queries whatever the
 * number of proposals.
 */
export async function reviewerBundle(db: Kysely<Database>, themeId: string, reviewerId: string, now: Date) {
  const theme = await db
    .selectFrom("themes as t")
    .innerJoin("theme_reviewers as r", (join) => join.onRef("r.theme_id", "=", "t.id").on("r.user_id", "=", reviewerId))
    .select(["t.id", "t.title", "t.status", "t.opens_at", "t.closes_at", "t.hide_names"])
    .where("t.id", "=", themeId)
    .executeTakeFirst();
  if (!theme || themePhase(theme, now) === "open") return null;
  const [proposals, excluded] = await Promise.all([
    db
      .selectFrom("proposals")
      .select(["id", "title", "receipt_number"])
      .where("theme_id", "=", theme.id)
      .where("status", "in", [...REVIEWABLE])
      .orderBy("receipt_number")
      .orderBy("id")
      .execute(),
    exclusionPairs(db, [theme.id], reviewerId).execute(),
  ]);
  const out = new Set(excluded.map((e) => e.proposal_id));
  return { theme, proposals: proposals.filter((p) => !out.has(p.id)) };
}
