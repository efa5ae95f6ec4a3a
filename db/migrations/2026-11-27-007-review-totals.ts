import { type Kysely, sql } from "kysely";
import { reviewTotal } from "../../app/models/review-rules";

/**
 * Each review keeps its total (review-rules.ts reviewTotal, computed when it is saved), so a
 * theme's ranking is an aggregate over stored numbers, read through an index, instead of every
 * score of every review re-weighed on every page view.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("reviews").addColumn("total", "double precision").execute();
  await sql`create index reviews_proposal_stage_idx on reviews (proposal_id, stage) include (reviewer_id, status, total)`.execute(
    db,
  );

  // Reviews saved before this migration: the same function, applied once, a theme at a time.
  const themes = await db.selectFrom("theme_criteria").select("theme_id").distinct().execute();
  for (const { theme_id } of themes) {
    const criteria = (
      await db
        .selectFrom("theme_criteria")
        .select(["id", "weight", "max_score"])
        .where("theme_id", "=", theme_id)
        .execute()
    ).map((c) => ({ id: c.id as string, weight: c.weight as number, maxScore: c.max_score as number }));
    const reviews = await db
      .selectFrom("reviews as r")
      .innerJoin("proposals as p", "p.id", "r.proposal_id")
      .select(["r.id", "r.scores"])
      .where("p.theme_id", "=", theme_id)
      .execute();
    for (let start = 0; start < reviews.length; start += 1000) {
      const batch = reviews.slice(start, start + 1000);
      await sql`update reviews set total = v.total
        from unnest(${batch.map((r) => r.id)}::text[], ${batch.map((r) => reviewTotal(criteria, r.scores))}::float8[]) as v(id, total)
        where reviews.id = v.id`.execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists reviews_proposal_stage_idx`.execute(db);
  await db.schema.alterTable("reviews").dropColumn("total").execute();
}
