import type { Kysely } from "kysely";

/**
 * Which version of the privacy policy (app/content/pages/privacy.*.md) each person agreed to, and
 * when. Empty for accounts made before: they are asked on their next visit, as after any change.
 */
// Migrations are frozen against the schema of their day, hence Kysely<any>.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("users")
    .addColumn("privacy_version", "text")
    .addColumn("privacy_agreed_at", "timestamptz")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("privacy_version").dropColumn("privacy_agreed_at").execute();
}
