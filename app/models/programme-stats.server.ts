/**
 * The programme's yearly figures for the ward's policy evaluation (行政評価): per fiscal year
 * (April to March, Japan time) and course, counted by PostgreSQL in two queries whatever the data
 * size. What each figure counts, and by which date a row belongs to a year:
 *
 * - themes: published themes (drafts left out) whose application window opens in the year;
 *   planned amount: each of those themes' total grant cap × awards planned (the programme keeps no
 *   budget figure of its own; the review page warns against the same product);
 *   reserved slots: those themes' slots reserved for a kind of organisation, and how many of them
 *   funded proposals fill (a funded proposal with an accepted organisation of that kind, at most
 *   the theme's number of slots);
 * - proposals: submitted in the year (the moment of submission) and not withdrawn; with a
 *   町会・自治会: one of its accepted organisations, the lead included, is a neighbourhood
 *   association; funded: results released as funded, with the amount decided;
 * - projects: funded in the year (the release of results made them); completed: final report
 *   accepted; overdue: still running with a milestone past its due day (in Japan) and not approved;
 * - applicants: organisations that led or joined (accepted) a proposal counted above; applying
 *   again: those of them that led or joined a submitted proposal in an earlier fiscal year, in any
 *   course.
 */
import { type Kysely, sql } from "kysely";
import { fiscalYear, fiscalYearRange, tokyoToday } from "~/utils/japan-time";
import type { Database } from "../../db/schema";
import { REVIEWABLE } from "./reviews.server";

export interface ProgrammeFigures {
  themes: number;
  proposals: number;
  /** Proposals with a 町会・自治会 among their accepted organisations. */
  withAssociation: number;
  reservedSlots: number;
  reservedFilled: number;
  funded: number;
  fundedAmount: number;
  /** The themes' grant caps × awards planned. */
  plannedAmount: number;
  projects: number;
  completed: number;
  overdue: number;
  applicants: number;
  returning: number;
}

/** A share in per cent with one decimal (33.3), or null when there is nothing to divide. */
export type Rate = number | null;

export interface ProgrammeCell extends ProgrammeFigures {
  year: number;
  /** null: every course together. */
  courseId: string | null;
  associationRate: Rate;
  /** The amount funded as a share of the planned amount. */
  budgetRate: Rate;
  completionRate: Rate;
  overdueRate: Rate;
  returningRate: Rate;
}

export interface ProgrammeStats {
  courses: { id: string; nameJa: string; nameEn: string }[];
  /** Every fiscal year from the first one with data to the current one (or a later one with data), oldest first. */
  years: number[];
  currentYear: number;
  /** One per year and course, and per year for every course together (courseId null). */
  cells: ProgrammeCell[];
}

const ZERO: ProgrammeFigures = {
  themes: 0,
  proposals: 0,
  withAssociation: 0,
  reservedSlots: 0,
  reservedFilled: 0,
  funded: 0,
  fundedAmount: 0,
  plannedAmount: 0,
  projects: 0,
  completed: 0,
  overdue: 0,
  applicants: 0,
  returning: 0,
};

export function rate(part: number, whole: number): Rate {
  return whole > 0 ? Math.round((part * 1000) / whole) / 10 : null;
}

type Row = { year: number; course_id: string | null } & Record<string, number | string | null>;

/**
 * Every figure of every fiscal year and course. Two queries: the courses and the span of years
 * (so each year's bounds come from fiscalYearRange, the one definition of a fiscal year), then all
 * the counts, grouped by year and course and by year alone (an organisation that applied in two
 * courses counts once in the year's total).
 */
export async function programmeStats(db: Kysely<Database>, now: Date): Promise<ProgrammeStats> {
  const { rows: spans } = await sql<{
    courses: { id: string; name_ja: string; name_en: string }[] | null;
    first: Date | string | null;
    last: Date | string | null;
  }>`
    select
      (select json_agg(json_build_object('id', c.id, 'name_ja', c.name_ja, 'name_en', c.name_en) order by c.position)
         from courses c) as courses,
      least(
        (select min(opens_at) from themes where status <> 'draft'),
        (select min(submitted_at) from proposals),
        (select min(created_at) from projects)) as first,
      greatest(
        (select max(opens_at) from themes where status <> 'draft'),
        (select max(submitted_at) from proposals),
        (select max(created_at) from projects)) as last
  `.execute(db);
  const span = spans[0];
  const currentYear = fiscalYear(now);
  const firstYear = span.first ? Math.min(fiscalYear(new Date(span.first)), currentYear) : currentYear;
  // A theme already set to open next April makes next year a year of its own.
  const lastYear = span.last ? Math.max(fiscalYear(new Date(span.last)), currentYear) : currentYear;
  const years: number[] = [];
  for (let year = firstYear; year <= lastYear; year++) years.push(year);
  const bounds = years.map((year) => {
    const { from, until } = fiscalYearRange(year);
    return sql`(${year}::int, ${from}::timestamptz, ${until}::timestamptz)`;
  });
  const { rows } = await sql<{
    themes: Row[] | null;
    proposals: Row[] | null;
    applicants: Row[] | null;
    projects: Row[] | null;
  }>`
    with fy(year, starts, ends) as (values ${sql.join(bounds)}),
    submitted as (
      select p.id, p.status, t.course_id, fy.year
      from proposals p
      join themes t on t.id = p.theme_id
      join fy on p.submitted_at >= fy.starts and p.submitted_at < fy.ends
      where p.status in (${sql.join([...REVIEWABLE])})
    ),
    proposal_figures as (
      select s.year, s.course_id, count(*)::int as proposals,
        (count(*) filter (where exists (
          select 1 from proposal_partners pp join organizations o on o.id = pp.organization_id
          where pp.proposal_id = s.id and pp.status = 'accepted' and o.kind = 'neighborhood_association')))::int
          as with_association,
        (count(*) filter (where s.status = 'funded'))::int as funded,
        (coalesce(sum(d.amount) filter (where s.status = 'funded'), 0))::int8 as funded_amount
      from submitted s left join decisions d on d.proposal_id = s.id
      group by grouping sets ((s.year, s.course_id), (s.year))
    ),
    applicant as (
      select distinct s.year, s.course_id, pp.organization_id
      from submitted s join proposal_partners pp on pp.proposal_id = s.id and pp.status = 'accepted'
    ),
    first_applied as (select organization_id, min(year) as year from applicant group by organization_id),
    applicant_figures as (
      select a.year, a.course_id, count(distinct a.organization_id)::int as applicants,
        (count(distinct a.organization_id) filter (where f.year < a.year))::int as returning
      from applicant a join first_applied f on f.organization_id = a.organization_id
      group by grouping sets ((a.year, a.course_id), (a.year))
    ),
    theme_rows as (
      select fy.year, t.course_id, t.grant_cap_total::int8 * t.awards_planned as planned,
        case when t.reserved_for_kind is null then 0 else t.reserved_slots end as slots,
        case when t.reserved_for_kind is null then 0 else least(t.reserved_slots, (
          select count(*) from proposals p
          where p.theme_id = t.id and p.status = 'funded' and exists (
            select 1 from proposal_partners pp join organizations o on o.id = pp.organization_id
            where pp.proposal_id = p.id and pp.status = 'accepted' and o.kind = t.reserved_for_kind)))
        end as filled
      from themes t join fy on t.opens_at >= fy.starts and t.opens_at < fy.ends
      where t.status <> 'draft'
    ),
    theme_figures as (
      select year, course_id, count(*)::int as themes, (coalesce(sum(planned), 0))::int8 as planned_amount,
        (coalesce(sum(slots), 0))::int as reserved_slots, (coalesce(sum(filled), 0))::int as reserved_filled
      from theme_rows
      group by grouping sets ((year, course_id), (year))
    ),
    project_figures as (
      select fy.year, t.course_id, count(*)::int as projects,
        (count(*) filter (where p.status = 'completed'))::int as completed,
        (count(*) filter (where p.status = 'active' and exists (
          select 1 from milestones m
          where m.project_id = p.id and m.status <> 'approved' and m.due_on < ${tokyoToday(now)})))::int as overdue
      from projects p
      join themes t on t.id = p.theme_id
      join fy on p.created_at >= fy.starts and p.created_at < fy.ends
      group by grouping sets ((fy.year, t.course_id), (fy.year))
    )
    select
      (select json_agg(x) from theme_figures x) as themes,
      (select json_agg(x) from proposal_figures x) as proposals,
      (select json_agg(x) from applicant_figures x) as applicants,
      (select json_agg(x) from project_figures x) as projects
  `.execute(db);
  const found = rows[0];
  const key = (year: number, courseId: string | null) => `${year}|${courseId ?? ""}`;
  const merged = new Map<string, ProgrammeFigures>();
  const add = (list: Row[] | null, fields: Partial<Record<keyof ProgrammeFigures, string>>) => {
    for (const row of list ?? []) {
      const k = key(Number(row.year), row.course_id);
      const figures = merged.get(k) ?? { ...ZERO };
      for (const [field, column] of Object.entries(fields) as [keyof ProgrammeFigures, string][])
        figures[field] = Number(row[column] ?? 0);
      merged.set(k, figures);
    }
  };
  add(found.themes, {
    themes: "themes",
    plannedAmount: "planned_amount",
    reservedSlots: "reserved_slots",
    reservedFilled: "reserved_filled",
  });
  add(found.proposals, {
    proposals: "proposals",
    withAssociation: "with_association",
    funded: "funded",
    fundedAmount: "funded_amount",
  });
  add(found.applicants, { applicants: "applicants", returning: "returning" });
  add(found.projects, { projects: "projects", completed: "completed", overdue: "overdue" });
  const courses = (span.courses ?? []).map((c) => ({ id: c.id, nameJa: c.name_ja, nameEn: c.name_en }));
  const cells: ProgrammeCell[] = [];
  for (const year of years) {
    for (const courseId of [...courses.map((c) => c.id), null]) {
      const f = merged.get(key(year, courseId)) ?? ZERO;
      cells.push({
        year,
        courseId,
        ...f,
        associationRate: rate(f.withAssociation, f.proposals),
        budgetRate: rate(f.fundedAmount, f.plannedAmount),
        completionRate: rate(f.completed, f.projects),
        overdueRate: rate(f.overdue, f.projects),
        returningRate: rate(f.returning, f.applicants),
      });
    }
  }
  return { courses, years, currentYear, cells };
}

/** The figures of one year and course (null: every course together). */
export function statsCell(stats: ProgrammeStats, year: number, courseId: string | null): ProgrammeCell {
  const cell = stats.cells.find((c) => c.year === year && c.courseId === courseId);
  if (cell) return cell;
  return {
    year,
    courseId,
    ...ZERO,
    associationRate: null,
    budgetRate: null,
    completionRate: null,
    overdueRate: null,
    returningRate: null,
  };
}
