/**
 * Joining an organisation: a representative invites an e-mail address, the invitation is read from
 * its link, and the person with that address accepts it once — as a member, or as a helper who may
 * only type the organisation's drafts (代理入力, `asHelper`).
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { normalizeEmail } from "./accounts.server";
import { recordAudit } from "./audit.server";
import { enqueueMail } from "./mail.server";
import type { MailContext } from "./mail-context";
import { addNotices } from "./notifications.server";
import { membershipOf } from "./organizations.server";
import { keepMembershipConflicts } from "./review-conflicts.server";

export const INVITATION_DAYS = 7;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function inviteMember(
  db: Kysely<Database>,
  input: { organizationId: string; email: string; inviter: { id: string; name: string }; asHelper?: boolean },
  ctx: MailContext,
): Promise<{ ok: true } | { ok: false; problem: "already_member" }> {
  const asHelper = input.asHelper ?? false;
  const email = normalizeEmail(input.email);
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom("organization_members")
      .innerJoin("users", "users.id", "organization_members.user_id")
      .select("users.id")
      .where("organization_members.organization_id", "=", input.organizationId)
      .where("users.email", "=", email)
      .executeTakeFirst();
    if (existing || (asHelper && (await isHelper(trx, input.organizationId, email))))
      return { ok: false as const, problem: "already_member" as const };
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
        as_helper: asHelper,
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
      kind: asHelper ? "helperInvitation" : "orgInvitation",
      params: { org: org.name, inviter: input.inviter.name },
      url: `${ctx.publicUrl}/invitations/${token}`,
    });
    if (invitee) {
      await addNotices(trx, [invitee.id], {
        message: asHelper ? "notice.invitedHelper" : "notice.invited",
        params: { org: org.name },
        link: "/me",
      });
    }
    await recordAudit(trx, input.inviter.id, "organization.member_invited", ["organization", input.organizationId], {
      invitation: id,
      ...(asHelper ? { helper: true } : {}),
    });
    return { ok: true as const };
  });
}

async function isHelper(db: Kysely<Database>, organizationId: string, email: string) {
  const row = await db
    .selectFrom("organization_helpers as h")
    .innerJoin("users as u", "u.id", "h.user_id")
    .select("u.id")
    .where("h.organization_id", "=", organizationId)
    .where("u.email", "=", email)
    .executeTakeFirst();
  return row !== undefined;
}

/** Invitations with the organisation each is to: what the invited person is shown. */
function invitationsWithOrganization(db: Kysely<Database>) {
  return db
    .selectFrom("organization_invitations")
    .innerJoin("organizations", "organizations.id", "organization_invitations.organization_id")
    .select([
      "organization_invitations.id",
      "organization_invitations.expires_at",
      "organization_invitations.as_helper",
      "organizations.id as organization_id",
      "organizations.name as organization_name",
    ]);
}

/** An invitation with what decides whether it can still be accepted, and by whom. */
function invitationToAnswer(db: Kysely<Database>) {
  return invitationsWithOrganization(db).select([
    "organization_invitations.email",
    "organization_invitations.accepted_at",
    "organization_invitations.revoked_at",
    "organization_invitations.invited_by",
  ]);
}

export async function findInvitationByToken(db: Kysely<Database>, token: string) {
  return invitationToAnswer(db).where("organization_invitations.token_hash", "=", hashToken(token)).executeTakeFirst();
}

export async function pendingInvitationsFor(db: Kysely<Database>, email: string, now: Date) {
  return invitationsWithOrganization(db)
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
    .select(["id", "email", "expires_at", "as_helper"])
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
): Promise<
  | { ok: true; organizationId: string; organizationName: string; asHelper: boolean }
  | { ok: false; problem: InvitationProblem }
> {
  return db.transaction().execute(async (trx) => {
    const invitation = await invitationToAnswer(trx)
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
    if (
      (await membershipOf(trx, invitation.organization_id, input.user.id)) ||
      (await isHelper(trx, invitation.organization_id, invitation.email))
    ) {
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
    const joined = invitation.as_helper
      ? await trx
          .insertInto("organization_helpers")
          .values({
            organization_id: invitation.organization_id,
            user_id: input.user.id,
            named_by: invitation.invited_by,
            named_at: input.now,
          })
          .onConflict((oc) => oc.columns(["organization_id", "user_id"]).doNothing())
          .returning("user_id")
          .executeTakeFirst()
      : await trx
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
    // A helper sees the applicant's drafts: a conflict for any theme they review, kept on record.
    if (invitation.as_helper)
      await keepMembershipConflicts(trx, { userId: input.user.id, organizationId: invitation.organization_id });
    await recordAudit(
      trx,
      input.user.id,
      invitation.as_helper ? "organization.helper_joined" : "organization.member_joined",
      ["organization", invitation.organization_id],
    );
    return {
      ok: true as const,
      organizationId: invitation.organization_id,
      organizationName: invitation.organization_name,
      asHelper: invitation.as_helper,
    };
  });
}
