/**
 * Organisations that fit a theme: of a kind the theme requires or working in one of its fields,
 * verified by the ward. Those with an open partner listing come first (they are looking), then
 * those of a required kind, those working in the same areas of the ward, and those sharing more
 * of the theme's fields. One query.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";

export async function suggestedPartners(
  db: Kysely<Database>,
  input: {
    fields: readonly string[];
    requiredKinds: readonly string[];
    /** The areas of the organisation looking (its own are preferred); none on a public page. */
    areas?: readonly string[];
    /** Organisations not to suggest (the lead, those already in the proposal). */
    exclude?: readonly string[];
    now: Date;
    limit?: number;
  },
) {
  const fields = sql`${sql.val([...input.fields])}::text[]`;
  const kinds = sql`${sql.val([...input.requiredKinds])}::text[]`;
  const areas = sql`${sql.val([...(input.areas ?? [])])}::text[]`;
  const exclude = sql`${sql.val([...(input.exclude ?? [])])}::text[]`;
  const { rows } = await sql<{ id: string; name: string; kind: string; listing: boolean }>`
    select o.id, o.name, o.kind,
      exists (
        select 1 from partner_listings l
        where l.organization_id = o.id and l.closed_at is null and l.ends_at > ${input.now}
      ) as listing
    from organizations o
    where o.verification_status = 'verified'
      and (o.fields && ${fields} or o.kind = any(${kinds}))
      and not (o.id = any(${exclude}))
    order by listing desc,
      (o.kind = any(${kinds})) desc,
      (o.areas && ${areas}) desc,
      cardinality(array(select unnest(o.fields) intersect select unnest(${fields}))) desc,
      o.name_kana
    limit ${input.limit ?? 6}`.execute(db);
  return rows;
}
