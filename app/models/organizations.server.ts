import { createHash, randomBytes, randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Database, MemberRole, OrganizationKind } from "../../db/schema";
import { normalizeEmail } from "./accounts.server";
import { recordAudit } from "./audit.server";
import { enqueueMail } from "./mail.server";
import type { MailContext } from "./mail-context";
import { notify, type Recipient } from "./notifications.server";
import type { OrganizationInput } from "./organization-schemas";
import { keepMembershipConflicts } from "./review-conflicts.server";
import { parseSearchQuery, searchColumns } from "./search";

export const INVITATION_DAYS = 7;

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
    await recordAudit(trx, {
      actorId: userId,
      action: "organization.created",
      entityType: "organization",
      entityId: org.id,
    });
    return org;
  });
}

export type UpdateResult = { ok: true } | { ok: false; error: "stale"; currentVersion: number };

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
      return { ok: false as const, error: "stale" as const, currentVersion: current?.version ?? 0 };
    }
    await recordAudit(trx, {
      actorId: input.actorId,
      action: "organization.updated",
      entityType: "organization",
      entityId: input.organizationId,
    });
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

async function representativesOf(db: Kysely<Database>, organizationId: string): Promise<Recipient[]> {
  return db
    .selectFrom("organization_members")
    .innerJoin("users", "users.id", "organization_members.user_id")
    .select(["users.id", "users.email", "users.name", "users.locale"])
    .where("organization_members.organization_id", "=", organizationId)
    .where("organization_members.role", "=", "representative")
    .execute();
}

export async function recipientsOf(db: Kysely<Database>, organizationId: string): Promise<Recipient[]> {
  return db
    .selectFrom("organization_members")
    .innerJoin("users", "users.id", "organization_members.user_id")
    .select(["users.id", "users.email", "users.name", "users.locale"])
    .where("organization_members.organization_id", "=", organizationId)
    .execute();
}

// --- Invitations -------------------------------------------------------------------------------

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function inviteMember(
  db: Kysely<Database>,
  input: { organizationId: string; email: string; inviter: { id: string; name: string } },
  ctx: MailContext,
): Promise<{ ok: true } | { ok: false; error: "already_member" }> {
  const email = normalizeEmail(input.email);
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom("organization_members")
      .innerJoin("users", "users.id", "organization_members.user_id")
      .select("users.id")
      .where("organization_members.organization_id", "=", input.organizationId)
      .where("users.email", "=", email)
      .executeTakeFirst();
    if (existing) return { ok: false as const, error: "already_member" as const };
    const org = await trx
      .selectFrom("organizations")
      .select("name")
      .where("id", "=", input.organizationId)
      .executeTakeFirstOrThrow();
    const token = randomBytes(32).toString("base64url");
    const id = randomUUID();
    await trx
      .insertInto("organization_invitations")
      .values({
        id,
        organization_id: input.organizationId,
        email,
        token_hash: hashToken(token),
        invited_by: input.inviter.id,
        expires_at: new Date(ctx.now.getTime() + INVITATION_DAYS * 24 * 3600_000),
        created_at: ctx.now,
      })
      .execute();
    const invitee = await trx
      .selectFrom("users")
      .select(["id", "name", "locale"])
      .where("email", "=", email)
      .executeTakeFirst();
    await enqueueMail(trx, email, "notice", {
      locale: invitee?.locale ?? ctx.locale,
      name: invitee?.name ?? null,
      kind: "orgInvitation",
      params: { org: org.name, inviter: input.inviter.name },
      url: `${ctx.publicUrl}/invitations/${token}`,
    });
    if (invitee) {
      await trx
        .insertInto("notifications")
        .values({
          user_id: invitee.id,
          message_key: "notice.invited",
          params: JSON.stringify({ org: org.name }),
          link: "/me",
        })
        .execute();
    }
    await recordAudit(trx, {
      actorId: input.inviter.id,
      action: "organization.member_invited",
      entityType: "organization",
      entityId: input.organizationId,
      details: { invitation: id },
    });
    return { ok: true as const };
  });
}

export async function findInvitationByToken(db: Kysely<Database>, token: string) {
  return db
    .selectFrom("organization_invitations")
    .innerJoin("organizations", "organizations.id", "organization_invitations.organization_id")
    .select([
      "organization_invitations.id",
      "organization_invitations.email",
      "organization_invitations.expires_at",
      "organization_invitations.accepted_at",
      "organization_invitations.revoked_at",
      "organizations.id as organization_id",
      "organizations.name as organization_name",
    ])
    .where("organization_invitations.token_hash", "=", hashToken(token))
    .executeTakeFirst();
}

export async function pendingInvitationsFor(db: Kysely<Database>, email: string, now: Date) {
  return db
    .selectFrom("organization_invitations")
    .innerJoin("organizations", "organizations.id", "organization_invitations.organization_id")
    .select([
      "organization_invitations.id",
      "organization_invitations.expires_at",
      "organizations.id as organization_id",
      "organizations.name as organization_name",
    ])
    .where("organization_invitations.email", "=", normalizeEmail(email))
    .where("organization_invitations.accepted_at", "is", null)
    .where("organization_invitations.revoked_at", "is", null)
    .where("organization_invitations.expires_at", ">", now)
    .orderBy("organization_invitations.created_at", "desc")
    .execute();
}

export async function pendingInvitationsOf(db: Kysely<Database>, organizationId: string, now: Date) {
  return db
    .selectFrom("organization_invitations")
    .select(["id", "email", "expires_at"])
    .where("organization_id", "=", organizationId)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .orderBy("created_at", "desc")
    .execute();
}

export type InvitationProblem = "invalid" | "expired" | "used" | "wrong_account" | "unverified" | "already_member";

/**
 * Accepts an invitation for the signed-in account. The invitation belongs to one e-mail address:
 * another account cannot take it, and it works once (the conditional UPDATE lets one request win).
 */
export async function acceptInvitation(
  db: Kysely<Database>,
  input: { invitationId: string; user: { id: string; email: string; emailVerified: boolean }; now: Date },
): Promise<{ ok: true; organizationId: string; organizationName: string } | { ok: false; problem: InvitationProblem }> {
  return db.transaction().execute(async (trx) => {
    const invitation = await trx
      .selectFrom("organization_invitations")
      .innerJoin("organizations", "organizations.id", "organization_invitations.organization_id")
      .select([
        "organization_invitations.email",
        "organization_invitations.expires_at",
        "organization_invitations.accepted_at",
        "organization_invitations.revoked_at",
        "organizations.id as organization_id",
        "organizations.name as organization_name",
      ])
      .where("organization_invitations.id", "=", input.invitationId)
      // Two acceptances at once: the second waits here for the first and then reads it as used,
      // rather than racing it to the membership check.
      .forUpdate("organization_invitations")
      .executeTakeFirst();
    if (!invitation || invitation.revoked_at) return { ok: false as const, problem: "invalid" as const };
    if (invitation.accepted_at) return { ok: false as const, problem: "used" as const };
    if (invitation.expires_at <= input.now) return { ok: false as const, problem: "expired" as const };
    if (invitation.email !== normalizeEmail(input.user.email))
      return { ok: false as const, problem: "wrong_account" as const };
    if (!input.user.emailVerified) return { ok: false as const, problem: "unverified" as const };
    if (await membershipOf(trx, invitation.organization_id, input.user.id)) {
      return { ok: false as const, problem: "already_member" as const };
    }
    const claimed = await trx
      .updateTable("organization_invitations")
      .set({ accepted_at: input.now, accepted_by: input.user.id })
      .where("id", "=", input.invitationId)
      .where("accepted_at", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (!claimed) return { ok: false as const, problem: "used" as const };
    // A second invitation accepted at the same moment must not fail on the primary key.
    const joined = await trx
      .insertInto("organization_members")
      .values({
        organization_id: invitation.organization_id,
        user_id: input.user.id,
        role: "member",
        joined_at: input.now,
      })
      .onConflict((oc) => oc.columns(["organization_id", "user_id"]).doNothing())
      .returning("user_id")
      .executeTakeFirst();
    if (!joined) {
      await trx
        .updateTable("organization_invitations")
        .set({ accepted_at: null, accepted_by: null })
        .where("id", "=", input.invitationId)
        .execute();
      return { ok: false as const, problem: "already_member" as const };
    }
    await recordAudit(trx, {
      actorId: input.user.id,
      action: "organization.member_joined",
      entityType: "organization",
      entityId: invitation.organization_id,
    });
    return {
      ok: true as const,
      organizationId: invitation.organization_id,
      organizationName: invitation.organization_name,
    };
  });
}

// --- Membership changes ------------------------------------------------------------------------

async function representativeCount(db: Kysely<Database>, organizationId: string): Promise<number> {
  // Lock the representatives' rows so two simultaneous departures cannot both pass the check.
  const rows = await db
    .selectFrom("organization_members")
    .select("user_id")
    .where("organization_id", "=", organizationId)
    .where("role", "=", "representative")
    .forUpdate()
    .execute();
  return rows.length;
}

export type MembershipChange =
  | { ok: true }
  | { ok: false; error: "last_representative" | "not_member" | "not_representative" };

/** A representative removes a member, or a member leaves (actorId === userId). */
export async function removeMember(
  db: Kysely<Database>,
  input: { organizationId: string; userId: string; actorId: string },
): Promise<MembershipChange> {
  return db.transaction().execute(async (trx) => {
    const role = await membershipOf(trx, input.organizationId, input.userId);
    if (!role) return { ok: false as const, error: "not_member" as const };
    if (role === "representative" && (await representativeCount(trx, input.organizationId)) <= 1) {
      return { ok: false as const, error: "last_representative" as const };
    }
    await keepMembershipConflicts(trx, { userId: input.userId, organizationId: input.organizationId });
    await trx
      .deleteFrom("organization_members")
      .where("organization_id", "=", input.organizationId)
      .where("user_id", "=", input.userId)
      .execute();
    await recordAudit(trx, {
      actorId: input.actorId,
      action: input.actorId === input.userId ? "organization.member_left" : "organization.member_removed",
      entityType: "organization",
      entityId: input.organizationId,
      details: { user: input.userId },
    });
    return { ok: true as const };
  });
}

/** The representative hands the role to another member and becomes a member. */
export async function transferRepresentative(
  db: Kysely<Database>,
  input: { organizationId: string; fromUserId: string; toUserId: string },
): Promise<MembershipChange> {
  return db.transaction().execute(async (trx) => {
    if (input.fromUserId === input.toUserId) return { ok: false as const, error: "not_member" as const };
    // Lock the giver's row: of two simultaneous hand-overs only the first still finds a representative.
    const giver = await trx
      .selectFrom("organization_members")
      .select("role")
      .where("organization_id", "=", input.organizationId)
      .where("user_id", "=", input.fromUserId)
      .forUpdate()
      .executeTakeFirst();
    if (giver?.role !== "representative") return { ok: false as const, error: "not_representative" as const };
    if ((await membershipOf(trx, input.organizationId, input.toUserId)) === null) {
      return { ok: false as const, error: "not_member" as const };
    }
    await trx
      .updateTable("organization_members")
      .set({ role: "representative" })
      .where("organization_id", "=", input.organizationId)
      .where("user_id", "=", input.toUserId)
      .execute();
    await trx
      .updateTable("organization_members")
      .set({ role: "member" })
      .where("organization_id", "=", input.organizationId)
      .where("user_id", "=", input.fromUserId)
      .execute();
    await recordAudit(trx, {
      actorId: input.fromUserId,
      action: "organization.representative_transferred",
      entityType: "organization",
      entityId: input.organizationId,
      details: { to: input.toUserId },
    });
    return { ok: true as const };
  });
}

// --- Verification by staff ---------------------------------------------------------------------

export async function verificationQueue(db: Kysely<Database>) {
  return db
    .selectFrom("organizations")
    .select(["id", "name", "name_kana", "kind", "description", "contact_email", "created_at", "verification_status"])
    .where("verification_status", "=", "unverified")
    .orderBy("created_at")
    .limit(100)
    .execute();
}

export async function decideVerification(
  db: Kysely<Database>,
  input: { organizationId: string; staffId: string; decision: "verified" | "returned"; note?: string },
  ctx: MailContext,
): Promise<{ ok: true; name: string } | { ok: false }> {
  return db.transaction().execute(async (trx) => {
    const org = await trx
      .updateTable("organizations")
      .set({
        verification_status: input.decision,
        verification_note: input.decision === "returned" ? (input.note ?? null) : null,
        verified_at: input.decision === "verified" ? ctx.now : null,
        updated_at: ctx.now,
      })
      .where("id", "=", input.organizationId)
      .where("verification_status", "=", "unverified")
      .returning(["id", "name"])
      .executeTakeFirst();
    if (!org) return { ok: false as const };
    await recordAudit(trx, {
      actorId: input.staffId,
      action: input.decision === "verified" ? "organization.verified" : "organization.returned",
      entityType: "organization",
      entityId: org.id,
      details: input.note ? { note: input.note } : {},
    });
    const verified = input.decision === "verified";
    await notify(
      trx,
      await representativesOf(trx, org.id),
      {
        message: verified ? "notice.orgVerified" : "notice.orgReturned",
        mail: verified ? "orgVerified" : "orgReturned",
        params: { org: org.name, note: input.note ?? "" },
        link: verified ? `/organizations/${org.id}` : `/organizations/${org.id}/edit`,
      },
      ctx,
    );
    return { ok: true as const, name: org.name };
  });
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
