import { type Kysely, sql } from "kysely";

/**
 * Two-factor sign-in and bounded sessions.
 * - users: the TOTP key (sealed with the site secret), when it was switched on, and the last time
 *   step used, so one code cannot be used twice.
 * - recovery codes: hashed, each good once.
 * - sessions: when each began and was last used (staff sessions end after 30 minutes idle and
 *   12 hours in all), and where from, so people can see and end their sessions.
 * - audit_log: security events are read by kind, newest first.
 */
// Migrations are frozen against the schema of their day, hence Kysely<any>.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("users")
    .addColumn("totp_key_sealed", "text")
    .addColumn("totp_enabled_at", "timestamptz")
    .addColumn("totp_last_step", "bigint")
    .execute();
  await db.schema
    .createTable("recovery_codes")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .execute();
  await db.schema.createIndex("recovery_codes_user_idx").on("recovery_codes").columns(["user_id"]).execute();
  await db.schema
    .alterTable("sessions")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_seen_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("user_agent", "text")
    .addColumn("client_address", "text")
    .execute();
  await db.schema.createIndex("audit_log_action_idx").on("audit_log").columns(["action", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("audit_log_action_idx").execute();
  await db.schema
    .alterTable("sessions")
    .dropColumn("created_at")
    .dropColumn("last_seen_at")
    .dropColumn("user_agent")
    .dropColumn("client_address")
    .execute();
  await db.schema.dropTable("recovery_codes").execute();
  await db.schema
    .alterTable("users")
    .dropColumn("totp_key_sealed")
    .dropColumn("totp_enabled_at")
    .dropColumn("totp_last_step")
    .execute();
}
