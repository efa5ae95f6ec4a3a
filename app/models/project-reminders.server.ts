import type { Kysely } from "kysely";
import { tokyoToday } from "~/utils/japan-time";
import type { Database } from "../../db/schema";
import type { MailContext } from "./mail-context";
import { notify } from "./notifications.server";
import { teamOf } from "./project-reports.server";

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
