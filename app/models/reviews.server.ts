import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Database, Recommendation } from "../../db/schema";
import { recordAudit } from "./audit.server";
import { enqueueMail } from "./mail.server";
import type { MailContext } from "./mail-context";
import { notify } from "./notifications.server";
import { proposalOrganizationNames } from "./organization-names.server";
import { createProject } from "./projects.server";
import { type CriterionWeight, reviewTotal } from "./review-rules";
import { themePhase } from "./theme-rules";

/** Proposals that are reviewed: submitted ones (withdrawn and drafts never are). */
export const REVIEWABLE = ["submitted", "under_review", "funded", "not_funded"] as const;

/**
 * Assigns an account with the reviewer role (or staff) to a theme. Someone without an account is
 * invited by e-mail instead: once they sign up and confirm that address they become a reviewer
 * and are assigned (see claimReviewerInvitations).
 */
export async function assignReviewer(
  db: Kysely<Database>,
  input: { themeId: string; email: string; staffId: string },
  ctx: MailContext,
): Promise<{ ok: true; invited: boolean } | { ok: false; problem: "not_reviewer" | "already" }> {
  const email = input.email.trim().toLowerCase();
  return db.transaction().execute(async (trx) => {
    const theme = await trx
      .selectFrom("themes")
      .select("title")
      .where("id", "=", input.themeId)
      .executeTakeFirstOrThrow();
    const person = await trx
      .selectFrom("users")
      .select(["id", "email", "name", "role", "locale"])
      .where("email", "=", email)
      .executeTakeFirst();
    if (!person) {
      const invited = await trx
        .insertInto("reviewer_invitations")
        .values({ theme_id: input.themeId, email, invited_by: input.staffId, created_at: ctx.now })
        .onConflict((oc) => oc.columns(["theme_id", "email"]).doNothing())
        .returning("email")
        .executeTakeFirst();
      if (!invited) return { ok: false as const, problem: "already" as const };
      await enqueueMail(trx, email, "notice", {
        locale: ctx.locale,
        name: null,
        kind: "reviewerInvitation",
        params: { theme: theme.title },
        url: `${ctx.publicUrl}/signup?email=${encodeURIComponent(email)}`,
      });
      await recordAudit(trx, {
        actorId: input.staffId,
        action: "theme.reviewer_invited",
        entityType: "theme",
        entityId: input.themeId,
        details: { email },
      });
      return { ok: true as const, invited: true };
    }
    if (person.role !== "reviewer" && person.role !== "staff")
      return { ok: false as const, problem: "not_reviewer" as const };
    const inserted = await trx
      .insertInto("theme_reviewers")
      .values({ theme_id: input.themeId, user_id: person.id, assigned_by: input.staffId, assigned_at: ctx.now })
      .onConflict((oc) => oc.columns(["theme_id", "user_id"]).doNothing())
      .returning("user_id")
      .executeTakeFirst();
    if (!inserted) return { ok: false as const, problem: "already" as const };
    await notify(
      trx,
      [person],
      { message: "notice.reviewAssigned", mail: "reviewAssignment", params: { theme: theme.title }, link: "/reviews" },
      ctx,
    );
    await recordAudit(trx, {
      actorId: input.staffId,
      action: "theme.reviewer_assigned",
      entityType: "theme",
      entityId: input.themeId,
      details: { reviewer: person.id },
    });
    return { ok: true as const, invited: false };
  });
}

/** Called when someone confirms their address: pending reviewer invitations for it take effect. */
export async function claimReviewerInvitations(
  db: Kysely<Database>,
  input: { userId: string; email: string; now: Date },
) {
  const pending = await db
    .updateTable("reviewer_invitations")
    .set({ accepted_at: input.now })
    .where("email", "=", input.email)
    .where("accepted_at", "is", null)
    .returning(["theme_id", "invited_by"])
    .execute();
  if (pending.length === 0) return 0;
  await db
    .updateTable("users")
    .set({ role: "reviewer" })
    .where("id", "=", input.userId)
    .where("role", "=", "member")
    .execute();
  for (const invitation of pending) {
    await db
      .insertInto("theme_reviewers")
      .values({
        theme_id: invitation.theme_id,
        user_id: input.userId,
        assigned_by: invitation.invited_by,
        assigned_at: input.now,
      })
      .onConflict((oc) => oc.columns(["theme_id", "user_id"]).doNothing())
      .execute();
    await recordAudit(db, {
      actorId: input.userId,
      action: "theme.reviewer_joined",
      entityType: "theme",
      entityId: invitation.theme_id,
    });
  }
  return pending.length;
}

/** The (reviewer, proposal) pairs that must not meet (see exclusions), as one query others can build on. */
export function exclusionPairs(db: Kysely<Database>, themeIds: string[], reviewerId?: string) {
  return db
    .selectFrom("proposal_partners as pp")
    .innerJoin("proposals as p", "p.id", "pp.proposal_id")
    .innerJoin("organization_members as m", "m.organization_id", "pp.organization_id")
    .innerJoin("theme_reviewers as r", (join) =>
      join.onRef("r.user_id", "=", "m.user_id").onRef("r.theme_id", "=", "p.theme_id"),
    )
    .innerJoin("organizations as o", "o.id", "pp.organization_id")
    .select([
      "pp.proposal_id",
      "p.receipt_number",
      "m.user_id as reviewer_id",
      "o.name as reason",
      sql<boolean>`false`.as("declared"),
    ])
    .where("p.theme_id", "in", themeIds)
    .where("pp.status", "=", "accepted")
    .$if(reviewerId !== undefined, (q) => q.where("m.user_id", "=", reviewerId ?? ""))
    .unionAll(
      db
        .selectFrom("review_conflicts as c")
        .innerJoin("proposals as p", "p.id", "c.proposal_id")
        .select([
          "c.proposal_id",
          "p.receipt_number",
          "c.reviewer_id",
          "c.reason",
          sql<boolean>`c.kind = 'declared'`.as("declared"),
        ])
        .where("p.theme_id", "in", themeIds)
        .$if(reviewerId !== undefined, (q) => q.where("c.reviewer_id", "=", reviewerId ?? "")),
    );
}

/**
 * Pairs of (reviewer, proposal) that must not meet: the reviewer belongs to an organisation on
 * the proposal (computed from current membership), or declared a conflict.
 */
export async function exclusions(db: Kysely<Database>, themeId: string) {
  const rows = await exclusionPairs(db, [themeId]).execute();

  return rows.map((e) => ({
    proposalId: e.proposal_id,
    receipt: e.receipt_number,
    reviewerId: e.reviewer_id,
    reason: e.reason,
    declared: e.declared,
  }));
}

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
export type Stage = 1 | 2;

export async function reviewAccess(db: Kysely<Database>, reviewerId: string, proposalId: string, stage: Stage = 1) {
  const row = await db
    .selectFrom("proposals as p")
    .innerJoin("themes as t", "t.id", "p.theme_id")
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

export interface ReviewInput {
  scores: Record<string, number>;
  comments: Record<string, string>;
  overallComment: string;
  recommendation: Recommendation | null;
}

/** Problems that keep a review from being submitted; a draft may be saved with any of them. */
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
  { ok: true } | { ok: false; error: "final" } | { ok: false; problems: { field: string; message: string }[] }
> {
  // A draft may leave scores out, but a score it holds is within the criterion's range, as when submitted.
  const problems = input.submit
    ? reviewProblems(input.criteria, input.review)
    : reviewProblems(input.criteria, input.review).filter(
        (p) => p.field.startsWith("scores.") && input.review.scores[p.field.slice("scores.".length)] !== undefined,
      );
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
    if (existing?.status === "submitted") return { ok: false as const, error: "final" as const };
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
      await recordAudit(trx, {
        actorId: input.reviewerId,
        action: "review.submitted",
        entityType: "proposal",
        entityId: input.proposalId,
      });
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
    await recordAudit(trx, {
      actorId: input.staffId,
      action: "review.reopened",
      entityType: "proposal",
      entityId: input.proposalId,
      details: { reviewer: input.reviewerId },
    });
    return true;
  });
}

/** A conflict can be declared until the review is submitted; a submitted review is final. */
export async function declareConflict(
  db: Kysely<Database>,
  input: { proposalId: string; reviewerId: string; reason: string },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const reviews = await trx
      .selectFrom("reviews")
      .select("status")
      .where("proposal_id", "=", input.proposalId)
      .where("reviewer_id", "=", input.reviewerId)
      .forUpdate()
      .execute();
    if (reviews.some((r) => r.status === "submitted")) return false;
    await trx
      .insertInto("review_conflicts")
      .values({ proposal_id: input.proposalId, reviewer_id: input.reviewerId, reason: input.reason })
      .onConflict((oc) => oc.columns(["proposal_id", "reviewer_id"]).doUpdateSet({ reason: input.reason }))
      .execute();
    await trx
      .deleteFrom("reviews")
      .where("proposal_id", "=", input.proposalId)
      .where("reviewer_id", "=", input.reviewerId)
      .execute();
    await recordAudit(trx, {
      actorId: input.reviewerId,
      action: "review.conflict_declared",
      entityType: "proposal",
      entityId: input.proposalId,
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

/** Staff choose which proposals go on from the paper review to the presentation round. */
export async function setAdvanced(
  db: Kysely<Database>,
  input: { proposalId: string; themeId: string; advanced: boolean; staffId: string },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("proposals")
      .set({ advanced: input.advanced })
      .where("id", "=", input.proposalId)
      .where("theme_id", "=", input.themeId)
      .where("status", "in", [...REVIEWABLE])
      .where((eb) =>
        eb.exists(eb.selectFrom("themes").select("id").where("id", "=", input.themeId).where("review_stages", "=", 2)),
      )
      .returning("id")
      .executeTakeFirst();
    if (!updated) return false;
    await recordAudit(trx, {
      actorId: input.staffId,
      action: input.advanced ? "proposal.advanced" : "proposal.unadvanced",
      entityType: "proposal",
      entityId: input.proposalId,
    });
    return true;
  });
}

export async function recordDecision(
  db: Kysely<Database>,
  input: {
    themeId: string;
    proposalId: string;
    staffId: string;
    decision: "funded" | "not_funded";
    amount: number;
    conditions: string;
    feedback: string;
    now: Date;
  },
): Promise<
  { ok: true } | { ok: false; problem: "over_requested" | "over_cap" | "released" | "not_found" | "excluded" }
> {
  return db.transaction().execute(async (trx) => {
    const p = await trx
      .selectFrom("proposals as p")
      .innerJoin("themes as t", "t.id", "p.theme_id")
      .select([
        "p.id",
        "p.requested_amount",
        "t.status as theme_status",
        "t.grant_cap_total",
        "t.grant_cap_per_year",
        "t.duration_years",
      ])
      .where("p.id", "=", input.proposalId)
      .where("p.theme_id", "=", input.themeId)
      .where("p.status", "in", [...REVIEWABLE])
      .executeTakeFirst();
    if (!p) return { ok: false as const, problem: "not_found" as const };
    // Staff who belong to an applicant organisation, or declared a conflict, leave the decision to another.
    if (await excludedFromDeciding(trx, input.staffId, p.id))
      return { ok: false as const, problem: "excluded" as const };
    if (p.theme_status !== "published") return { ok: false as const, problem: "released" as const };
    const amount = input.decision === "funded" ? input.amount : 0;
    if (amount > p.requested_amount) return { ok: false as const, problem: "over_requested" as const };
    if (amount > Math.min(p.grant_cap_total, p.grant_cap_per_year * p.duration_years))
      return { ok: false as const, problem: "over_cap" as const };
    const values = {
      decision: input.decision,
      amount,
      conditions: input.conditions,
      feedback: input.feedback,
      decided_by: input.staffId,
      decided_at: input.now,
    };
    await trx
      .insertInto("decisions")
      .values({ proposal_id: p.id, ...values })
      .onConflict((oc) => oc.column("proposal_id").doUpdateSet(values))
      .execute();
    await recordAudit(trx, {
      actorId: input.staffId,
      action: "proposal.decision_recorded",
      entityType: "proposal",
      entityId: p.id,
      details: { decision: input.decision, amount },
    });
    return { ok: true as const };
  });
}

/** Every member of every organisation on a proposal: who hears of its result and its presentation. */
function applicantMembers(db: Kysely<Database>, proposalId: string) {
  return db
    .selectFrom("proposal_partners as pp")
    .innerJoin("organization_members as m", "m.organization_id", "pp.organization_id")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.email", "u.name", "u.locale"])
    .where("pp.proposal_id", "=", proposalId)
    .where("pp.status", "=", "accepted")
    .distinct()
    .execute();
}

/** A member of an organisation on the proposal, or someone who declared a conflict with it. */
export async function excludedFromDeciding(db: Kysely<Database>, userId: string, proposalId: string) {
  const row = await excludedFromDecidingQuery(db, userId, proposalId).executeTakeFirstOrThrow();
  return Boolean(row.excluded);
}

/** The rule of excludedFromDeciding as a query of one boolean, to run or to nest in another. */
function excludedFromDecidingQuery(db: Kysely<Database>, userId: string, proposalId: string) {
  return db.selectNoFrom((eb) =>
    eb
      .or([
        eb.exists(
          eb
            .selectFrom("proposal_partners as pp")
            .innerJoin("organization_members as m", "m.organization_id", "pp.organization_id")
            .select("pp.proposal_id")
            .where("pp.proposal_id", "=", proposalId)
            .where("pp.status", "=", "accepted")
            .where("m.user_id", "=", userId),
        ),
        eb.exists(
          eb
            .selectFrom("review_conflicts as c")
            .select("c.proposal_id")
            .where("c.proposal_id", "=", proposalId)
            .where("c.reviewer_id", "=", userId),
        ),
      ])
      .as("excluded"),
  );
}

/**
 * One action per theme: every decision becomes visible at once, each member of each applicant
 * organisation is told, the theme lists its funded proposals. Only once (the theme's status).
 */
export async function releaseResults(
  db: Kysely<Database>,
  input: { themeId: string; staffId: string },
  ctx: MailContext,
): Promise<{ ok: true; notified: number } | { ok: false; problem: "missing_decisions" | "not_closed" | "already" }> {
  return db.transaction().execute(async (trx) => {
    const theme = await trx
      .selectFrom("themes")
      .select(["id", "title", "status", "opens_at", "closes_at"])
      .where("id", "=", input.themeId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (theme.status === "results_released") return { ok: false as const, problem: "already" as const };
    if (themePhase(theme, ctx.now) !== "closed") return { ok: false as const, problem: "not_closed" as const };
    const proposals = await trx
      .selectFrom("proposals as p")
      .leftJoin("decisions as d", "d.proposal_id", "p.id")
      .select(["p.id", "p.title", "d.decision", "d.amount"])
      .where("p.theme_id", "=", theme.id)
      .where("p.status", "in", ["submitted", "under_review"])
      .execute();
    if (proposals.some((p) => !p.decision)) return { ok: false as const, problem: "missing_decisions" as const };
    let notified = 0;
    for (const p of proposals) {
      await trx
        .updateTable("proposals")
        .set({ status: p.decision === "funded" ? "funded" : "not_funded", updated_at: ctx.now })
        .where("id", "=", p.id)
        .execute();
      // Each funded proposal becomes a project, its milestones taken from the proposal's schedule.
      if (p.decision === "funded")
        await createProject(trx, { proposalId: p.id, grantAmount: p.amount ?? 0, now: ctx.now });
      const people = await applicantMembers(trx, p.id);
      await notify(
        trx,
        people,
        {
          message: "notice.resultReleased",
          mail: "resultReleased",
          params: { title: p.title, theme: theme.title },
          link: `/proposals/${p.id}`,
        },
        ctx,
      );
      notified += people.length;
    }
    await trx
      .updateTable("themes")
      .set({ status: "results_released", results_released_at: ctx.now, updated_at: ctx.now })
      .where("id", "=", theme.id)
      .execute();
    await recordAudit(trx, {
      actorId: input.staffId,
      action: "theme.results_released",
      entityType: "theme",
      entityId: theme.id,
      details: { proposals: proposals.length },
    });
    return { ok: true as const, notified };
  });
}

/** After release: the decision and feedback an applicant may read (never scores or reviewers). */
export async function releasedDecision(db: Kysely<Database>, proposalId: string) {
  return db
    .selectFrom("decisions as d")
    .innerJoin("proposals as p", "p.id", "d.proposal_id")
    .select(["d.decision", "d.amount", "d.conditions", "d.feedback"])
    .where("d.proposal_id", "=", proposalId)
    .where("p.status", "in", ["funded", "not_funded"])
    .executeTakeFirst();
}

export async function fundedProposals(db: Kysely<Database>, themeId: string) {
  return db
    .selectFrom("proposals as p")
    .innerJoin("decisions as d", "d.proposal_id", "p.id")
    .select(["p.id", "p.title", "d.amount", proposalOrganizationNames("p.id").as("organizations")])
    .where("p.theme_id", "=", themeId)
    .where("p.status", "=", "funded")
    .orderBy("p.receipt_number")
    .execute();
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

/** Takes a reviewer off a theme: their drafts go, submitted reviews stop counting, all audited. */
export async function removeReviewer(
  db: Kysely<Database>,
  input: { themeId: string; reviewerId: string; staffId: string },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom("theme_reviewers")
      .where("theme_id", "=", input.themeId)
      .where("user_id", "=", input.reviewerId)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return false;
    const drafts = await trx
      .deleteFrom("reviews")
      .where("reviewer_id", "=", input.reviewerId)
      .where("status", "=", "draft")
      .where("proposal_id", "in", (eb) =>
        eb.selectFrom("proposals").select("proposals.id").where("proposals.theme_id", "=", input.themeId),
      )
      .executeTakeFirst();
    await recordAudit(trx, {
      actorId: input.staffId,
      action: "theme.reviewer_removed",
      entityType: "theme",
      entityId: input.themeId,
      details: { reviewer: input.reviewerId, draftsDiscarded: Number(drafts.numDeletedRows) },
    });
    return true;
  });
}

/** People invited to review the theme who have not yet signed up (or confirmed their address). */
/** Invitations to review the theme not yet taken up, oldest first (a query to run or to nest). */
export function pendingInvitationsQuery(db: Kysely<Database>, themeId: string) {
  return db
    .selectFrom("reviewer_invitations")
    .select(["email", "created_at"])
    .where("theme_id", "=", themeId)
    .where("accepted_at", "is", null)
    .orderBy("created_at");
}

/** Proposals awaiting review with no decision yet: release is refused while there are any. */
export function undecidedQuery(db: Kysely<Database>, themeId: string) {
  return db
    .selectFrom("proposals as p")
    .leftJoin("decisions as d", "d.proposal_id", "p.id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("p.theme_id", "=", themeId)
    .where("p.status", "in", ["submitted", "under_review"])
    .where("d.proposal_id", "is", null);
}

export async function undecidedCount(db: Kysely<Database>, themeId: string): Promise<number> {
  const row = await undecidedQuery(db, themeId).executeTakeFirstOrThrow();
  return Number(row.n);
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

/** Marks (or clears) a proposal of the theme whose text names its applicants; audited. */
export async function flagNamesInText(
  db: Kysely<Database>,
  input: { themeId: string; proposalId: string; staffId: string; flagged: boolean; now: Date },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("proposals")
      .set({
        names_flagged_at: input.flagged ? input.now : null,
        names_flagged_by: input.flagged ? input.staffId : null,
      })
      .where("id", "=", input.proposalId)
      .where("theme_id", "=", input.themeId)
      .where("status", "in", [...REVIEWABLE])
      .returning("id")
      .executeTakeFirst();
    if (!updated) return false;
    await recordAudit(trx, {
      actorId: input.staffId,
      action: input.flagged ? "proposal.names_flagged" : "proposal.names_unflagged",
      entityType: "proposal",
      entityId: input.proposalId,
    });
    return true;
  });
}

/**
 * Tells the applicants of every proposal advanced to the presentation round when and where it is:
 * each member of each organisation on the proposal, by e-mail and notice. A proposal already told
 * of these same arrangements is not told again; a changed time or place is. Audited.
 */
export async function invitePresentations(
  db: Kysely<Database>,
  input: { themeId: string; at: Date; place: string; staffId: string },
  ctx: MailContext,
): Promise<{ ok: true; proposals: number } | { ok: false; problem: "not_two_stage" }> {
  return db.transaction().execute(async (trx) => {
    const theme = await trx
      .updateTable("themes")
      .set({ presentation_at: input.at, presentation_place: input.place })
      .where("id", "=", input.themeId)
      .where("review_stages", "=", 2)
      .where("status", "=", "published")
      .returning(["id", "title"])
      .executeTakeFirst();
    if (!theme) return { ok: false as const, problem: "not_two_stage" as const };
    const arrangements = `${input.at.toISOString()}|${input.place}`;
    const proposals = await trx
      .selectFrom("proposals")
      .select(["id", "title"])
      .where("theme_id", "=", theme.id)
      .where("advanced", "=", true)
      .where("status", "in", [...REVIEWABLE])
      .where((eb) => eb.or([eb("presentation_told", "is", null), eb("presentation_told", "!=", arrangements)]))
      .execute();
    const when = new Intl.DateTimeFormat("ja-JP", {
      timeZone: "Asia/Tokyo",
      dateStyle: "long",
      timeStyle: "short",
    }).format(input.at);
    for (const p of proposals) {
      const people = await applicantMembers(trx, p.id);
      await notify(
        trx,
        people,
        {
          message: "notice.presentationInvitation",
          mail: "presentationInvitation",
          params: { title: p.title, theme: theme.title, when, place: input.place },
          link: `/proposals/${p.id}`,
        },
        ctx,
      );
      await trx.updateTable("proposals").set({ presentation_told: arrangements }).where("id", "=", p.id).execute();
    }
    await recordAudit(trx, {
      actorId: input.staffId,
      action: "theme.presentations_announced",
      entityType: "theme",
      entityId: theme.id,
      details: { at: input.at.toISOString(), place: input.place, proposals: proposals.length },
    });
    return { ok: true as const, proposals: proposals.length };
  });
}
