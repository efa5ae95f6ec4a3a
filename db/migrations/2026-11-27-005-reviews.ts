import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("themes")
    // A spread of reviewers' totals (standard deviation, on the 0–100 scale) above which staff are warned.
    .addColumn("disagreement_threshold", "integer", (c) => c.notNull().defaultTo(15))
    .addColumn("results_released_at", "timestamptz")
    // 2: a paper review (書類審査), then a presentation round with its own scores.
    .addColumn("review_stages", "integer", (c) => c.notNull().defaultTo(1).check(sql`review_stages in (1, 2)`))
    // Outside reviewers see applicants' names replaced (団体A, 団体B …).
    .addColumn("hide_names", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .alterTable("proposals")
    .addColumn("advanced", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();

  await db.schema
    .createTable("theme_reviewers")
    .addColumn("theme_id", "text", (c) => c.notNull().references("themes.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("assigned_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("assigned_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("theme_reviewers_pk", ["theme_id", "user_id"])
    .execute();
  await db.schema.createIndex("theme_reviewers_user_idx").on("theme_reviewers").column("user_id").execute();

  // Conflicts a reviewer declares; membership conflicts are computed, never stored, so they
  // follow membership changes.
  await db.schema
    .createTable("review_conflicts")
    .addColumn("proposal_id", "text", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("reviewer_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("review_conflicts_pk", ["proposal_id", "reviewer_id"])
    .execute();

  await db.schema
    .createTable("reviews")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("proposal_id", "text", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("reviewer_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("stage", "integer", (c) => c.notNull().defaultTo(1).check(sql`stage in (1, 2)`))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("draft").check(sql`status in ('draft', 'submitted')`))
    .addColumn("scores", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("comments", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("overall_comment", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("recommendation", "text", (c) =>
      c.check(sql`recommendation in ('fund', 'fund_with_conditions', 'do_not_fund')`),
    )
    .addColumn("submitted_at", "timestamptz")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("reviews_proposal_reviewer_key", ["proposal_id", "reviewer_id", "stage"])
    .execute();
  await db.schema.createIndex("reviews_reviewer_idx").on("reviews").columns(["reviewer_id", "status"]).execute();

  // A reviewer invited by e-mail before having an account: assigned once they confirm that address.
  await db.schema
    .createTable("reviewer_invitations")
    .addColumn("theme_id", "text", (c) => c.notNull().references("themes.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("invited_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("accepted_at", "timestamptz")
    .addPrimaryKeyConstraint("reviewer_invitations_pk", ["theme_id", "email"])
    .execute();
  await db.schema.createIndex("reviewer_invitations_email_idx").on("reviewer_invitations").column("email").execute();

  await db.schema
    .createTable("decisions")
    .addColumn("proposal_id", "text", (c) => c.primaryKey().references("proposals.id").onDelete("cascade"))
    .addColumn("decision", "text", (c) => c.notNull().check(sql`decision in ('funded', 'not_funded')`))
    .addColumn("amount", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("conditions", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("feedback", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("decided_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("decided_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["decisions", "reviewer_invitations", "reviews", "review_conflicts", "theme_reviewers"])
    await db.schema.dropTable(table).execute();
  await db.schema.alterTable("proposals").dropColumn("advanced").execute();
  await db.schema
    .alterTable("themes")
    .dropColumn("disagreement_threshold")
    .dropColumn("results_released_at")
    .dropColumn("review_stages")
    .dropColumn("hide_names")
    .execute();
}
