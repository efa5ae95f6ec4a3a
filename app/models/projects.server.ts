import { randomUUID } from "node:crypto";
import { type Expression, expressionBuilder, type Kysely, sql } from "kysely";
import { fiscalYear, fiscalYearRange, tokyoToday } from "~/utils/japan-time";
import type { Database, FinalReport, MilestoneStatus, ProjectStatus, ProjectsTable } from "../../db/schema";
import { projectsWithTheme } from "./joins.server";
import { proposalOrganizationNames } from "./organization-names.server";
import { publicOutcomes } from "./project-outcomes";
import type { SectionContent } from "./proposal-rules";

/**
 * The areas of the ward a proposal's accepted organisations work in, each once: a funded project
 * keeps them (`projects.areas`, GIN-indexed) so `/projects` can be filtered by area.
 */
export const teamAreas = (proposalId: string | Expression<string>) =>
  sql<
    string[]
  >`coalesce((select array_agg(distinct a order by a) from proposal_partners pp join organizations o on o.id = pp.organization_id cross join unnest(o.areas) as a where pp.proposal_id = ${proposalId} and pp.status = 'accepted'), '{}')`;

/**
 * Turns a funded proposal into a project whose milestones are the proposal's planned schedule.
 * Called inside the release transaction, so a released result always has its project.
 */
export async function createProject(
  db: Kysely<Database>,
  input: { proposalId: string; grantAmount: number; now: Date },
) {
  const proposal = await db
    .selectFrom("proposals")
    .select(["id", "theme_id"])
    .where("id", "=", input.proposalId)
    .executeTakeFirstOrThrow();
  const sections = await db
    .selectFrom("proposal_sections")
    .select(["section", "content"])
    .where("proposal_id", "=", proposal.id)
    .where("section", "in", ["basics", "schedule"])
    .execute();
  const basics = sections.find((s) => s.section === "basics")?.content as SectionContent["basics"] | undefined;
  const schedule = sections.find((s) => s.section === "schedule")?.content as SectionContent["schedule"] | undefined;
  const id = randomUUID();
  await db
    .insertInto("projects")
    .values({
      id,
      proposal_id: proposal.id,
      theme_id: proposal.theme_id,
      title: basics?.title ?? "",
      summary: basics?.summary ?? "",
      grant_amount: input.grantAmount,
      created_at: input.now,
      areas: teamAreas(proposal.id),
    })
    .onConflict((oc) => oc.column("proposal_id").doNothing())
    .execute();
  const milestones = [...(schedule?.milestones ?? [])].sort((a, b) => a.date.localeCompare(b.date));
  if (milestones.length) {
    await db
      .insertInto("milestones")
      .values(
        milestones.map((m, i) => ({
          id: randomUUID(),
          project_id: id,
          position: i + 1,
          title: m.title,
          due_on: m.date,
          deliverable: m.deliverable,
        })),
      )
      .execute();
  }
  return id;
}

export type MilestonePhase = "planned" | "submitted" | "returned" | "approved" | "overdue";

/** A project's own columns every view of it starts from (as "p"): its name, state and grant. */
export const PROJECT_BASICS = ["p.id", "p.title", "p.status", "p.final_status", "p.grant_amount"] as const;

/** Overdue: the due day (in Japan) has passed without an approved report. */
export function milestonePhase(milestone: { status: MilestoneStatus; due_on: string }, now: Date): MilestonePhase {
  if (milestone.status === "approved") return "approved";
  if (tokyoToday(now) > milestone.due_on) return "overdue";
  return milestone.status;
}

/** The milestone with this id when it belongs to this project (an id from a form is not trusted alone). */
export async function milestoneOfProject(db: Kysely<Database>, input: { projectId: string; milestoneId: string }) {
  return db
    .selectFrom("milestones")
    .select("id")
    .where("id", "=", input.milestoneId)
    .where("project_id", "=", input.projectId)
    .executeTakeFirst();
}

const organizationsOf = proposalOrganizationNames("p.proposal_id");

/** A project's ("p") milestone figures in one pass over its milestones, joined laterally as "ms" (an aggregate: always one row). */
const milestoneFigures = expressionBuilder<Database, never>()
  .selectFrom("milestones as m")
  .select([
    sql<number>`count(*)::int`.as("milestones"),
    sql<number>`(count(*) filter (where m.status = 'approved'))::int`.as("approved"),
    sql<string | null>`min(m.due_on)`.as("starts_on"),
    sql<string | null>`max(m.due_on)`.as("ends_on"),
  ])
  .where("m.project_id", "=", sql.ref<string>("p.id"))
  .as("ms");

/**
 * A project ("p") with its theme ("t") and milestone figures, as everything public about it shows
 * it: no personal data, only organisations, theme, grant and progress.
 */
export function publicProjectFigures(db: Kysely<Database>) {
  return projectsWithTheme(db)
    .innerJoinLateral(milestoneFigures, (join) => join.onTrue())
    .select([
      "p.id",
      "p.title",
      "p.grant_amount",
      "p.status",
      "t.title as theme_title",
      organizationsOf.as("organizations"),
      "ms.milestones",
      "ms.approved",
      "ms.starts_on",
      "ms.ends_on",
    ]);
}

/** A project as the public lists show it, with its course's names and its summary. */
function projectCards(db: Kysely<Database>) {
  return publicProjectFigures(db)
    .innerJoin("courses as c", "c.id", "t.course_id")
    .select(["p.summary", "c.name_ja as course_name_ja", "c.name_en as course_name_en"])
    .orderBy("p.created_at", "desc")
    .orderBy("p.id");
}

type ProjectCardRow = Awaited<ReturnType<ReturnType<typeof projectCards>["execute"]>>[number];

/** What every public view names a project by: its title and summary, grant, state and organisations. */
export function projectHeadline(p: {
  id: string;
  title: string;
  summary: string;
  grant_amount: number;
  status: ProjectStatus;
  organizations: string | null;
}) {
  return {
    id: p.id,
    title: p.title,
    summary: p.summary,
    grant: p.grant_amount,
    status: p.status,
    organizations: p.organizations ?? "",
  };
}

function projectCard(p: ProjectCardRow) {
  return {
    ...projectHeadline(p),
    theme: p.theme_title,
    course: { ja: p.course_name_ja, en: p.course_name_en },
    milestones: p.milestones,
    approved: p.approved,
    startsOn: p.starts_on,
    endsOn: p.ends_on,
  };
}

export type ProjectCard = ReturnType<typeof projectCard>;

export interface ProjectListFilters {
  /** The fiscal year (April to March, Japan time) it was funded in. */
  year?: number;
  course?: string;
  /** A field of its theme. */
  field?: string;
  /** An area its organisations work in. */
  area?: string;
  status?: ProjectStatus;
}

/**
 * The filters as one condition on a project ("p"), so the count reads projects alone. Each can use
 * an index: the year projects_created_idx, the state projects_status_idx, the area
 * projects_areas_idx; course and field pick the themes first (a few dozen rows), then
 * projects_theme_idx.
 */
function projectFilter(filters: ProjectListFilters) {
  const eb = expressionBuilder<Database & { p: ProjectsTable }, "p">();
  const conditions = [];
  if (filters.year !== undefined) {
    const { from, until } = fiscalYearRange(filters.year);
    conditions.push(eb("p.created_at", ">=", from), eb("p.created_at", "<", until));
  }
  if (filters.course || filters.field) {
    let themes = eb.selectFrom("themes").select("themes.id");
    if (filters.course) themes = themes.where("themes.course_id", "=", filters.course);
    if (filters.field) themes = themes.where(sql<boolean>`themes.fields @> array[${filters.field}]::text[]`);
    conditions.push(eb("p.theme_id", "in", themes));
  }
  if (filters.area) conditions.push(sql<boolean>`p.areas @> array[${filters.area}]::text[]`);
  if (filters.status) conditions.push(eb("p.status", "=", filters.status));
  return eb.and(conditions);
}

/** The public list, newest first, one page of it. Two queries whatever the data. */
export async function publicProjects(
  db: Kysely<Database>,
  filters: ProjectListFilters,
  page: number,
  pageSize: number,
) {
  const where = projectFilter(filters);
  const [rows, total] = await Promise.all([
    projectCards(db)
      .where(where)
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    db
      .selectFrom("projects as p")
      .where(where)
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(projectCard), total: Number(total.count) };
}

/** The fiscal years from the first project's to the latest's, newest first: the choices of `/projects`. One query. */
export async function projectYears(db: Kysely<Database>): Promise<number[]> {
  const { first, last } = await db
    .selectFrom("projects")
    .select((eb) => [eb.fn.min("created_at").as("first"), eb.fn.max("created_at").as("last")])
    .executeTakeFirstOrThrow();
  if (!first || !last) return [];
  const years: number[] = [];
  for (let year = fiscalYear(new Date(last)); year >= fiscalYear(new Date(first)); year--) years.push(year);
  return years;
}

/** The latest funded projects, for the home page. One query. */
export async function latestProjects(db: Kysely<Database>, limit: number) {
  return (await projectCards(db).limit(limit).execute()).map(projectCard);
}

export async function publicProject(db: Kysely<Database>, id: string) {
  const project = await projectsWithTheme(db)
    .innerJoin("courses as c", "c.id", "t.course_id")
    .select([
      "p.id",
      "p.title",
      "p.summary",
      "p.grant_amount",
      "p.status",
      "p.theme_id",
      "t.title as theme_title",
      "c.name_ja as course_name_ja",
      "c.name_en as course_name_en",
      organizationsOf.as("organizations"),
      "p.final_status",
      // A final report is public only once accepted: a submitted or returned one never leaves the database.
      sql<FinalReport | null>`case when p.final_status = 'accepted' then p.final_report end`.as("final_report"),
    ])
    .where("p.id", "=", id)
    .executeTakeFirst();
  if (!project) return null;
  const [milestones, approvedReports, photos] = await Promise.all([
    db
      .selectFrom("milestones")
      .select(["id", "position", "title", "due_on", "deliverable", "status"])
      .where("project_id", "=", id)
      .orderBy("position")
      .execute(),
    db
      .selectFrom("milestone_reports as r")
      .innerJoin("milestones as m", "m.id", "r.milestone_id")
      .select(["r.id", "r.public_excerpt", "m.title as milestone_title", "m.position"])
      .where("m.project_id", "=", id)
      .where("r.status", "=", "approved")
      .orderBy("m.position")
      .execute(),
    db
      .selectFrom("files as f")
      .innerJoin("milestone_reports as r", "r.id", "f.owner_id")
      .innerJoin("milestones as m", "m.id", "r.milestone_id")
      .select(["f.id", "f.owner_id", "f.description"])
      .where("f.owner_type", "=", "report")
      .where("f.is_public", "=", true)
      .where("f.content_type", "in", ["image/jpeg", "image/png"])
      .where("r.status", "=", "approved")
      .where("m.project_id", "=", id)
      .execute(),
  ]);
  const reports = approvedReports
    .map((r) => ({
      ...r,
      photos: photos.filter((p) => p.owner_id === r.id).map((p) => ({ id: p.id, description: p.description ?? "" })),
    }))
    .filter((r) => r.public_excerpt || r.photos.length);
  const { final_status, final_report, ...rest } = project;
  return {
    project: rest,
    milestones,
    reports,
    outcomes: publicOutcomes({ status: final_status, report: final_report }),
  };
}

/**
 * An organisation's record on its public page: the projects it carried out, as lead or partner,
 * newest first (one query; the page shows the latest 20 and the counts of all).
 */
export async function projectsOfOrganization(db: Kysely<Database>, organizationId: string) {
  const rows = await db
    .selectFrom("projects as pj")
    .innerJoin("proposal_partners as pp", (join) =>
      join.onRef("pp.proposal_id", "=", "pj.proposal_id").on("pp.organization_id", "=", organizationId),
    )
    .select([
      "pj.id",
      "pj.title",
      "pj.status",
      "pj.created_at",
      "pp.role",
      sql<number>`count(*) over ()`.as("funded"),
      sql<number>`count(*) filter (where pj.status = 'completed') over ()`.as("completed"),
    ])
    .where("pp.status", "=", "accepted")
    .orderBy("pj.created_at", "desc")
    .orderBy("pj.id")
    .limit(20)
    .execute();
  return {
    projects: rows.map(({ funded: _funded, completed: _completed, ...row }) => row),
    funded: Number(rows[0]?.funded ?? 0),
    completed: Number(rows[0]?.completed ?? 0),
  };
}
