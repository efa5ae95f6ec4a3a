/**
 * Partner sign-off: before a joint proposal is submitted, the representative of every partner
 * organisation approves its final text. An approval is for the text as it was (its textVersion);
 * saving a changed section withdraws every approval, and the team is told who must approve again.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { recordAudit } from "./audit.server";
import type { MailContext } from "./mail-context";
import { notify } from "./notifications.server";
import { membershipOf, organizationRecipients } from "./organizations.server";
import { tellLead } from "./proposal-partners.server";
import { textVersionOf } from "./proposal-rules";

export type ApprovalProblem = "forbidden" | "locked" | "changed";

/** The current text's version, read with the proposal locked. */
async function currentText(db: Kysely<Database>, proposalId: string) {
  const sections = await db
    .selectFrom("proposal_sections")
    .select(["section", "version"])
    .where("proposal_id", "=", proposalId)
    .execute();
  return textVersionOf(Object.fromEntries(sections.map((s) => [s.section, { version: s.version }])));
}

/**
 * A partner organisation's representative approves the text they read (`text`, from the
 * confirmation page). Refused when they are not its representative, when the organisation is not
 * an accepted partner of this proposal (the lead submits instead), when it is no longer a draft,
 * or when the text changed since they read it.
 */
export async function approveProposalText(
  db: Kysely<Database>,
  input: { proposalId: string; organizationId: string; userId: string; text: string },
  ctx: MailContext,
): Promise<{ ok: true } | { ok: false; problem: ApprovalProblem }> {
  return db.transaction().execute(async (trx) => {
    if ((await membershipOf(trx, input.organizationId, input.userId)) !== "representative")
      return { ok: false as const, problem: "forbidden" as const };
    const proposal = await trx
      .selectFrom("proposals")
      .select(["status", "lead_organization_id", "title"])
      .where("id", "=", input.proposalId)
      .forUpdate()
      .executeTakeFirst();
    if (!proposal) return { ok: false as const, problem: "forbidden" as const };
    if (proposal.status !== "draft") return { ok: false as const, problem: "locked" as const };
    if ((await currentText(trx, input.proposalId)) !== input.text)
      return { ok: false as const, problem: "changed" as const };
    const approved = await trx
      .updateTable("proposal_partners")
      .set({ approved_text: input.text, approved_by: input.userId, approved_at: ctx.now })
      .where("proposal_id", "=", input.proposalId)
      .where("organization_id", "=", input.organizationId)
      .where("role", "=", "partner")
      .where("status", "=", "accepted")
      .returning("organization_id")
      .executeTakeFirst();
    if (!approved) return { ok: false as const, problem: "forbidden" as const };
    await tellLead(
      trx,
      { leadOrganizationId: proposal.lead_organization_id, partnerId: input.organizationId },
      {
        message: "notice.proposalApproved",
        mail: "proposalApproved",
        params: { title: proposal.title },
        link: `/proposals/${input.proposalId}/confirm`,
      },
      ctx,
    );
    await recordAudit(trx, input.userId, "proposal.text_approved", ["proposal", input.proposalId], {
      organization: input.organizationId,
      text: input.text,
    });
    return { ok: true as const };
  });
}

/**
 * The text changed (inside the transaction that changed it): every approval ends. When there were
 * any, the whole team is told which organisations must approve again.
 */
export async function withdrawApprovals(
  trx: Kysely<Database>,
  input: { proposalId: string; userId: string },
  mail: MailContext | undefined,
): Promise<void> {
  const withdrawn = await trx
    .updateTable("proposal_partners")
    .set({ approved_text: null, approved_by: null, approved_at: null })
    .where("proposal_id", "=", input.proposalId)
    .where("approved_text", "is not", null)
    .returning("organization_id")
    .execute();
  if (withdrawn.length === 0) return;
  const team = await trx
    .selectFrom("proposal_partners as pp")
    .innerJoin("organizations as o", "o.id", "pp.organization_id")
    .innerJoin("proposals as p", "p.id", "pp.proposal_id")
    .select(["pp.organization_id", "pp.role", "o.name", "p.title"])
    .where("pp.proposal_id", "=", input.proposalId)
    .where("pp.status", "=", "accepted")
    .orderBy("pp.invited_at")
    .execute();
  const waiting = team.filter((member) => member.role === "partner").map((member) => member.name);
  if (mail) {
    await notify(
      trx,
      await organizationRecipients(
        trx,
        team.map((member) => member.organization_id),
      ),
      {
        message: "notice.approvalsWithdrawn",
        mail: "approvalsWithdrawn",
        params: { title: team[0]?.title ?? "", organizations: waiting.join("、") },
        link: `/proposals/${input.proposalId}/confirm`,
      },
      mail,
    );
  }
  await recordAudit(trx, input.userId, "proposal.approvals_withdrawn", ["proposal", input.proposalId], {
    organizations: withdrawn.map((row) => row.organization_id),
  });
}
