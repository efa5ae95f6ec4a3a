import { type Kysely, sql } from "kysely";

/** The partner board filtered by theme (`/partners?theme=`) reads the open listings naming it. */
// Migrations are frozen against the schema of their day, hence Kysely<any>.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index partner_listings_theme_idx on partner_listings (theme_id, ends_at) where closed_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index partner_listings_theme_idx`.execute(db);
}
