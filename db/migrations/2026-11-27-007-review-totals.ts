import { type Kysely, sql } from "kysely";

/**
 * Each review keeps its total (review-rules.ts reviewTotal, computed when it is saved), so a
 * theme's ranking is an aggregate over stored numbers, read through an index, instead of every
 * score of every review re-weighed on every page view.
 */
/**
 * reviewTotal (app/models/review-rules.ts) as it stood when this migration was written, copied so
 * the migration stays what it was however the model changes later.
 */
function totalOfTheDay(
  criteria: { id: string; weight: number; maxScore: number }[],
  scores: Record<string, number>,
): number {
  const weights = criteria.reduce((sum, c) => sum + c.weight, 0);
  if (weights === 0) return 0;
  const weighted = criteria.reduce((sum, c) => {
    const score = Math.min(Math.max(scores[c.id] ?? 0, 0), c.maxScore);
    return sum + (score / c.maxScore) * c.weight;
  }, 0);
  return (weighted / weights) * 100;
}

// Migrations are frozen against the schema (and code) of their day, hence Kysely<any> and the copy above.
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
        from unnest(${batch.map((r) => r.id)}::text[], ${batch.map((r) => totalOfTheDay(criteria, r.scores))}::float8[]) as v(id, total)
        where reviews.id = v.id`.execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists reviews_proposal_stage_idx`.execute(db);
  await db.schema.alterTable("reviews").dropColumn("total").execute();
}
