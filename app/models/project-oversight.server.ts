/**
 * Staff's side of running projects: the dashboard of every project with its state, milestones
 * adjusted before they are reported on, and the yearly decision whether a project continues.
 */
import { type Kysely, sql } from "kysely";
import { tokyoToday } from "~/utils/japan-time";
import type { Database } from "../../db/schema";
import { recordAudit } from "./audit.server";
import { projectsWithTheme } from "./joins.server";
import { PROJECT_BASICS } from "./projects.server";

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

export interface StaffProjectFilters {
  themeId?: string;
  courseId?: string;
  state?: ProjectState;
  /** Only projects with a report waiting for staff to approve or return it. */
  waiting?: boolean;
}

/**
 * A project's state (as "p") on the day `now` falls on in Japan: completed; overdue (a milestone's
 * due day has passed without an approved report); at risk (one returned, or due within 7 days and
 * not reported); on track.
 */
function stateOf(now: Date) {
  const today = tokyoToday(now);
  const soon = tokyoToday(new Date(now.getTime() + 7 * DAY));
  return sql<ProjectState>`case
    when p.status = 'completed' then 'completed'
    when exists (select 1 from milestones m
      where m.project_id = p.id and m.status <> 'approved' and m.due_on < ${today}) then 'overdue'
    when exists (select 1 from milestones m
      where m.project_id = p.id and (m.status = 'returned' or (m.status = 'planned' and m.due_on <= ${soon}))) then 'at_risk'
    else 'on_track' end`;
}

/**
 * Staff's list of projects with each one's state and milestone counts, newest first, filtered in
 * the database: one page of it and the count (`page`), or every row for the exports (`null`).
 */
export async function staffProjectList(
  db: Kysely<Database>,
  filters: StaffProjectFilters,
  now: Date,
  page: { page: number; pageSize: number } | null,
) {
  const listed = projectsWithTheme(db)
    .select([
      ...PROJECT_BASICS,
      "p.theme_id",
      "p.created_at",
      "t.title as theme_title",
      "t.course_id",
      stateOf(now).as("state"),
      sql<number>`(select count(*) from milestones m where m.project_id = p.id and m.status = 'approved')::int`.as(
        "done",
      ),
      sql<number>`(select count(*) from milestones m where m.project_id = p.id)::int`.as("total"),
      sql<boolean>`coalesce(p.final_status = 'submitted', false)
        or exists (select 1 from milestones m where m.project_id = p.id and m.status = 'submitted')`.as(
        "report_waiting",
      ),
    ])
    .$if(filters.themeId !== undefined, (q) => q.where("p.theme_id", "=", filters.themeId ?? ""))
    .$if(filters.courseId !== undefined, (q) => q.where("t.course_id", "=", filters.courseId ?? ""));
  const filtered = db
    .selectFrom(listed.as("x"))
    .$if(filters.state !== undefined, (q) => q.where("x.state", "=", filters.state ?? "on_track"))
    .$if(filters.waiting === true, (q) => q.where("x.report_waiting", "=", true));
  const rows = filtered.selectAll().orderBy("x.created_at", "desc").orderBy("x.id");
  if (!page) return { rows: await rows.execute(), total: null };
  const [shown, count] = await Promise.all([
    rows
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    filtered.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows: shown, total: Number(count.n) };
}
