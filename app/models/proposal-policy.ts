import { policy } from "./policy";

/**
 * How someone stands to a proposal: a member of an accepted partner organisation (the team), a
 * helper one of those organisations named to type for it (代理入力: edits, never submits), ward
 * staff, or the representative of an organisation invited to join (who sees only the invitation).
 */
export type ProposalAccess = "team" | "helper" | "staff" | "invited";
export type ProposalAction = "read" | "readContent" | "edit" | "submit" | "requestSubmission" | "answerInvitation";

export const can = policy<ProposalAccess, ProposalAction>({
  read: ["team", "helper", "staff", "invited"],
  readContent: ["team", "helper", "staff"],
  edit: ["team", "helper"],
  submit: ["team"],
  requestSubmission: ["helper"],
  answerInvitation: ["invited"],
});
