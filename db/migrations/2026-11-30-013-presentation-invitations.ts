import type { Kysely } from "kysely";

/**
 * The presentation round's date, time and place, entered by staff, and for each advanced proposal
 * the arrangements its applicants were last told of: a double click tells no one twice, and a
 * changed time or place is sent again.
 */
// Migrations are frozen against the schema of their day, hence Kysely<any>.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("themes")
    .addColumn("presentation_at", "timestamptz")
    .addColumn("presentation_place", "text")
    .execute();
  await db.schema.alterTable("proposals").addColumn("presentation_told", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("proposals").dropColumn("presentation_told").execute();
  await db.schema.alterTable("themes").dropColumn("presentation_at").dropColumn("presentation_place").execute();
}
