import { policy } from "./policy";

/**
 * How someone stands to a proposal: a member of an accepted partner organisation (the team), ward
 * staff, or the representative of an organisation invited to join (who sees only the invitation).
 */
export type ProposalAccess = "team" | "staff" | "invited";
export type ProposalAction = "read" | "readContent" | "edit" | "answerInvitation";

export const can = policy<ProposalAccess, ProposalAction>({
  read: ["team", "staff", "invited"],
  readContent: ["team", "staff"],
  edit: ["team"],
  answerInvitation: ["invited"],
});
