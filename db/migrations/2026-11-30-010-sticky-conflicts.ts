import { type Kysely, sql } from "kysely";

/**
 * A conflict of interest found from membership (a reviewer belongs to an applicant organisation)
 * used to be computed from current membership only, so leaving the organisation lifted it. It is
 * now also written down, as `membership`, when the reviewer leaves: declared and found conflicts
 * live side by side.
 */
// Migrations are frozen against the schema of their day, hence Kysely<any>.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("review_conflicts")
    .addColumn("kind", "text", (c) => c.notNull().defaultTo("declared").check(sql`kind in ('declared', 'membership')`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("review_conflicts").dropColumn("kind").execute();
}
