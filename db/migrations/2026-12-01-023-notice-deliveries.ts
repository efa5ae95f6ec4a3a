import { type Kysely, sql } from "kysely";

/**
 * Each person's choice per group of notices (immediate, daily digest, off; no row: immediate), the
 * notices waiting for tomorrow's digest, and one claim per person and day so a digest goes once
 * whichever process sends it.
 */
// Migrations are frozen against the schema of their day, hence Kysely<any>.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("notice_preferences")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("notice_group", "text", (c) => c.notNull())
    .addColumn("delivery", "text", (c) => c.notNull().check(sql`delivery in ('immediate', 'digest', 'off')`))
    .addPrimaryKeyConstraint("notice_preferences_pk", ["user_id", "notice_group"])
    .execute();
  await db.schema
    .createTable("digest_items")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("message_key", "text", (c) => c.notNull())
    .addColumn("params", "jsonb", (c) => c.notNull())
    .addColumn("link", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("sent_at", "timestamptz")
    .execute();
  await sql`create index digest_items_waiting_idx on digest_items (user_id, created_at) where sent_at is null`.execute(
    db,
  );
  await db.schema
    .createTable("digest_runs")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("sent_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("digest_runs_pk", ["user_id", "day"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("digest_runs").execute();
  await db.schema.dropTable("digest_items").execute();
  await db.schema.dropTable("notice_preferences").execute();
}
