import type { MessageKey } from "../i18n";
import type { InvitationProblem } from "./organization-invitations.server";

export const invitationProblems: Record<InvitationProblem, MessageKey> = {
  invalid: "token.invalid",
  expired: "token.expired",
  used: "token.used",
  wrong_account: "invitation.wrongAccount",
  unverified: "invitation.unverified",
  already_member: "invitation.already",
};
