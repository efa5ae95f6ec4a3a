import { type Kysely, sql } from "kysely";

/**
 * A report photo's description, written by the team for people who cannot see the image (its
 * `alt`); until now the file name stood in for it. Photos already stored get an honest stand-in
 * naming their milestone, 「<マイルストーン名>の写真」: nobody described them, so nothing more is claimed.
 * Other files (theme documents, proposal attachments) have none.
 */
// Migrations are frozen against the schema of their day, hence Kysely<any>.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("files").addColumn("description", "text").execute();
  await sql`update files f set description = m.title || 'の写真'
    from milestone_reports r
    join milestones m on m.id = r.milestone_id
    where f.owner_type = 'report' and f.owner_id = r.id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("files").dropColumn("description").execute();
}
