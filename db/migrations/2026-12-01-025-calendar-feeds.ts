import { type Kysely, sql } from "kysely";

/** The secret address of a person's calendar feed (null until they ask for one; replaced on request). */
// Migrations are frozen against the schema of their day, hence Kysely<any>.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("calendar_token", "text").execute();
  await sql`create unique index users_calendar_token_idx on users (calendar_token) where calendar_token is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index users_calendar_token_idx`.execute(db);
  await db.schema.alterTable("users").dropColumn("calendar_token").execute();
}
