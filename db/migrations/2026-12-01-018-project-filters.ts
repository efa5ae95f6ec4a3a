import { type Kysely, sql } from "kysely";

/**
 * `/projects` filters by fiscal year (projects_created_idx), course and field (through the theme's
 * indexes and projects_theme_idx), state and area: an index for each of the last two.
 *
 * A project's areas are those of its organisations (lead and accepted partners) when it was funded,
 * kept on the project: where the team said it works then, and one GIN index instead of a join
 * through proposals and organisations. Existing projects are filled here.
 */
// Migrations are frozen against the schema of their day, hence Kysely<any>.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("projects")
    .addColumn("areas", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
  await sql`update projects p set areas = coalesce((
      select array_agg(distinct a order by a)
      from proposal_partners pp
      join organizations o on o.id = pp.organization_id
      cross join unnest(o.areas) as a
      where pp.proposal_id = p.proposal_id and pp.status = 'accepted'
    ), '{}')`.execute(db);
  await sql`create index projects_areas_idx on projects using gin (areas)`.execute(db);
  await db.schema.createIndex("projects_status_idx").on("projects").columns(["status", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("projects_status_idx").execute();
  await db.schema.dropIndex("projects_areas_idx").execute();
  await db.schema.alterTable("projects").dropColumn("areas").execute();
}
