import { type Kysely, sql } from "kysely";

/**
 * 代理入力: helpers an organisation's representative names (they may edit the organisation's
 * drafts, never submit), invitations that name a helper rather than a member, the helper's request
 * that the representative approve and submit, and every saved version of a section with who typed it.
 */
// Migrations are frozen against the schema of their day, hence Kysely<any>.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("organization_helpers")
    .addColumn("organization_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("named_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("named_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("organization_helpers_pk", ["organization_id", "user_id"])
    .execute();
  await db.schema.createIndex("organization_helpers_user_idx").on("organization_helpers").column("user_id").execute();
  await db.schema
    .alterTable("organization_invitations")
    .addColumn("as_helper", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .alterTable("proposals")
    .addColumn("submission_requested_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("submission_requested_at", "timestamptz")
    .execute();
  await db.schema
    .createTable("proposal_section_versions")
    .addColumn("proposal_id", "text", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("section", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("content", "jsonb", (c) => c.notNull())
    .addColumn("saved_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("as_helper", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("saved_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("proposal_section_versions_pk", ["proposal_id", "section", "version"])
    .execute();
  await sql`create index proposal_section_versions_recent_idx on proposal_section_versions (proposal_id, saved_at desc)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("proposal_section_versions").execute();
  await db.schema
    .alterTable("proposals")
    .dropColumn("submission_requested_by")
    .dropColumn("submission_requested_at")
    .execute();
  await db.schema.alterTable("organization_invitations").dropColumn("as_helper").execute();
  await db.schema.dropTable("organization_helpers").execute();
}
