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
    // 完了報告: outcomes against the indicators, spending against the budget lines, a self-evaluation.
    .addColumn("final_report", "jsonb")
    .addColumn("final_status", "text", (c) =>
      c.notNull().defaultTo("none").check(sql`final_status in ('none', 'submitted', 'returned', 'accepted')`),
    )
    .addColumn("final_comment", "text", (c) => c.notNull().defaultTo(""))
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
  await db.schema.createIndex("milestones_due_idx").on("milestones").columns(["status", "due_on"]).execute();

  // One row per report sent; a returned report stays, and the team sends a new one.
  await db.schema
    .createTable("milestone_reports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("milestone_id", "text", (c) => c.notNull().references("milestones.id").onDelete("cascade"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("public_excerpt", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("spent", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("submitted").check(sql`status in ('submitted', 'returned', 'approved')`),
    )
    .addColumn("staff_comment", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("submitted_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("submitted_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("decided_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("decided_at", "timestamptz")
    .execute();
  await db.schema
    .createIndex("milestone_reports_milestone_idx")
    .on("milestone_reports")
    .columns(["milestone_id", "submitted_at"])
    .execute();

  // A multi-year project passes a continuation review before each new year.
  await db.schema
    .createTable("project_continuations")
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("decision", "text", (c) => c.notNull().check(sql`decision in ('continue', 'stop')`))
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("decided_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("decided_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("project_continuations_pk", ["project_id", "year"])
    .execute();

  // Each reminder (7 days before, 1 day before, the day it is overdue) is sent once: the primary key.
  await db.schema
    .createTable("milestone_reminders")
    .addColumn("milestone_id", "text", (c) => c.notNull().references("milestones.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('week', 'day', 'overdue')`))
    .addColumn("sent_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("milestone_reminders_pk", ["milestone_id", "kind"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("milestone_reminders").execute();
  await db.schema.dropTable("project_continuations").execute();
  await db.schema.dropTable("milestone_reports").execute();
  await db.schema.dropTable("milestones").execute();
  await db.schema.dropTable("projects").execute();
}
