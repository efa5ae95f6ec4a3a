import { type Kysely, sql } from "kysely";

/**
 * Every committed change to a table a public page reads sends a notice on the channel
 * `site_changed` (PostgreSQL's NOTIFY is delivered at commit, never for a rolled-back change). Each
 * server process listens and empties its cache of anonymous pages (app/web/page-cache.server.ts),
 * so a cached page is never older than the last change, whichever process made it.
 *
 * The tables left out change all the time and never show on a public page. A table added later
 * needs its trigger in its own migration: tests/integration/page-cache.test.ts fails until it has
 * one or is named in QUIET_TABLES (app/web/page-cache.server.ts).
 */
const NOTIFIED_TABLES = [
  "users",
  "app_settings",
  "organizations",
  "organization_members",
  "organization_invitations",
  "partner_listings",
  "partnership_requests",
  "partnership_messages",
  "courses",
  "themes",
  "theme_criteria",
  "files",
  "theme_questions",
  "consultations",
  "consultation_messages",
  "theme_announcements",
  "proposals",
  "proposal_sections",
  "proposal_partners",
  "receipt_counters",
  "theme_reviewers",
  "review_conflicts",
  "reviews",
  "decisions",
  "reviewer_invitations",
  "projects",
  "milestones",
  "milestone_reports",
  "project_continuations",
];

// Migrations are frozen against the schema of their day, hence Kysely<any>.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function notify_site_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('site_changed', '');
      return null;
    end
    $$`.execute(db);
  for (const table of NOTIFIED_TABLES) {
    await sql`
      create trigger site_changed after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function notify_site_changed()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of NOTIFIED_TABLES) {
    await sql`drop trigger site_changed on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function notify_site_changed()`.execute(db);
}
