import type { Kysely } from "kysely";

/**
 * On a theme that hides applicants' names from reviewers, staff can mark a proposal whose own text
 * names its organisations or people, so the names are not taken for hidden when they are not.
 */
// Migrations are frozen against the schema of their day, hence Kysely<any>.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("proposals")
    .addColumn("names_flagged_at", "timestamptz")
    .addColumn("names_flagged_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("proposals").dropColumn("names_flagged_at").dropColumn("names_flagged_by").execute();
}
