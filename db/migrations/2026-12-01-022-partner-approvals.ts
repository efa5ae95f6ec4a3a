import { type Kysely, sql } from "kysely";

/**
 * A partner organisation's representative approves the proposal's final text before it is
 * submitted. `approved_text` is the text's version as approved (the version of every section,
 * `textVersion`); a change to the text leaves it behind, and saving a changed section clears it.
 */
// Migrations are frozen against the schema of their day, hence Kysely<any>.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("proposal_partners")
    .addColumn("approved_text", "text")
    .addColumn("approved_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("approved_at", "timestamptz")
    .execute();
  await sql`alter table proposal_partners add constraint proposal_partners_approval_check
    check ((approved_text is null) = (approved_at is null))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table proposal_partners drop constraint proposal_partners_approval_check`.execute(db);
  await db.schema
    .alterTable("proposal_partners")
    .dropColumn("approved_text")
    .dropColumn("approved_by")
    .dropColumn("approved_at")
    .execute();
}
