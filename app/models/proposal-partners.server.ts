/**
 * The organisations on a proposal: the lead's representatives invite partners and remove them, an
 * invited organisation's representatives accept or decline.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { recordAudit } from "./audit.server";
import type { MailContext } from "./mail-context";
import { type Notice, notify } from "./notifications.server";
import { membershipOf, organizationRecipients } from "./organizations.server";

/**
 * The proposal with what decides who may change its partners (its status, its lead), its row
 * locked until the transaction ends: an invitation, an answer and a removal never cross.
 */
function lockedProposal(db: Kysely<Database>, proposalId: string) {
  return db
    .selectFrom("proposals")
    .select(["id", "status", "lead_organization_id"])
    .where("id", "=", proposalId)
    .forUpdate();
}

export type PartnerProblem = "forbidden" | "locked" | "already_partner" | "not_found" | "own_lead";

/** The lead's representatives invite an organisation; its representatives are told. */
export async function invitePartner(
  db: Kysely<Database>,
  input: { proposalId: string; organizationId: string; userId: string },
  ctx: MailContext,
): Promise<{ ok: true } | { ok: false; problem: PartnerProblem }> {
  return db.transaction().execute(async (trx) => {
    const proposal = await lockedProposal(trx, input.proposalId).select(["title", "theme_id"]).executeTakeFirst();
    if (!proposal) return { ok: false as const, problem: "not_found" as const };
    if ((await membershipOf(trx, proposal.lead_organization_id, input.userId)) !== "representative")
      return { ok: false as const, problem: "forbidden" as const };
    if (proposal.status !== "draft") return { ok: false as const, problem: "locked" as const };
    if (input.organizationId === proposal.lead_organization_id)
      return { ok: false as const, problem: "own_lead" as const };
    const organization = await trx
      .selectFrom("organizations")
      .select(["id", "name"])
      .where("id", "=", input.organizationId)
      .executeTakeFirst();
    if (!organization) return { ok: false as const, problem: "not_found" as const };
    const existing = await trx
      .selectFrom("proposal_partners")
      .select("status")
      .where("proposal_id", "=", proposal.id)
      .where("organization_id", "=", organization.id)
      .executeTakeFirst();
    if (existing && (existing.status === "invited" || existing.status === "accepted"))
      return { ok: false as const, problem: "already_partner" as const };
    if (existing) {
      await trx
        .updateTable("proposal_partners")
        .set({
          status: "invited",
          invited_by: input.userId,
          invited_at: ctx.now,
          responded_by: null,
          responded_at: null,
        })
        .where("proposal_id", "=", proposal.id)
        .where("organization_id", "=", organization.id)
        .execute();
    } else {
      await trx
        .insertInto("proposal_partners")
        .values({
          proposal_id: proposal.id,
          organization_id: organization.id,
          role: "partner",
          status: "invited",
          invited_by: input.userId,
          invited_at: ctx.now,
        })
        .execute();
    }
    const lead = await trx
      .selectFrom("organizations")
      .select("name")
      .where("id", "=", proposal.lead_organization_id)
      .executeTakeFirstOrThrow();
    const theme = await trx
      .selectFrom("themes")
      .select("title")
      .where("id", "=", proposal.theme_id)
      .executeTakeFirstOrThrow();
    await notify(
      trx,
      await organizationRecipients(trx, [organization.id], true),
      {
        message: "notice.proposalInvitation",
        mail: "proposalInvitation",
        params: { lead: lead.name, theme: theme.title, org: organization.name },
        link: `/proposals/${proposal.id}`,
      },
      ctx,
    );
    await recordAudit(trx, input.userId, "proposal.partner_invited", ["proposal", proposal.id], {
      organization: organization.id,
    });
    return { ok: true as const };
  });
}

/**
 * Tells the lead organisation's members what a partner organisation did (its name goes to the
 * notice as `org`). Inside the transaction that did it.
 */
export async function tellLead(
  trx: Kysely<Database>,
  input: { leadOrganizationId: string; partnerId: string },
  notice: Notice,
  ctx: MailContext,
) {
  const partner = await trx
    .selectFrom("organizations")
    .select("name")
    .where("id", "=", input.partnerId)
    .executeTakeFirstOrThrow();
  await notify(
    trx,
    await organizationRecipients(trx, [input.leadOrganizationId]),
    { ...notice, params: { ...notice.params, org: partner.name } },
    ctx,
  );
}

/** A representative of the invited organisation accepts or declines; the lead organisation is told. */
export async function answerPartnerInvitation(
  db: Kysely<Database>,
  input: { proposalId: string; organizationId: string; userId: string; accept: boolean },
  ctx: MailContext,
): Promise<{ ok: true } | { ok: false; problem: "forbidden" | "not_invited" | "locked" }> {
  return db.transaction().execute(async (trx) => {
    if ((await membershipOf(trx, input.organizationId, input.userId)) !== "representative")
      return { ok: false as const, problem: "forbidden" as const };
    const proposal = await lockedProposal(trx, input.proposalId).executeTakeFirst();
    if (!proposal) return { ok: false as const, problem: "not_invited" as const };
    if (proposal.status !== "draft") return { ok: false as const, problem: "locked" as const };
    const answered = await trx
      .updateTable("proposal_partners")
      .set({ status: input.accept ? "accepted" : "declined", responded_by: input.userId, responded_at: ctx.now })
      .where("proposal_id", "=", proposal.id)
      .where("organization_id", "=", input.organizationId)
      .where("status", "=", "invited")
      .returning("organization_id")
      .executeTakeFirst();
    if (!answered) return { ok: false as const, problem: "not_invited" as const };
    await tellLead(
      trx,
      { leadOrganizationId: proposal.lead_organization_id, partnerId: input.organizationId },
      {
        message: input.accept ? "notice.proposalAccepted" : "notice.proposalDeclined",
        mail: input.accept ? "proposalAccepted" : "proposalDeclined",
        params: {},
        link: `/proposals/${proposal.id}`,
      },
      ctx,
    );
    await recordAudit(
      trx,
      input.userId,
      input.accept ? "proposal.partner_accepted" : "proposal.partner_declined",
      ["proposal", proposal.id],
      { organization: input.organizationId },
    );
    return { ok: true as const };
  });
}

export async function removePartner(
  db: Kysely<Database>,
  input: { proposalId: string; organizationId: string; userId: string; now: Date },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const proposal = await lockedProposal(trx, input.proposalId).executeTakeFirst();
    if (proposal?.status !== "draft") return false;
    if ((await membershipOf(trx, proposal.lead_organization_id, input.userId)) !== "representative") return false;
    const removed = await trx
      .updateTable("proposal_partners")
      .set({ status: "removed", responded_by: input.userId, responded_at: input.now })
      .where("proposal_id", "=", proposal.id)
      .where("organization_id", "=", input.organizationId)
      .where("role", "=", "partner")
      .executeTakeFirst();
    if (Number(removed.numUpdatedRows) === 0) return false;
    await recordAudit(trx, input.userId, "proposal.partner_removed", ["proposal", proposal.id], {
      organization: input.organizationId,
    });
    return true;
  });
}
