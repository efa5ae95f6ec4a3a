import { hasRole, requireUser } from "~/auth/session.server";
import { can, type ProposalAction } from "~/models/proposal-policy";
import { loadProposal, proposalAccess } from "~/models/proposals.server";
import { services } from "~/services.server";
import { notFound } from "~/utils/http.server";

/**
 * Loads a proposal for someone allowed to take `action` on it. Anyone else, whatever the id or link
 * they hold, gets 404: a guessed id never reveals that a draft exists.
 */
export async function requireProposal(request: Request, proposalId: string, action: ProposalAction) {
  const { user } = await requireUser(request);
  const { db } = services();
  const access = await proposalAccess(db, proposalId, { id: user.id, isStaff: hasRole(user, "staff") });
  if (!can(access.access, action)) throw notFound();
  const loaded = await loadProposal(db, proposalId);
  if (!loaded) throw notFound();
  return { user, access, loaded };
}
