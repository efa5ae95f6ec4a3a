/**
 * How each person wants the e-mail of each group of notices: at once, in one e-mail a day, or not
 * at all (the in-app notice is always kept). What must be read is sent at once whatever is chosen.
 * Pure: the settings page and the mail delivery read the same tables.
 */
import type { NoticeKind } from "../../emails/notice";

export const DELIVERIES = ["immediate", "digest", "off"] as const;
export type Delivery = (typeof DELIVERIES)[number];

/** The groups a person chooses for, in the order the settings page lists them. */
export const NOTICE_GROUPS = [
  "organizations",
  "partners",
  "proposals",
  "deadlines",
  "reviewing",
  "reports",
  "questions",
] as const;
export type NoticeGroup = (typeof NOTICE_GROUPS)[number];

/** Every notice kind in exactly one group (a test checks that none is left out). */
export const GROUP_OF: Record<NoticeKind, NoticeGroup> = {
  orgInvitation: "organizations",
  helperInvitation: "organizations",
  orgVerified: "organizations",
  orgReturned: "organizations",
  alreadyRegistered: "organizations",
  requestReceived: "partners",
  requestReply: "partners",
  requestDecided: "partners",
  proposalInvitation: "proposals",
  proposalAccepted: "proposals",
  proposalDeclined: "proposals",
  proposalApproved: "proposals",
  approvalsWithdrawn: "proposals",
  proposalReceipt: "proposals",
  submissionRequested: "proposals",
  resultFunded: "proposals",
  resultNotFunded: "proposals",
  presentationInvitation: "proposals",
  draftNudge: "deadlines",
  deadlineChanged: "deadlines",
  milestoneDue: "deadlines",
  milestoneOverdue: "deadlines",
  reviewAssignment: "reviewing",
  reviewerInvitation: "reviewing",
  reviewReminder: "reviewing",
  reviewDeadline: "reviewing",
  reportSubmitted: "reports",
  reportApproved: "reports",
  reportReturned: "reports",
  finalSubmitted: "reports",
  finalAccepted: "reports",
  finalReturned: "reports",
  consultation: "questions",
  questionAsked: "questions",
};

/**
 * Sent at once whatever is chosen: results, something returned to be corrected, and what touches
 * the account's safety (someone tried to register with this address).
 */
export const MUST_READ: ReadonlySet<NoticeKind> = new Set<NoticeKind>([
  "resultFunded",
  "resultNotFunded",
  "orgReturned",
  "reportReturned",
  "finalReturned",
  "alreadyRegistered",
  "presentationInvitation",
  // The representative's approval cannot wait for tomorrow's digest: the deadline may not.
  "submissionRequested",
]);

/** How this kind of notice's e-mail goes to someone who chose `chosen` for its group. */
export function deliveryOf(kind: NoticeKind, chosen: Delivery | undefined): Delivery {
  if (MUST_READ.has(kind)) return "immediate";
  return chosen ?? "immediate";
}

/** The hour (Japan time) the daily e-mail goes out, with what arrived before it. */
export const DIGEST_HOUR = 8;
