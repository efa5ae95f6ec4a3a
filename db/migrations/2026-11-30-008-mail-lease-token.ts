import type { Kysely } from "kysely";

/**
 * A claim on an outbox message is fenced by a token: only the worker holding the current token may
 * renew the lease or mark the message sent or failed. Before this, a worker whose lease had run out
 * mid-send could still mark a message that another process had taken over (and was sending again).
 */
// Migrations are frozen against the schema of their day, hence Kysely<any>.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("mail_outbox").addColumn("lease_token", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("mail_outbox").dropColumn("lease_token").execute();
}
