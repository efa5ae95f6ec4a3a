/**
 * A project's team and its reports: who is on the team (and may read the project's back office),
 * what the team and staff see of the work, milestone reports sent and decided. The final report is
 * in project-final-report.server.ts, the due-day reminders in project-reminders.server.ts, staff's
 * dashboard, adjustments and continuations in project-oversight.server.ts.
 */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { recordAudit } from "./audit.server";
import { projectsWithTheme } from "./joins.server";
import type { MailContext } from "./mail-context";
import { notify, type Recipient } from "./notifications.server";
import { PROJECT_BASICS } from "./projects.server";
import type { SectionContent } from "./proposal-rules";

/** The memberships of every organisation on the project ("p"): its team, as "m". */
function teamMemberships(db: Kysely<Database>, projectId: string) {
  return db
    .selectFrom("projects as p")
    .innerJoin("proposal_partners as pp", "pp.proposal_id", "p.proposal_id")
    .innerJoin("organization_members as m", "m.organization_id", "pp.organization_id")
    .where("p.id", "=", projectId)
    .where("pp.status", "=", "accepted");
}

/** The members of every organisation on the project: its team. */
export async function teamOf(db: Kysely<Database>, projectId: string): Promise<Recipient[]> {
  return teamMemberships(db, projectId)
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.email", "u.name", "u.locale"])
    .distinct()
    .execute();
}

export async function staffOf(db: Kysely<Database>): Promise<Recipient[]> {
  return db
    .selectFrom("users")
    .select(["id", "email", "name", "locale"])
    .where("role", "in", ["staff", "admin"])
    .execute();
}

/** Only the project's team reports; staff read everything; everyone else: nothing (404). */
export async function projectAccess(db: Kysely<Database>, projectId: string, user: { id: string; isStaff: boolean }) {
  const team = await teamMemberships(db, projectId).select("p.id").where("m.user_id", "=", user.id).executeTakeFirst();
  if (team) return "team" as const;
  if (user.isStaff && (await db.selectFrom("projects").select("id").where("id", "=", projectId).executeTakeFirst()))
    return "staff" as const;
  return null;
}

export async function projectWork(db: Kysely<Database>, projectId: string) {
  const [project, milestones, reports, photos, plan, continuations] = await Promise.all([
    projectsWithTheme(db)
      .select([...PROJECT_BASICS, "p.final_report", "p.final_comment", "t.duration_years"])
      .where("p.id", "=", projectId)
      .executeTakeFirst(),
    db.selectFrom("milestones").selectAll().where("project_id", "=", projectId).orderBy("position").execute(),
    db
      .selectFrom("milestone_reports as r")
      .innerJoin("milestones as m", "m.id", "r.milestone_id")
      .leftJoin("users as u", "u.id", "r.submitted_by")
      .select([
        "r.id",
        "r.milestone_id",
        "r.body",
        "r.public_excerpt",
        "r.spent",
        "r.status",
        "r.staff_comment",
        "r.submitted_at",
        "u.name as submitted_by_name",
      ])
      .where("m.project_id", "=", projectId)
      .orderBy("r.submitted_at")
      .execute(),
    db
      .selectFrom("files as f")
      .innerJoin("milestone_reports as r", "r.id", "f.owner_id")
      .innerJoin("milestones as m", "m.id", "r.milestone_id")
      .select(["f.id", "f.owner_id as report_id", "f.label", "f.is_public", "f.content_type", "f.description"])
      .where("f.owner_type", "=", "report")
      .where("m.project_id", "=", projectId)
      .execute(),
    // The proposal's indicators and budget lines: the final report answers them one by one.
    db
      .selectFrom("proposal_sections as s")
      .innerJoin("projects as p", "p.proposal_id", "s.proposal_id")
      .select(["s.section", "s.content"])
      .where("p.id", "=", projectId)
      .where("s.section", "in", ["outcomes", "budget"])
      .execute(),
    db.selectFrom("project_continuations").selectAll().where("project_id", "=", projectId).orderBy("year").execute(),
  ]);
  if (!project) return null;
  const outcomes = plan.find((s) => s.section === "outcomes")?.content as SectionContent["outcomes"] | undefined;
  const budget = plan.find((s) => s.section === "budget")?.content as SectionContent["budget"] | undefined;
  return {
    project,
    milestones,
    reports,
    photos,
    indicators: outcomes?.indicators ?? [],
    budgetLines: budget?.lines ?? [],
    continuations,
  };
}

export type ReportProblem = "not_found" | "already_approved" | "waiting";

/** The team reports on a milestone; staff are told. A returned report is answered by a new one. */
export async function submitReport(
  db: Kysely<Database>,
  input: { milestoneId: string; userId: string; body: string; publicExcerpt: string; spent: number },
  ctx: MailContext,
): Promise<{ ok: true; reportId: string } | { ok: false; problem: ReportProblem }> {
  return db.transaction().execute(async (trx) => {
    const milestone = await trx
      .selectFrom("milestones as m")
      .innerJoin("projects as p", "p.id", "m.project_id")
      .select(["m.id", "m.status", "m.title", "m.project_id", "p.title as project_title"])
      .where("m.id", "=", input.milestoneId)
      .forUpdate()
      .executeTakeFirst();
    if (!milestone) return { ok: false as const, problem: "not_found" as const };
    if (milestone.status === "approved") return { ok: false as const, problem: "already_approved" as const };
    if (milestone.status === "submitted") return { ok: false as const, problem: "waiting" as const };
    const reportId = randomUUID();
    await trx
      .insertInto("milestone_reports")
      .values({
        id: reportId,
        milestone_id: milestone.id,
        body: input.body,
        public_excerpt: input.publicExcerpt,
        spent: input.spent,
        submitted_by: input.userId,
        submitted_at: ctx.now,
      })
      .execute();
    await trx.updateTable("milestones").set({ status: "submitted" }).where("id", "=", milestone.id).execute();
    await notify(
      trx,
      await staffOf(trx),
      {
        message: "notice.reportSubmitted",
        mail: "reportSubmitted",
        params: { project: milestone.project_title, milestone: milestone.title },
        link: `/projects/${milestone.project_id}/manage`,
      },
      ctx,
    );
    await recordAudit(trx, input.userId, "milestone.report_submitted", ["project", milestone.project_id], {
      milestone: milestone.id,
    });
    return { ok: true as const, reportId };
  });
}

/** Staff approve a report or return it with a comment; the team is told either way. */
export async function decideReport(
  db: Kysely<Database>,
  input: { projectId: string; reportId: string; staffId: string; approve: boolean; comment: string },
  ctx: MailContext,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const report = await trx
      .updateTable("milestone_reports")
      .set({
        status: input.approve ? "approved" : "returned",
        staff_comment: input.comment,
        decided_by: input.staffId,
        decided_at: ctx.now,
      })
      .where("id", "=", input.reportId)
      // The report must be one of the project in the URL, whose access was checked: not another's.
      .where("milestone_id", "in", (eb) =>
        eb.selectFrom("milestones").select("milestones.id").where("milestones.project_id", "=", input.projectId),
      )
      .where("status", "=", "submitted")
      .returning(["milestone_id"])
      .executeTakeFirst();
    if (!report) return false;
    const milestone = await trx
      .updateTable("milestones")
      .set({ status: input.approve ? "approved" : "returned", approved_at: input.approve ? ctx.now : null })
      .where("id", "=", report.milestone_id)
      .returning(["project_id", "title"])
      .executeTakeFirstOrThrow();
    const project = await trx
      .selectFrom("projects")
      .select("title")
      .where("id", "=", milestone.project_id)
      .executeTakeFirstOrThrow();
    await notify(
      trx,
      await teamOf(trx, milestone.project_id),
      {
        message: input.approve ? "notice.reportApproved" : "notice.reportReturned",
        mail: input.approve ? "reportApproved" : "reportReturned",
        params: { project: project.title, milestone: milestone.title, comment: input.comment },
        link: `/projects/${milestone.project_id}/manage`,
      },
      ctx,
    );
    await recordAudit(
      trx,
      input.staffId,
      input.approve ? "milestone.report_approved" : "milestone.report_returned",
      ["project", milestone.project_id],
      { milestone: report.milestone_id },
    );
    return true;
  });
}
