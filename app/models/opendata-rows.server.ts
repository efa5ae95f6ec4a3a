import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { milestonePhase, publicProjectFigures } from "./projects.server";

/** The row an async source yields: what a dataset's columns read their values from. */
type RowOf<Source extends (...args: never[]) => AsyncIterable<unknown>> =
  ReturnType<Source> extends AsyncIterable<infer Row> ? Row : never;

/**
 * Rows of a dataset read a page at a time (keyset on id), so an export of any size is streamed
 * from the database instead of built in memory. `page` reads up to `batch` rows after the id given.
 */
async function* keysetRows<Row extends { id: string }>(page: (after: string) => Promise<Row[]>) {
  let after = "";
  for (;;) {
    const rows = await page(after);
    if (rows.length === 0) return;
    yield* rows;
    after = rows[rows.length - 1].id;
  }
}

export function projectRows(db: Kysely<Database>, batch = 500) {
  return keysetRows((after) =>
    publicProjectFigures(db)
      .select(["p.created_at", "p.theme_id", "t.course_id"])
      .where("p.id", ">", after)
      .orderBy("p.id")
      .limit(batch)
      .execute(),
  );
}

export function themeRows(db: Kysely<Database>, batch = 500) {
  return keysetRows((after) =>
    db
      .selectFrom("themes")
      .select([
        "id",
        "course_id",
        "title",
        "summary",
        "department",
        "status",
        "opens_at",
        "closes_at",
        "grant_cap_per_year",
        "grant_cap_total",
        "subsidy_rate_percent",
        "duration_years",
        "awards_planned",
        "fields",
        "updated_at",
      ])
      .where("status", "!=", "draft")
      .where("id", ">", after)
      .orderBy("id")
      .limit(batch)
      .execute(),
  );
}

/**
 * Every milestone of every funded project, in the phase its public page shows (overdue once its due
 * day in Japan has passed without an approved report). One query a page: the milestones by their
 * primary key, each joined to its project by the project's.
 */
export async function* milestoneRows(db: Kysely<Database>, now = new Date(), batch = 500) {
  const rows = keysetRows((after) =>
    db
      .selectFrom("milestones as m")
      .innerJoin("projects as p", "p.id", "m.project_id")
      .select([
        "m.id",
        "m.project_id",
        "p.title as project_title",
        "m.position",
        "m.title",
        "m.due_on",
        "m.deliverable",
        "m.status",
        "m.approved_at",
      ])
      .where("m.id", ">", after)
      .orderBy("m.id")
      .limit(batch)
      .execute(),
  );
  for await (const m of rows) yield { ...m, phase: milestonePhase(m, now) };
}

/**
 * Each indicator of each accepted final report, with its target and result, in the report's order.
 * A submitted or returned report may still change and never leaves the database; neither do the
 * self-evaluation and the accounts. One query a page of projects (keyset on their primary key).
 */
export async function* outcomeRows(db: Kysely<Database>, batch = 200) {
  const projects = keysetRows((after) =>
    db
      .selectFrom("projects")
      .select(["id", "title", "final_report"])
      .where("final_status", "=", "accepted")
      .where("id", ">", after)
      .orderBy("id")
      .limit(batch)
      .execute(),
  );
  for await (const p of projects) {
    for (const [i, o] of (p.final_report?.outcomes ?? []).entries()) {
      yield {
        project_id: p.id,
        project_title: p.title,
        position: i + 1,
        indicator: o.indicator,
        target: o.target,
        result: o.achieved,
      };
    }
  }
}

/**
 * Every organisation's public profile, what `/organizations/:id` shows anyone: never its contact
 * (shown to confirmed members only), the staff's verification note or anything about its people.
 */
export function organizationRows(db: Kysely<Database>, batch = 500) {
  return keysetRows((after) =>
    db
      .selectFrom("organizations")
      .select([
        "id",
        "name",
        "kind",
        "verification_status",
        "description",
        "areas",
        "fields",
        "founded_year",
        "member_count",
      ])
      .where("id", ">", after)
      .orderBy("id")
      .limit(batch)
      .execute(),
  );
}

export type ThemeRow = RowOf<typeof themeRows>;
export type ProjectRow = RowOf<typeof projectRows>;
export type MilestoneRow = RowOf<typeof milestoneRows>;
export type OutcomeRow = RowOf<typeof outcomeRows>;
export type OrganizationRow = RowOf<typeof organizationRows>;
