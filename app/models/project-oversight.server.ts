/**
 * Staff's side of running projects: the dashboard of every project with its state, milestones
 * adjusted before they are reported on, and the yearly decision whether a project continues.
 */
import type { Kysely } from "kysely";
import { tokyoToday } from "~/utils/japan-time";
import type { Database } from "../../db/schema";
import { recordAudit } from "./audit.server";
import { projectsWithTheme } from "./joins.server";
import { milestonePhase, PROJECT_BASICS } from "./projects.server";

const DAY = 24 * 3600_000;

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
    await recordAudit(trx, input.staffId, `project.continuation_${input.decision}`, ["project", input.projectId], {
      year: input.year,
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
    await recordAudit(trx, input.staffId, "milestone.adjusted", ["project", input.projectId], {
      milestone: input.milestoneId,
      due: input.dueOn,
    });
    return true;
  });
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
  let query = projectsWithTheme(db)
    .select([...PROJECT_BASICS, "p.theme_id", "t.title as theme_title", "t.course_id"])
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
