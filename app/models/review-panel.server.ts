/**
 * A theme's review panel: staff assign reviewers (or invite them by e-mail), invitations take effect
 * when the invited address is confirmed, reviewers are taken off again, and the invitations still
 * pending. What each reviewer then does is in reviews.server.ts.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { recordAudit } from "./audit.server";
import { enqueueMail } from "./mail.server";
import type { MailContext } from "./mail-context";
import { notify } from "./notifications.server";

/**
 * Assigns an account with the reviewer role (or staff) to a theme. Someone without an account is
 * invited by e-mail instead: once they sign up and confirm that address they become a reviewer
 * and are assigned (see claimReviewerInvitations).
 */
export async function assignReviewer(
  db: Kysely<Database>,
  input: { themeId: string; email: string; staffId: string },
  ctx: MailContext,
): Promise<{ ok: true; invited: boolean } | { ok: false; problem: "not_reviewer" | "already" }> {
  const email = input.email.trim().toLowerCase();
  return db.transaction().execute(async (trx) => {
    const theme = await trx
      .selectFrom("themes")
      .select("title")
      .where("id", "=", input.themeId)
      .executeTakeFirstOrThrow();
    const person = await trx
      .selectFrom("users")
      .select(["id", "email", "name", "role", "locale"])
      .where("email", "=", email)
      .executeTakeFirst();
    if (!person) {
      const invited = await trx
        .insertInto("reviewer_invitations")
        .values({ theme_id: input.themeId, email, invited_by: input.staffId, created_at: ctx.now })
        .onConflict((oc) => oc.columns(["theme_id", "email"]).doNothing())
        .returning("email")
        .executeTakeFirst();
      if (!invited) return { ok: false as const, problem: "already" as const };
      await enqueueMail(trx, email, "notice", {
        locale: ctx.locale,
        name: null,
        kind: "reviewerInvitation",
        params: { theme: theme.title },
        url: `${ctx.publicUrl}/signup?email=${encodeURIComponent(email)}`,
      });
      await recordAudit(trx, input.staffId, "theme.reviewer_invited", ["theme", input.themeId], { email });
      return { ok: true as const, invited: true };
    }
    if (person.role !== "reviewer" && person.role !== "staff")
      return { ok: false as const, problem: "not_reviewer" as const };
    const inserted = await trx
      .insertInto("theme_reviewers")
      .values({ theme_id: input.themeId, user_id: person.id, assigned_by: input.staffId, assigned_at: ctx.now })
      .onConflict((oc) => oc.columns(["theme_id", "user_id"]).doNothing())
      .returning("user_id")
      .executeTakeFirst();
    if (!inserted) return { ok: false as const, problem: "already" as const };
    await notify(
      trx,
      [person],
      { message: "notice.reviewAssigned", mail: "reviewAssignment", params: { theme: theme.title }, link: "/reviews" },
      ctx,
    );
    await recordAudit(trx, input.staffId, "theme.reviewer_assigned", ["theme", input.themeId], { reviewer: person.id });
    return { ok: true as const, invited: false };
  });
}

/** Called when someone confirms their address: pending reviewer invitations for it take effect. */
export async function claimReviewerInvitations(
  db: Kysely<Database>,
  input: { userId: string; email: string; now: Date },
) {
  const pending = await db
    .updateTable("reviewer_invitations")
    .set({ accepted_at: input.now })
    .where("email", "=", input.email)
    .where("accepted_at", "is", null)
    .returning(["theme_id", "invited_by"])
    .execute();
  if (pending.length === 0) return 0;
  await db
    .updateTable("users")
    .set({ role: "reviewer" })
    .where("id", "=", input.userId)
    .where("role", "=", "member")
    .execute();
  for (const invitation of pending) {
    await db
      .insertInto("theme_reviewers")
      .values({
        theme_id: invitation.theme_id,
        user_id: input.userId,
        assigned_by: invitation.invited_by,
        assigned_at: input.now,
      })
      .onConflict((oc) => oc.columns(["theme_id", "user_id"]).doNothing())
      .execute();
    await recordAudit(db, input.userId, "theme.reviewer_joined", ["theme", invitation.theme_id]);
  }
  return pending.length;
}

/** Takes a reviewer off a theme: their drafts go, submitted reviews stop counting, all audited. */
export async function removeReviewer(
  db: Kysely<Database>,
  input: { themeId: string; reviewerId: string; staffId: string },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom("theme_reviewers")
      .where("theme_id", "=", input.themeId)
      .where("user_id", "=", input.reviewerId)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return false;
    const drafts = await trx
      .deleteFrom("reviews")
      .where("reviewer_id", "=", input.reviewerId)
      .where("status", "=", "draft")
      .where("proposal_id", "in", (eb) =>
        eb.selectFrom("proposals").select("proposals.id").where("proposals.theme_id", "=", input.themeId),
      )
      .executeTakeFirst();
    await recordAudit(trx, input.staffId, "theme.reviewer_removed", ["theme", input.themeId], {
      reviewer: input.reviewerId,
      draftsDiscarded: Number(drafts.numDeletedRows),
    });
    return true;
  });
}

/** Invitations to review the theme not yet taken up, oldest first (a query to run or to nest). */
export function pendingInvitationsQuery(db: Kysely<Database>, themeId: string) {
  return db
    .selectFrom("reviewer_invitations")
    .select(["email", "created_at"])
    .where("theme_id", "=", themeId)
    .where("accepted_at", "is", null)
    .orderBy("created_at");
}
