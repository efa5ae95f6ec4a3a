/**
 * Leaving an organisation and handing it over: a member leaves or is removed by a representative,
 * and a representative hands the role to another member. An organisation always keeps one.
 */
import type { Kysely } from "kysely";
import type { Database, MemberRole } from "../../db/schema";
import { recordAudit } from "./audit.server";
import { membershipOf } from "./organizations.server";
import { keepMembershipConflicts } from "./review-conflicts.server";

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
  | { ok: false; problem: "last_representative" | "not_member" | "not_representative" };

/** A representative removes a member, or a member leaves (actorId === userId). */
export async function removeMember(
  db: Kysely<Database>,
  input: { organizationId: string; userId: string; actorId: string },
): Promise<MembershipChange> {
  return db.transaction().execute(async (trx) => {
    const role = await membershipOf(trx, input.organizationId, input.userId);
    if (!role) return { ok: false as const, problem: "not_member" as const };
    if (role === "representative" && (await representativeCount(trx, input.organizationId)) <= 1) {
      return { ok: false as const, problem: "last_representative" as const };
    }
    await keepMembershipConflicts(trx, { userId: input.userId, organizationId: input.organizationId });
    await trx
      .deleteFrom("organization_members")
      .where("organization_id", "=", input.organizationId)
      .where("user_id", "=", input.userId)
      .execute();
    await recordAudit(
      trx,
      input.actorId,
      input.actorId === input.userId ? "organization.member_left" : "organization.member_removed",
      ["organization", input.organizationId],
      { user: input.userId },
    );
    return { ok: true as const };
  });
}

/** The representative hands the role to another member and becomes a member. */
export async function transferRepresentative(
  db: Kysely<Database>,
  input: { organizationId: string; fromUserId: string; toUserId: string },
): Promise<MembershipChange> {
  return db.transaction().execute(async (trx) => {
    if (input.fromUserId === input.toUserId) return { ok: false as const, problem: "not_member" as const };
    // Lock the giver's row: of two simultaneous hand-overs only the first still finds a representative.
    const giver = await trx
      .selectFrom("organization_members")
      .select("role")
      .where("organization_id", "=", input.organizationId)
      .where("user_id", "=", input.fromUserId)
      .forUpdate()
      .executeTakeFirst();
    if (giver?.role !== "representative") return { ok: false as const, problem: "not_representative" as const };
    if ((await membershipOf(trx, input.organizationId, input.toUserId)) === null) {
      return { ok: false as const, problem: "not_member" as const };
    }
    // One statement swaps the two roles, so the organisation never has none or two for a moment.
    await trx
      .updateTable("organization_members")
      .set((eb) => ({
        role: eb
          .case()
          .when("user_id", "=", input.toUserId)
          .then("representative")
          .else("member")
          .end()
          .$castTo<MemberRole>(),
      }))
      .where("organization_id", "=", input.organizationId)
      .where("user_id", "in", [input.toUserId, input.fromUserId])
      .execute();
    await recordAudit(
      trx,
      input.fromUserId,
      "organization.representative_transferred",
      ["organization", input.organizationId],
      { to: input.toUserId },
    );
    return { ok: true as const };
  });
}
