/**
 * What the ward's PDF documents say beyond what the pages already load: the lead organisation's
 * representatives (代表者) for the application form and the notice, a released result with its
 * dates and the theme's contact for the notice, one reviewer's score sheet, and a project's
 * accepted final report with its plan. Who may read each is decided before these run (the routes'
 * require<Thing> and the policy tables); each query still takes the id it was given in its where.
 */
import { type Kysely, sql } from "kysely";
import type { Database, FinalReport, Recommendation } from "../../db/schema";
import { projectsWithTheme, proposalsWithTheme } from "./joins.server";
import { proposalOrganizationNames } from "./organization-names.server";
import { publicOutcomes } from "./project-outcomes";
import { REVIEWABLE, type Stage } from "./reviews.server";

/** The names of an organisation's representatives, longest-standing first: the 代表者 of its documents. */
export async function representativeNames(db: Kysely<Database>, organizationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("organization_members as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select("u.name")
    .where("m.organization_id", "=", organizationId)
    .where("m.role", "=", "representative")
    .orderBy("m.joined_at")
    .execute();
  return rows.map((r) => r.name);
}

/** A course's name in both languages, for the application form's heading. */
export async function courseName(db: Kysely<Database>, themeId: string) {
  return db
    .selectFrom("themes as t")
    .innerJoin("courses as c", "c.id", "t.course_id")
    .select(["c.name_ja", "c.name_en"])
    .where("t.id", "=", themeId)
    .executeTakeFirst();
}

/**
 * What a notice to an applicant says: the decision, amount, conditions and feedback, the proposal
 * and its organisations, when it was submitted and when the result was released, and whom to ask.
 * Null until the theme's results are released: applicants learn nothing before (releasedDecision).
 */
export async function releasedNotice(db: Kysely<Database>, proposalId: string) {
  const row = await proposalsWithTheme(db)
    .innerJoin("decisions as d", "d.proposal_id", "p.id")
    .innerJoin("organizations as lead", "lead.id", "p.lead_organization_id")
    .select([
      "p.id",
      "p.title",
      "p.receipt_number",
      "p.submitted_at",
      "p.lead_organization_id",
      "lead.name as lead_name",
      proposalOrganizationNames("p.id").as("organizations"),
      "t.title as theme_title",
      "t.department",
      "t.contact",
      "t.results_released_at",
      "d.decision",
      "d.amount",
      "d.conditions",
      "d.feedback",
    ])
    .where("p.id", "=", proposalId)
    .where("p.status", "in", ["funded", "not_funded"])
    .where("t.results_released_at", "is not", null)
    .executeTakeFirst();
  if (!row?.results_released_at) return null;
  return {
    ...row,
    releasedAt: row.results_released_at,
    representatives: await representativeNames(db, row.lead_organization_id),
  };
}

/**
 * One reviewer's score sheet for one proposal of the theme in a round: the reviewer's name and their
 * review (null when they have not started it). Null when the proposal is not one of the theme's
 * reviewed proposals or the person is not on the theme's panel.
 */
export async function reviewerSheet(
  db: Kysely<Database>,
  input: { themeId: string; proposalId: string; reviewerId: string; stage: Stage },
) {
  const { rows } = await sql<{
    reviewer_name: string;
    status: "draft" | "submitted" | null;
    scores: Record<string, number> | null;
    comments: Record<string, string> | null;
    overall_comment: string | null;
    recommendation: Recommendation | null;
    total: number | null;
  }>`
    select u.name as reviewer_name, r.status, r.scores, r.comments, r.overall_comment, r.recommendation, r.total
    from proposals p
    join theme_reviewers tr on tr.theme_id = p.theme_id and tr.user_id = ${input.reviewerId}
    join users u on u.id = tr.user_id
    left join reviews r on r.proposal_id = p.id and r.reviewer_id = tr.user_id and r.stage = ${input.stage}
    where p.id = ${input.proposalId} and p.theme_id = ${input.themeId}
      and p.status in (${sql.join([...REVIEWABLE])})
  `.execute(db);
  const row = rows[0];
  if (!row) return null;
  return { reviewerName: row.reviewer_name, review: row.status ? reviewOf(row) : null };
}

/** A stored review as a score sheet shows it. */
export function reviewOf(row: {
  status: "draft" | "submitted" | null;
  scores: Record<string, number> | null;
  comments: Record<string, string> | null;
  overall_comment: string | null;
  recommendation: Recommendation | null;
  total: number | string | null;
}) {
  return {
    status: row.status ?? ("draft" as const),
    scores: row.scores ?? {},
    comments: row.comments ?? {},
    overall: row.overall_comment ?? "",
    recommendation: row.recommendation,
    // numeric arrives as a string from pg.
    total: row.total === null ? null : Number(row.total),
  };
}

export type SheetReview = ReturnType<typeof reviewOf>;

/**
 * A completed project's report as the ward files it (実績報告書): the project, its theme,
 * organisations and period, its milestones, and the accepted final report — each indicator's target
 * and result, each budget line's plan and spending with the totals, the self-evaluation and the
 * ward's comment. Null until staff accept the final report (a submitted or returned one may change).
 */
export async function completionReport(db: Kysely<Database>, projectId: string) {
  const project = await projectsWithTheme(db)
    .select([
      "p.id",
      "p.title",
      "p.grant_amount",
      "p.final_status",
      "p.final_report",
      "p.final_comment",
      "t.title as theme_title",
      proposalOrganizationNames("p.proposal_id").as("organizations"),
    ])
    .where("p.id", "=", projectId)
    .executeTakeFirst();
  if (!project) return null;
  const report = project.final_report as FinalReport | null;
  const figures = publicOutcomes({ status: project.final_status, report });
  if (!figures || !report) return null;
  const milestones = await db
    .selectFrom("milestones")
    .select(["title", "due_on", "status"])
    .where("project_id", "=", projectId)
    .orderBy("position")
    .execute();
  return {
    title: project.title,
    theme: project.theme_title,
    organizations: project.organizations ?? "",
    grant: project.grant_amount,
    comment: project.final_comment,
    milestones,
    ...figures,
    selfEvaluation: report.selfEvaluation,
  };
}
