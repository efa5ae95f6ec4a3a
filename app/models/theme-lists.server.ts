/** The lists of themes: the public list, the home page's open and upcoming ones, staff's list. */
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";
import { parseSearchQuery } from "./search";
import { matchesSearch } from "./search-sql.server";

/** A theme with its course (as "themes" and "courses"). */
function themesWithCourse(db: Kysely<Database>) {
  return db.selectFrom("themes").innerJoin("courses", "courses.id", "themes.course_id");
}

/** What a public list shows of a theme (themeCard in theme-rules.ts), with its course's names. */
function themeCards(db: Kysely<Database>) {
  return themesWithCourse(db).select([
    "themes.id",
    "themes.title",
    "themes.summary",
    "themes.status",
    "themes.opens_at",
    "themes.closes_at",
    "themes.grant_cap_per_year",
    "courses.name_ja as course_name_ja",
    "courses.name_en as course_name_en",
  ]);
}

export interface ThemeListFilters {
  course?: string;
  field?: string;
  /** Words that must all occur in the theme's text (title, summary, background, expectations, department). */
  q?: string;
}

/**
 * Public list: published themes not yet archived (results-released ones count as closed), newest
 * deadline first within each group. One query; grouping by phase happens in the caller.
 */
export async function publicThemes(db: Kysely<Database>, filters: ThemeListFilters) {
  let query = themeCards(db)
    .select(["themes.fields", "courses.short_name as course_short_name"])
    .where("themes.status", "in", ["published", "results_released"])
    .orderBy("themes.closes_at", "desc")
    .limit(200);
  if (filters.course) query = query.where("themes.course_id", "=", filters.course);
  if (filters.field) query = query.where(sql<boolean>`themes.fields @> array[${filters.field}]::text[]`);
  const search = parseSearchQuery(filters.q);
  if (search) query = query.where(matchesSearch("themes", search));
  return query.execute();
}

/**
 * For the home page: published themes still open or about to open, the soonest deadline first.
 * One query, at most `limit` rows (the caller splits them by phase).
 */
export async function openAndUpcomingThemes(db: Kysely<Database>, now: Date, limit: number) {
  return (
    themeCards(db)
      .where("themes.status", "=", "published")
      // Open through the last second of its closing time (themePhase).
      .where("themes.closes_at", ">", new Date(now.getTime() - 1000))
      .orderBy("themes.closes_at")
      .limit(limit)
      .execute()
  );
}

export async function staffThemes(db: Kysely<Database>) {
  return themesWithCourse(db)
    .select([
      "themes.id",
      "themes.title",
      "themes.status",
      "themes.opens_at",
      "themes.closes_at",
      "themes.updated_at",
      "courses.short_name as course_short_name",
    ])
    .orderBy("themes.updated_at", "desc")
    .limit(200)
    .execute();
}
