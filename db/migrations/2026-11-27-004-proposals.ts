import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("proposals")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("theme_id", "text", (c) => c.notNull().references("themes.id"))
    .addColumn("lead_organization_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("draft")
        .check(sql`status in ('draft', 'submitted', 'withdrawn', 'under_review', 'funded', 'not_funded')`),
    )
    // Kept on the row for lists and exports; the sections hold the full text.
    .addColumn("title", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("requested_amount", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("receipt_number", "text", (c) => c.unique())
    .addColumn("submitted_at", "timestamptz")
    .addColumn("submitted_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("withdrawn_at", "timestamptz")
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("proposals_theme_idx")
    .on("proposals")
    .columns(["theme_id", "status", "created_at"])
    .execute();
  await db.schema.createIndex("proposals_lead_idx").on("proposals").column("lead_organization_id").execute();

  // Each section is saved on its own, with its own version: two people editing different
  // sections never collide, and a stale save of the same section is caught.
  await db.schema
    .createTable("proposal_sections")
    .addColumn("proposal_id", "text", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("section", "text", (c) => c.notNull())
    .addColumn("content", "jsonb", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("updated_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("proposal_sections_pk", ["proposal_id", "section"])
    .execute();

  await db.schema
    .createTable("proposal_partners")
    .addColumn("proposal_id", "text", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('lead', 'partner')`))
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('invited', 'accepted', 'declined', 'removed')`),
    )
    .addColumn("invited_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("invited_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("responded_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("responded_at", "timestamptz")
    .addPrimaryKeyConstraint("proposal_partners_pk", ["proposal_id", "organization_id"])
    .execute();
  await db.schema
    .createIndex("proposal_partners_org_idx")
    .on("proposal_partners")
    .columns(["organization_id", "status"])
    .execute();

  await db.schema
    .createTable("receipt_counters")
    .addColumn("prefix", "text", (c) => c.primaryKey())
    .addColumn("last_number", "integer", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["receipt_counters", "proposal_partners", "proposal_sections", "proposals"]) {
    await db.schema.dropTable(table).execute();
  }
}
