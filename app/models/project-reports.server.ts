import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { tokyoToday } from "~/utils/japan-time";
import type { Database, FinalReport } from "../../db/schema";
import { recordAudit } from "./audit.server";
import type { MailContext } from "./mail-context";
import { notify, type Recipient } from "./notifications.server";
import { milestonePhase } from "./projects.server";
import type { SectionContent } from "./proposal-rules";

/** The members of every organisation on the project: its team. */
async function teamOf(db: Kysely<Database>, projectId: string): Promise<Recipient[]> {
  return db
    .selectFrom("projects as p")
    .innerJoin("proposal_partners as pp", "pp.proposal_id", "p.proposal_id")
    .innerJoin("organization_members as m", "m.organization_id", "pp.organization_id")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.email", "u.name", "u.locale"])
    .where("p.id", "=", projectId)
    .where("pp.status", "=", "accepted")
    .distinct()
    .execute();
}

async function staffOf(db: Kysely<Database>): Promise<Recipient[]> {
  return db
    .selectFrom("users")
    .select(["id", "email", "name", "locale"])
    .where("role", "in", ["staff", "admin"])
    .execute();
}

/** Only the project's team reports; staff read everything; everyone else: nothing (404). */
export async function projectAccess(db: Kysely<Database>, projectId: string, user: { id: string; isStaff: boolean }) {
  const team = await db
    .selectFrom("projects as p")
    .innerJoin("proposal_partners as pp", "pp.proposal_id", "p.proposal_id")
    .innerJoin("organization_members as m", "m.organization_id", "pp.organization_id")
    .select("p.id")
    .where("p.id", "=", projectId)
    .where("pp.status", "=", "accepted")
    .where("m.user_id", "=", user.id)
    .executeTakeFirst();
  if (team) return "team" as const;
  if (user.isStaff && (await db.selectFrom("projects").select("id").where("id", "=", projectId).executeTakeFirst()))
    return "staff" as const;
  return null;
}

export async function projectWork(db: Kysely<Database>, projectId: string) {
  const [project, milestones, reports, photos, plan, continuations] = await Promise.all([
    db
      .selectFrom("projects as p")
      .innerJoin("themes as t", "t.id", "p.theme_id")
      .select([
        "p.id",
        "p.title",
        "p.status",
        "p.grant_amount",
        "p.final_report",
        "p.final_status",
        "p.final_comment",
        "t.duration_years",
      ])
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
      .select(["f.id", "f.owner_id as report_id", "f.label", "f.is_public", "f.content_type"])
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
    await recordAudit(trx, {
      actorId: input.userId,
      action: "milestone.report_submitted",
      entityType: "project",
      entityId: milestone.project_id,
      details: { milestone: milestone.id },
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
    await recordAudit(trx, {
      actorId: input.staffId,
      action: input.approve ? "milestone.report_approved" : "milestone.report_returned",
      entityType: "project",
      entityId: milestone.project_id,
      details: { milestone: report.milestone_id },
    });
    return true;
  });
}

/** 完了報告: sent by the team once every milestone is approved; accepted by staff, it closes the project. */
export async function submitFinalReport(
  db: Kysely<Database>,
  input: { projectId: string; userId: string; report: FinalReport },
  ctx: MailContext,
): Promise<{ ok: true } | { ok: false; problem: "milestones_open" | "not_open" }> {
  return db.transaction().execute(async (trx) => {
    const project = await trx
      .selectFrom("projects")
      .select(["id", "title", "status", "final_status"])
      .where("id", "=", input.projectId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (project.status !== "active" || !(project.final_status === "none" || project.final_status === "returned")) {
      return { ok: false as const, problem: "not_open" as const };
    }
    const open = await trx
      .selectFrom("milestones")
      .select("id")
      .where("project_id", "=", project.id)
      .where("status", "!=", "approved")
      .execute();
    if (open.length) return { ok: false as const, problem: "milestones_open" as const };
    await trx
      .updateTable("projects")
      .set({ final_report: JSON.stringify(input.report), final_status: "submitted" })
      .where("id", "=", project.id)
      .execute();
    await notify(
      trx,
      await staffOf(trx),
      {
        message: "notice.finalSubmitted",
        mail: "reportSubmitted",
        params: { project: project.title, milestone: "完了報告" },
        link: `/projects/${project.id}/manage`,
      },
      ctx,
    );
    await recordAudit(trx, {
      actorId: input.userId,
      action: "project.final_report_submitted",
      entityType: "project",
      entityId: project.id,
    });
    return { ok: true as const };
  });
}

export async function decideFinalReport(
  db: Kysely<Database>,
  input: { projectId: string; staffId: string; accept: boolean; comment: string },
  ctx: MailContext,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const project = await trx
      .updateTable("projects")
      .set({
        final_status: input.accept ? "accepted" : "returned",
        final_comment: input.comment,
        status: input.accept ? "completed" : "active",
      })
      .where("id", "=", input.projectId)
      .where("final_status", "=", "submitted")
      .returning(["id", "title"])
      .executeTakeFirst();
    if (!project) return false;
    await notify(
      trx,
      await teamOf(trx, project.id),
      {
        message: input.accept ? "notice.finalAccepted" : "notice.reportReturned",
        mail: input.accept ? "reportApproved" : "reportReturned",
        params: { project: project.title, milestone: "完了報告", comment: input.comment },
        link: `/projects/${project.id}/manage`,
      },
      ctx,
    );
    await recordAudit(trx, {
      actorId: input.staffId,
      action: input.accept ? "project.completed" : "project.final_report_returned",
      entityType: "project",
      entityId: project.id,
    });
    return true;
  });
}

/** Before each new year of a multi-year project, staff record whether it continues. */
export async function recordContinuation(
  db: Kysely<Database>,
  input: { projectId: string; staffId: string; year: number; decision: "continue" | "stop"; note: string; now: Date },
) {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("project_continuations")
      .values({
        project_id: input.projectId,
        year: input.year,
        decision: input.decision,
        note: input.note,
        decided_by: input.staffId,
        decided_at: input.now,
      })
      .onConflict((oc) =>
        oc.columns(["project_id", "year"]).doUpdateSet({
          decision: input.decision,
          note: input.note,
          decided_by: input.staffId,
          decided_at: input.now,
        }),
      )
      .execute();
    if (input.decision === "stop")
      await trx
        .updateTable("projects")
        .set({ status: "stopped" })
        .where("id", "=", input.projectId)
        .where("status", "=", "active")
        .execute();
    await recordAudit(trx, {
      actorId: input.staffId,
      action: `project.continuation_${input.decision}`,
      entityType: "project",
      entityId: input.projectId,
      details: { year: input.year },
    });
  });
}

/** Staff adjust a milestone while nothing has been reported on it yet. */
export async function adjustMilestone(
  db: Kysely<Database>,
  input: { projectId: string; milestoneId: string; staffId: string; title: string; dueOn: string },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("milestones")
      .set({ title: input.title, due_on: input.dueOn })
      .where("id", "=", input.milestoneId)
      .where("project_id", "=", input.projectId)
      .where("status", "=", "planned")
      .returning("id")
      .executeTakeFirst();
    if (!updated) return false;
    // A moved due day earns its reminders afresh.
    await trx.deleteFrom("milestone_reminders").where("milestone_id", "=", input.milestoneId).execute();
    await recordAudit(trx, {
      actorId: input.staffId,
      action: "milestone.adjusted",
      entityType: "project",
      entityId: input.projectId,
      details: { milestone: input.milestoneId, due: input.dueOn },
    });
    return true;
  });
}

const DAY = 24 * 3600_000;

/**
 * Reminders 7 days and 1 day before a due day, and on the day a milestone becomes overdue, each
 * exactly once: the reminder row is inserted first (primary key milestone + kind) and only a new
 * row sends, in the same transaction, so restarts and several processes never repeat one.
 */
export async function sendDueReminders(db: Kysely<Database>, ctx: MailContext): Promise<number> {
  const today = tokyoToday(ctx.now);
  const inDays = (n: number) => tokyoToday(new Date(ctx.now.getTime() + n * DAY));
  const due = await db
    .selectFrom("milestones as m")
    .innerJoin("projects as p", "p.id", "m.project_id")
    .select(["m.id", "m.title", "m.due_on", "m.status", "m.project_id", "p.title as project_title"])
    .where("p.status", "=", "active")
    .where("m.status", "in", ["planned", "returned"])
    .where((eb) => eb.or([eb("m.due_on", "in", [inDays(7), inDays(1)]), eb("m.due_on", "<", today)]))
    .execute();
  let sent = 0;
  for (const m of due) {
    const kind = m.due_on === inDays(7) ? "week" : m.due_on === inDays(1) ? "day" : "overdue";
    await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto("milestone_reminders")
        .values({ milestone_id: m.id, kind, sent_at: ctx.now })
        .onConflict((oc) => oc.columns(["milestone_id", "kind"]).doNothing())
        .returning("milestone_id")
        .executeTakeFirst();
      if (!claimed) return;
      await notify(
        trx,
        await teamOf(trx, m.project_id),
        {
          message: kind === "overdue" ? "notice.milestoneOverdue" : "notice.milestoneDue",
          mail: kind === "overdue" ? "milestoneOverdue" : "milestoneDue",
          params: { project: m.project_title, milestone: m.title, due: m.due_on },
          link: `/projects/${m.project_id}/manage`,
        },
        ctx,
      );
      sent += 1;
    });
  }
  return sent;
}

export type ProjectState = "on_track" | "at_risk" | "overdue" | "completed";

/** Completed; overdue (a milestone past due); at risk (due within 7 days and not reported, or returned); on track. */
export function projectState(
  project: { status: string },
  milestones: { status: "planned" | "submitted" | "returned" | "approved"; due_on: string }[],
  now: Date,
): ProjectState {
  if (project.status === "completed") return "completed";
  if (milestones.some((m) => milestonePhase(m, now) === "overdue")) return "overdue";
  const soon = tokyoToday(new Date(now.getTime() + 7 * DAY));
  if (milestones.some((m) => m.status === "returned" || (m.status === "planned" && m.due_on <= soon))) return "at_risk";
  return "on_track";
}

/** Staff dashboard: every project with its state; two queries. */
export async function staffProjects(db: Kysely<Database>, filters: { themeId?: string }) {
  let query = db
    .selectFrom("projects as p")
    .innerJoin("themes as t", "t.id", "p.theme_id")
    .select(["p.id", "p.title", "p.status", "p.grant_amount", "p.theme_id", "t.title as theme_title", "t.course_id"])
    .orderBy("p.created_at", "desc")
    .limit(2000);
  if (filters.themeId) query = query.where("p.theme_id", "=", filters.themeId);
  const projects = await query.execute();
  const milestones = projects.length
    ? await db
        .selectFrom("milestones")
        .select(["project_id", "status", "due_on"])
        .where(
          "project_id",
          "in",
          projects.map((p) => p.id),
        )
        .execute()
    : [];
  return { projects, milestones };
}
