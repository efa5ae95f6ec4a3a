/**
 * From an accepted partnership to a proposal: a member of either organisation starts a draft that
 * their own organisation leads, with the other one already invited.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { MailContext } from "./mail-context";
import { getRequestThread } from "./partnership-requests.server";
import { invitePartner } from "./proposal-partners.server";
import { type StartProblem, startProposal } from "./proposals.server";

/** The accepted partnership this person belongs to, seen from their side; null otherwise. */
export async function partnershipFor(db: Kysely<Database>, requestId: string, userId: string) {
  const thread = await getRequestThread(db, requestId, userId);
  if (thread?.request.status !== "accepted") return null;
  const { request, side } = thread;
  return side === "to"
    ? {
        id: request.id,
        mine: { id: request.to_organization_id, name: request.to_name },
        partner: { id: request.from_organization_id, name: request.from_name },
      }
    : {
        id: request.id,
        mine: { id: request.from_organization_id, name: request.from_name },
        partner: { id: request.to_organization_id, name: request.to_name },
      };
}

export type PartnershipStart =
  | { ok: true; id: string; invited: boolean }
  | { ok: false; problem: StartProblem | "not_partnership" };

/**
 * Starts the draft (the person's organisation leads) and invites the partner. Only a representative
 * of the lead may invite (invitePartner): a plain member's draft is started, and `invited` says the
 * representative still has to invite.
 */
export async function startProposalWithPartner(
  db: Kysely<Database>,
  input: { requestId: string; themeId: string; userId: string },
  ctx: MailContext,
): Promise<PartnershipStart> {
  const partnership = await partnershipFor(db, input.requestId, input.userId);
  if (!partnership) return { ok: false, problem: "not_partnership" };
  const started = await startProposal(db, {
    themeId: input.themeId,
    leadOrganizationId: partnership.mine.id,
    userId: input.userId,
    now: ctx.now,
  });
  if (!started.ok) return started;
  const invited = await invitePartner(
    db,
    { proposalId: started.id, organizationId: partnership.partner.id, userId: input.userId },
    ctx,
  );
  return { ok: true, id: started.id, invited: invited.ok };
}
