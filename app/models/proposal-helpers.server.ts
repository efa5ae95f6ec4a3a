/**
 * 代理入力 (assisted input): a representative names a helper — a family member, a partner's staff,
 * ward staff at the counter — who may type the organisation's drafts. A helper never submits: they
 * ask the lead's representative, who reads the whole text after signing in from the e-mailed link
 * and submits it. Every saved version records who typed it (proposal_section_versions).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { recordAudit } from "./audit.server";
import { proposalsWithTheme } from "./joins.server";
import type { MailContext } from "./mail-context";
import { notify } from "./notifications.server";
import { organizationRecipients } from "./organizations.server";
import { proposalAccess } from "./proposals.server";
import { keepMembershipConflicts } from "./review-conflicts.server";

/** The helpers an organisation named, oldest first. */
export async function helpersOf(db: Kysely<Database>, organizationId: string) {
  return db
    .selectFrom("organization_helpers as h")
    .innerJoin("users as u", "u.id", "h.user_id")
    .select(["u.id", "u.name", "h.named_at"])
    .where("h.organization_id", "=", organizationId)
    .orderBy("h.named_at")
    .execute();
}

/** The organisations someone helps, for their own page. */
export async function organizationsHelpedBy(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("organization_helpers as h")
    .innerJoin("organizations as o", "o.id", "h.organization_id")
    .select(["o.id", "o.name"])
    .where("h.user_id", "=", userId)
    .orderBy("o.name")
    .execute();
}

/** The drafts someone may type as a helper: those of the organisations they help. */
export async function draftsHelpedBy(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("organization_helpers as h")
    .innerJoin("proposal_partners as pp", (join) =>
      join.onRef("pp.organization_id", "=", "h.organization_id").on("pp.status", "=", "accepted"),
    )
    .innerJoin("proposals as p", "p.id", "pp.proposal_id")
    .innerJoin("themes as t", "t.id", "p.theme_id")
    .innerJoin("organizations as o", "o.id", "h.organization_id")
    .select(["p.id", "p.title", "t.title as theme_title", "o.name as organization_name", "t.closes_at"])
    .where("h.user_id", "=", userId)
    .where("p.status", "=", "draft")
    .orderBy("t.closes_at")
    .limit(50)
    .execute();
}

/**
 * A representative ends a helper's access (or the helper stops): from the next request on they can
 * no longer open the drafts. False when that person was not a helper of this organisation.
 */
export async function removeHelper(
  db: Kysely<Database>,
  input: { organizationId: string; userId: string; actorId: string },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    // Their conflicts as a reviewer outlive the help, as a member's outlive membership.
    await keepMembershipConflicts(trx, { userId: input.userId, organizationId: input.organizationId });
    const removed = await trx
      .deleteFrom("organization_helpers")
      .where("organization_id", "=", input.organizationId)
      .where("user_id", "=", input.userId)
      .returning("user_id")
      .executeTakeFirst();
    if (!removed) return false;
    await recordAudit(trx, input.actorId, "organization.helper_removed", ["organization", input.organizationId], {
      user: input.userId,
    });
    return true;
  });
}

export type SubmissionRequestResult = { ok: true } | { ok: false; problem: "forbidden" | "not_draft" };

/**
 * A helper asks the lead organisation's representatives to approve and submit the draft. They are
 * told at once, whatever their notice settings (an approval put off to tomorrow's digest may miss
 * the deadline), with a link to the confirmation page, where they read the text and submit it.
 */
export async function requestSubmission(
  db: Kysely<Database>,
  input: { proposalId: string; helper: { id: string; name: string } },
  ctx: MailContext,
): Promise<SubmissionRequestResult> {
  return db.transaction().execute(async (trx) => {
    const proposal = await proposalsWithTheme(trx)
      .select(["p.status", "p.title", "p.lead_organization_id", "t.title as theme_title"])
      .where("p.id", "=", input.proposalId)
      .forUpdate("p")
      .executeTakeFirst();
    if (!proposal) return { ok: false as const, problem: "forbidden" as const };
    const access = await proposalAccess(trx, input.proposalId, { id: input.helper.id, isStaff: false });
    if (access.access !== "helper") return { ok: false as const, problem: "forbidden" as const };
    if (proposal.status !== "draft") return { ok: false as const, problem: "not_draft" as const };
    await trx
      .updateTable("proposals")
      .set({ submission_requested_by: input.helper.id, submission_requested_at: ctx.now })
      .where("id", "=", input.proposalId)
      .execute();
    await notify(
      trx,
      await organizationRecipients(trx, [proposal.lead_organization_id], true),
      {
        message: "notice.submissionRequested",
        mail: "submissionRequested",
        params: { helper: input.helper.name, title: proposal.title, theme: proposal.theme_title },
        link: `/proposals/${input.proposalId}/confirm`,
      },
      ctx,
    );
    await recordAudit(trx, input.helper.id, "proposal.submission_requested", ["proposal", input.proposalId]);
    return { ok: true as const };
  });
}

/** Who asked for the representative's approval, and when (null when nobody has). */
export async function submissionRequestOf(db: Kysely<Database>, proposalId: string) {
  const row = await db
    .selectFrom("proposals as p")
    .innerJoin("users as u", "u.id", "p.submission_requested_by")
    .select(["u.name", "p.submission_requested_at"])
    .where("p.id", "=", proposalId)
    .executeTakeFirst();
  return row?.submission_requested_at ? { by: row.name, at: row.submission_requested_at } : null;
}

/** The latest saved versions of a proposal's sections, newest first, with who typed each. */
export async function sectionHistory(db: Kysely<Database>, proposalId: string, limit = 30) {
  return db
    .selectFrom("proposal_section_versions as v")
    .leftJoin("users as u", "u.id", "v.saved_by")
    .select(["v.section", "v.version", "v.saved_at", "v.as_helper", "u.name"])
    .where("v.proposal_id", "=", proposalId)
    .orderBy("v.saved_at", "desc")
    .orderBy("v.version", "desc")
    .limit(limit)
    .execute();
}
