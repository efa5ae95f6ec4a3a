import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { publicProjectFigures } from "./projects.server";

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
