import type { Kysely } from "kysely";

/**
 * A review deadline staff set per theme (a day in Tokyo, YYYY-MM-DD as milestones keep theirs), shown to reviewers, with reminders three
 * days and one day before to reviewers still behind, each sent once (the row is claimed first).
 */
// Migrations are frozen against the schema of their day, hence Kysely<any>.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("themes").addColumn("review_deadline", "text").execute();
  await db.schema
    .createTable("review_deadline_reminders")
    .addColumn("theme_id", "text", (c) => c.notNull().references("themes.id").onDelete("cascade"))
    .addColumn("reviewer_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("deadline", "text", (c) => c.notNull())
    .addColumn("sent_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("review_deadline_reminders_pk", ["theme_id", "reviewer_id", "kind", "deadline"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("review_deadline_reminders").execute();
  await db.schema.alterTable("themes").dropColumn("review_deadline").execute();
}
