/**
 * The final report (完了報告): the team sends it once every milestone is approved, answering the
 * proposal's indicators and budget lines; staff accept it, which completes the project, or return it.
 */
import type { Kysely } from "kysely";
import type { Database, FinalReport } from "../../db/schema";
import { recordAudit } from "./audit.server";
import type { MailContext } from "./mail-context";
import { notify } from "./notifications.server";
import { staffOf, teamOf } from "./project-reports.server";

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
        mail: "finalSubmitted",
        params: { project: project.title },
        link: `/projects/${project.id}/manage`,
      },
      ctx,
    );
    await recordAudit(trx, input.userId, "project.final_report_submitted", ["project", project.id]);
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
        message: input.accept ? "notice.finalAccepted" : "notice.finalReturned",
        mail: input.accept ? "finalAccepted" : "finalReturned",
        params: { project: project.title, comment: input.comment },
        link: `/projects/${project.id}/manage`,
      },
      ctx,
    );
    await recordAudit(trx, input.staffId, input.accept ? "project.completed" : "project.final_report_returned", [
      "project",
      project.id,
    ]);
    return true;
  });
}
