import { type Kysely, sql } from "kysely";

/**
 * How many reviewers each proposal of a theme should have: staff set it with the theme, and the
 * ranking warns of any proposal with fewer reviewers who may review it (conflicts left out).
 */
// Migrations are frozen against the schema of their day, hence Kysely<any>.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("themes")
    .addColumn("min_reviewers", "integer", (c) => c.notNull().defaultTo(2))
    .execute();
  await sql`alter table themes add constraint themes_min_reviewers_check check (min_reviewers between 1 and 20)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("themes").dropColumn("min_reviewers").execute();
}
