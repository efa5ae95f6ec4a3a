/**
 * An organisation and who is in it: registering and editing it, its members and representatives
 * (and whom to tell of its news), and the public directory. Joining is in
 * organization-invitations.server.ts, leaving and handing over in organization-members.server.ts,
 * staff's verification in organization-verification.server.ts.
 */
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Database, MemberRole, OrganizationKind } from "../../db/schema";
import { normalizeEmail } from "./accounts.server";
import { recordAudit } from "./audit.server";
import type { Recipient } from "./notifications.server";
import type { OrganizationInput } from "./organization-schemas";
import { parseSearchQuery, searchColumns } from "./search";

function columnsFrom(input: OrganizationInput) {
  return {
    name: input.name,
    name_kana: input.nameKana,
    kind: input.kind,
    areas: input.areas,
    fields: input.fields,
    description: input.description,
    contact_email: normalizeEmail(input.contactEmail),
    contact_phone: input.contactPhone || null,
    website: input.website || null,
    founded_year: input.foundedYear ?? null,
    member_count: input.memberCount ?? null,
    ...searchColumns(input.name, input.nameKana, input.description),
  };
}

/** A verified member registers an organisation and becomes its representative. */
export async function createOrganization(db: Kysely<Database>, userId: string, input: OrganizationInput, now: Date) {
  return db.transaction().execute(async (trx) => {
    const org = await trx
      .insertInto("organizations")
      .values({ id: randomUUID(), ...columnsFrom(input), created_by: userId, created_at: now, updated_at: now })
      .returning(["id", "name"])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("organization_members")
      .values({ organization_id: org.id, user_id: userId, role: "representative" })
      .execute();
    await recordAudit(trx, userId, "organization.created", ["organization", org.id]);
    return org;
  });
}

export type UpdateResult = { ok: true } | { ok: false; problem: "stale"; currentVersion: number };

/**
 * Saves only when nobody else saved since the editor loaded the page (`version`): a stale copy never
 * silently overwrites another representative's changes. A returned organisation goes back to the queue.
 */
export async function updateOrganization(
  db: Kysely<Database>,
  input: { organizationId: string; actorId: string; values: OrganizationInput; expectedVersion: number; now: Date },
): Promise<UpdateResult> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("organizations")
      .set((eb) => ({
        ...columnsFrom(input.values),
        updated_at: input.now,
        version: eb("version", "+", 1),
        verification_status: sql`case when verification_status = 'returned' then 'unverified' else verification_status end`,
      }))
      .where("id", "=", input.organizationId)
      .where("version", "=", input.expectedVersion)
      .returning("id")
      .executeTakeFirst();
    if (!updated) {
      const current = await trx
        .selectFrom("organizations")
        .select("version")
        .where("id", "=", input.organizationId)
        .executeTakeFirst();
      return { ok: false as const, problem: "stale" as const, currentVersion: current?.version ?? 0 };
    }
    await recordAudit(trx, input.actorId, "organization.updated", ["organization", input.organizationId]);
    return { ok: true as const };
  });
}

export async function getOrganization(db: Kysely<Database>, id: string) {
  return db.selectFrom("organizations").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function membershipOf(
  db: Kysely<Database>,
  organizationId: string,
  userId: string,
): Promise<MemberRole | null> {
  const row = await db
    .selectFrom("organization_members")
    .select("role")
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row?.role ?? null;
}

export async function organizationsOfUser(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("organization_members")
    .innerJoin("organizations", "organizations.id", "organization_members.organization_id")
    .select([
      "organizations.id",
      "organizations.name",
      "organizations.kind",
      "organizations.verification_status",
      "organization_members.role",
    ])
    .where("organization_members.user_id", "=", userId)
    .orderBy("organizations.name_kana")
    .execute();
}

export async function membersOf(db: Kysely<Database>, organizationId: string) {
  return db
    .selectFrom("organization_members")
    .innerJoin("users", "users.id", "organization_members.user_id")
    .select(["users.id", "users.name", "organization_members.role", "organization_members.joined_at"])
    .where("organization_members.organization_id", "=", organizationId)
    .orderBy("organization_members.role", "desc")
    .orderBy("organization_members.joined_at")
    .execute();
}

/** The members of the organisations (or only their representatives), each once: who is told. */
export async function organizationRecipients(
  db: Kysely<Database>,
  organizationIds: string[],
  onlyRepresentatives = false,
): Promise<Recipient[]> {
  if (organizationIds.length === 0) return [];
  let query = db
    .selectFrom("organization_members as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.email", "u.name", "u.locale"])
    .where("m.organization_id", "in", organizationIds)
    .distinct();
  if (onlyRepresentatives) query = query.where("m.role", "=", "representative");
  return query.execute();
}

// --- Directory ---------------------------------------------------------------------------------

export interface DirectoryFilters {
  kind?: OrganizationKind;
  area?: string;
  field?: string;
  q?: string;
}

/** Two queries whatever the data: the page of rows, and the count. Every filter is index-backed. */
export async function searchOrganizations(
  db: Kysely<Database>,
  filters: DirectoryFilters,
  page: number,
  pageSize: number,
) {
  const search = parseSearchQuery(filters.q);
  let base = db.selectFrom("organizations");
  if (filters.kind) base = base.where("kind", "=", filters.kind);
  if (filters.area) base = base.where(sql<boolean>`areas @> array[${filters.area}]::text[]`);
  if (filters.field) base = base.where(sql<boolean>`fields @> array[${filters.field}]::text[]`);
  if (search) {
    if (search.tokens.length) base = base.where(sql<boolean>`search_tokens @> ${sql.val(search.tokens)}::text[]`);
    for (const pattern of search.likePatterns) base = base.where("search_text", "like", pattern);
  }
  const [rows, total] = await Promise.all([
    base
      .select(["id", "name", "name_kana", "kind", "areas", "fields", "description", "verification_status"])
      .orderBy("name_kana")
      .orderBy("id")
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.count) };
}
