import { type Kysely, sql } from "kysely";

/**
 * Each review records its proposal's theme, so a theme's ranking and its reviewers' progress read
 * one range of one index (the theme's submitted reviews of a round) instead of looking up every
 * proposal's reviews one by one: a thousand index probes per page view was most of the ranking's
 * time. The pair (proposal, theme) must be the proposal's own: a composite foreign key says so.
 */
// Migrations are frozen against the schema of their day, hence Kysely<any>.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create unique index proposals_id_theme_idx on proposals (id, theme_id)`.execute(db);
  await db.schema.alterTable("reviews").addColumn("theme_id", "text").execute();
  await sql`update reviews r set theme_id = p.theme_id from proposals p where p.id = r.proposal_id`.execute(db);
  await sql`alter table reviews alter column theme_id set not null`.execute(db);
  await sql`alter table reviews add constraint reviews_proposal_theme_fk foreign key (proposal_id, theme_id)
    references proposals (id, theme_id) on delete cascade`.execute(db);
  await sql`create index reviews_theme_round_idx on reviews (theme_id, stage, status)
    include (proposal_id, reviewer_id, total)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists reviews_theme_round_idx`.execute(db);
  await sql`alter table reviews drop constraint if exists reviews_proposal_theme_fk`.execute(db);
  await db.schema.alterTable("reviews").dropColumn("theme_id").execute();
  await sql`drop index if exists proposals_id_theme_idx`.execute(db);
}
