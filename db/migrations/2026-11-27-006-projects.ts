import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // A funded proposal becomes a project when the theme's results are released.
  await db.schema
    .createTable("projects")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("proposal_id", "text", (c) => c.notNull().unique().references("proposals.id"))
    .addColumn("theme_id", "text", (c) => c.notNull().references("themes.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("grant_amount", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("active").check(sql`status in ('active', 'completed', 'stopped')`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("projects_theme_idx").on("projects").columns(["theme_id", "created_at"]).execute();
  await db.schema.createIndex("projects_created_idx").on("projects").columns(["created_at", "id"]).execute();

  await db.schema
    .createTable("milestones")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    // A calendar day in Japan (YYYY-MM-DD): the milestone is due by the end of it.
    .addColumn("due_on", "text", (c) => c.notNull())
    .addColumn("deliverable", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("planned").check(sql`status in ('planned', 'submitted', 'returned', 'approved')`),
    )
    .addColumn("approved_at", "timestamptz")
    .execute();
  await db.schema.createIndex("milestones_project_idx").on("milestones").columns(["project_id", "position"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("milestones").execute();
  await db.schema.dropTable("projects").execute();
}
