/** What is waiting for ward staff: the counts on /staff, each with how long the oldest has waited. */
import { type Kysely, sql } from "kysely";
import { tokyoToday } from "~/utils/japan-time";
import type { Database } from "../../db/schema";

export const WORK_KINDS = [
  "organizations",
  "questions",
  "consultations",
  "reports",
  "finalReports",
  "reviewsOverdue",
  "themesClosing",
  "projectsOverdue",
] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

export interface WorkItem {
  kind: WorkKind;
  count: number;
  /** When the oldest one started waiting (null when there is none, or age means nothing). */
  oldest: Date | null;
  /** Where staff deal with them. */
  link: string;
}

const DAY = 24 * 3600_000;

type Waiting = { count: number; oldest: string | null; link?: string | null };

/**
 * Everything in one query, whatever the data size: each kind is a count (and the oldest date) over
 * an index-backed condition. A question or consultation links to where it is answered.
 */
export async function staffWorklist(db: Kysely<Database>, now: Date): Promise<WorkItem[]> {
  const today = tokyoToday(now);
  const soon = new Date(now.getTime() + 14 * DAY);
  const { rows } = await sql<Record<WorkKind, Waiting>>`
    select
      (select json_build_object('count', count(*), 'oldest', min(created_at))
         from organizations where verification_status = 'unverified') as "organizations",
      (select json_build_object('count', count(*), 'oldest', min(q.created_at),
              'link', (select '/staff/themes/' || theme_id || '/questions' from theme_questions
                        where answer is null order by created_at limit 1))
         from theme_questions q where q.answer is null) as "questions",
      (select json_build_object('count', count(*), 'oldest', min(last.created_at))
         from consultations c
         cross join lateral (select from_staff, created_at from consultation_messages m
                              where m.consultation_id = c.id order by m.id desc limit 1) last
        where c.status = 'open' and not last.from_staff) as "consultations",
      (select json_build_object('count', count(*), 'oldest', min(submitted_at))
         from milestone_reports where status = 'submitted') as "reports",
      (select json_build_object('count', count(*), 'oldest', null)
         from projects where final_status = 'submitted') as "finalReports",
      (select json_build_object('count', count(*), 'oldest', null)
         from themes where review_deadline < ${today} and status = 'published') as "reviewsOverdue",
      (select json_build_object('count', count(*), 'oldest', null)
         from themes where status = 'published' and closes_at > ${now} and closes_at <= ${soon}) as "themesClosing",
      (select json_build_object('count', count(distinct m.project_id), 'oldest', null)
         from milestones m join projects p on p.id = m.project_id
        where p.status = 'active' and m.status <> 'approved' and m.due_on < ${today}) as "projectsOverdue"
  `.execute(db);
  const row = rows[0];
  const links: Record<WorkKind, string> = {
    organizations: "/staff/organizations",
    questions: row.questions.link ?? "/staff/themes",
    consultations: "/staff/consultations",
    reports: "/staff/projects?waiting=reports",
    finalReports: "/staff/projects?waiting=reports",
    reviewsOverdue: "/staff/themes",
    themesClosing: "/staff/themes",
    projectsOverdue: "/staff/projects?state=overdue",
  };
  return WORK_KINDS.map((kind) => ({
    kind,
    count: Number(row[kind].count),
    oldest: row[kind].oldest ? new Date(row[kind].oldest as string) : null,
    link: links[kind],
  }));
}
