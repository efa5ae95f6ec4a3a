import { type Kysely, sql } from "kysely";

/**
 * Seven days and one day before a theme closes, each team with a draft is reminded once: the row is
 * claimed before the reminder goes, keyed by the deadline so a moved deadline earns fresh ones.
 */
// Migrations are frozen against the schema of their day, hence Kysely<any>.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("draft_nudges")
    .addColumn("proposal_id", "text", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('week', 'day')`))
    .addColumn("closes_at", "timestamptz", (c) => c.notNull())
    .addColumn("sent_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("draft_nudges_pk", ["proposal_id", "kind", "closes_at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("draft_nudges").execute();
}
