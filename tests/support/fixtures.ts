/**
 * The integration tests' set-up, made through the site's own domain functions so the rows are the
 * ones the site itself writes. Each fixture takes the database first, as the models do.
 */

import type { Kysely } from "kysely";
import { afterAll, beforeAll } from "vitest";
import { loadConfig } from "~/config.server";
import { createVerifiedUser } from "~/models/accounts.server";
import type { MailContext } from "~/models/mail-context";
import { acceptInvitation, inviteMember, pendingInvitationsFor } from "~/models/organization-invitations.server";
import type { OrganizationInput } from "~/models/organization-schemas";
import { decideVerification } from "~/models/organization-verification.server";
import { createOrganization } from "~/models/organizations.server";
import { approveProposalText } from "~/models/proposal-approvals.server";
import { answerPartnerInvitation, invitePartner } from "~/models/proposal-partners.server";
import { SECTIONS, type SectionContent, type SectionKey } from "~/models/proposal-rules";
import { submitProposal } from "~/models/proposal-submission.server";
import { loadProposal, saveSection, startProposal } from "~/models/proposals.server";
import { recordDecision, releaseResults } from "~/models/review-decisions.server";
import { assignReviewer } from "~/models/review-panel.server";
import type { CriterionInput } from "~/models/theme-rules";
import type { ThemeInput } from "~/models/theme-schemas";
import { createTheme, publishTheme } from "~/models/themes.server";
import { createServices, installServices, type Services, services } from "~/services.server";
import type { Database, OrganizationKind, Role, User } from "../../db/schema";
import { seedDemoIfNew } from "../../db/seed";
import { createTestDatabase, type TestDatabase } from "./database";
import { finishedSections } from "./proposal-sections";

export { finishedSections, writtenSections } from "./proposal-sections";

type Db = Kysely<Database>;

export const DAY = 24 * 3600_000;
/** When the test file loaded its fixtures. */
export const NOW = new Date();
/** A call that had closed by NOW: it opened 30 days before, proposals were written 20 days before, it closed 10 days before. */
export const OPENED = new Date(NOW.getTime() - 30 * DAY);
export const DURING = new Date(NOW.getTime() - 20 * DAY);
export const CLOSED = new Date(NOW.getTime() - 10 * DAY);
/** Every fixture user's password. */
export const PASSWORD = "long password 1";
/** The secret the test services sign e-mailed links with. */
export const SECRET = "test-secret";

/** The context actions write e-mail with: links to http://lab.test, in Japanese, stamped `now`. */
export const mailContext = (now = new Date()): MailContext => ({ publicUrl: "http://lab.test", locale: "ja", now });

/** The site's services over a test database, installed for the routes; mail goes to a port nothing listens on. */
export function installTestServices(handle: TestDatabase): Services {
  const made = createServices(loadConfig({ SMTP_URL: "smtp://127.0.0.1:2525" }), handle.db, handle.kind, SECRET);
  installServices(made);
  return made;
}

/** The Cookie header value of a new session for `user`, from the installed services. */
export async function sessionCookieFor(user: Pick<User, "id">): Promise<string> {
  const { lucia } = services();
  const session = await lucia.createSession(user.id, {});
  return lucia.createSessionCookie(session.id).serialize().split(";")[0];
}

/** One verified user, e-mail `email`, with PASSWORD unless told otherwise. */
export function verifiedUser(
  db: Db,
  email: string,
  role: Role = "member",
  name = email.split("@")[0],
  password = PASSWORD,
) {
  return createVerifiedUser(db, { email, name, password, role });
}

/** A maker of verified members, one a call with its name, e-mail `${prefix}${n}@example.jp` numbered in order. */
export function numberedMembers(db: () => Db, prefix: string, password = PASSWORD) {
  let count = 0;
  return (name: string) => {
    count += 1;
    return verifiedUser(db(), `${prefix}${count}@example.jp`, "member", name, password);
  };
}

/** Verified users in the given order, one a key with its role: e-mail `key@example.jp`, named `nameOf(key)`. */
export async function verifiedUsers<K extends string>(
  db: Db,
  roles: Record<K, Role>,
  nameOf: (key: K) => string = (key) => key,
): Promise<Record<K, User>> {
  const users = {} as Record<K, User>;
  for (const key of Object.keys(roles) as K[]) {
    users[key] = await verifiedUser(db, `${key.toLowerCase()}@example.jp`, roles[key], nameOf(key));
  }
  return users;
}

/** verifiedUsers, each signed in: the users and their session cookies, by the same keys. */
export async function signedInUsers<K extends string>(
  db: Db,
  roles: Record<K, Role>,
  nameOf?: (key: K) => string,
): Promise<{ user: Record<K, User>; cookie: Record<K, string> }> {
  const user = await verifiedUsers(db, roles, nameOf);
  const cookie = {} as Record<K, string>;
  for (const key of Object.keys(user) as K[]) cookie[key] = await sessionCookieFor(user[key]);
  return { user, cookie };
}

/**
 * A test database with the site's services on it and these people signed in, for a file of route
 * tests: filled in before the file's tests run, dropped after. Read its fields inside tests.
 */
export function routeTestSite<K extends string>(roles: Record<K, Role>) {
  const site = {} as { handle: TestDatabase; user: Record<K, User>; cookie: Record<K, string> };
  beforeAll(async () => {
    site.handle = await createTestDatabase();
    installTestServices(site.handle);
    Object.assign(site, await signedInUsers(site.handle.db, roles));
  });
  afterAll(async () => {
    installServices(null);
    await site.handle.cleanup();
  });
  return site;
}

/** What the registration form gives for a test organisation of `kind`. */
export const organizationInput = (
  name: string,
  kind: OrganizationKind = "neighborhood_association",
): OrganizationInput => ({
  name,
  nameKana: "テスト",
  kind,
  areas: ["nerima"],
  fields: ["welfare"],
  description: "テスト用の団体です。",
  contactEmail: "contact@example.jp",
  contactPhone: undefined,
  website: undefined,
  foundedYear: undefined,
  memberCount: undefined,
  version: undefined,
});

/** An organisation registered by `representative`, not yet verified: its id. */
export async function registeredOrganization(
  db: Db,
  input: { representative: Pick<User, "id">; name: string; kind?: OrganizationKind; now?: Date },
): Promise<string> {
  const values = organizationInput(input.name, input.kind);
  return (await createOrganization(db, input.representative.id, values, input.now ?? new Date())).id;
}

/** An organisation registered by `representative` and verified by `staff`: its id. */
export async function verifiedOrganization(
  db: Db,
  input: {
    representative: Pick<User, "id">;
    staff: Pick<User, "id">;
    name: string;
    kind?: OrganizationKind;
    now?: Date;
  },
): Promise<string> {
  const now = input.now ?? new Date();
  const id = await registeredOrganization(db, { ...input, now });
  const decided = await decideVerification(
    db,
    { organizationId: id, staffId: input.staff.id, decision: "verified" },
    mailContext(now),
  );
  if (!decided.ok) throw new Error(`verification of ${input.name} refused`);
  return id;
}

/** A lead organisation verified by `staff` and an NPO partner registered but never verified (a partner need not be): their ids. */
export async function leadAndUnverifiedPartner(
  db: Db,
  input: { lead: User; partner: User; staff: User; names: [string, string]; now: Date },
): Promise<[string, string]> {
  const { names, now } = input;
  return [
    await verifiedOrganization(db, { representative: input.lead, staff: input.staff, name: names[0], now }),
    await registeredOrganization(db, { representative: input.partner, name: names[1], kind: "npo", now }),
  ];
}

/** `member` (verified) made a plain member of the organisation, invited by its representative and accepting. */
export async function addMember(db: Db, organizationId: string, representative: User, member: User) {
  const now = new Date();
  await inviteMember(
    db,
    { organizationId, email: member.email, inviter: { id: representative.id, name: representative.name } },
    mailContext(now),
  );
  const invitation = (await pendingInvitationsFor(db, member.email, now)).find(
    (i) => i.organization_id === organizationId,
  );
  if (!invitation) throw new Error("no invitation");
  const accepted = await acceptInvitation(db, {
    invitationId: invitation.id,
    user: { id: member.id, email: member.email, emailVerified: true },
    now,
  });
  if (!accepted.ok) throw new Error(`membership refused: ${accepted.problem}`);
}

/** The names of the applicant organisations of the proposal and review tests, by key. */
export const APPLICANT_NAMES = {
  assoc: "石神井台三丁目町会",
  npo: "NPO法人 ねりま子ども応援団",
  biz: "株式会社ねりま工房",
  outsider: "大泉学園町会",
} as const;
export type ApplicantKey = keyof typeof APPLICANT_NAMES;
const APPLICANT_KINDS: Record<ApplicantKey, OrganizationKind> = {
  assoc: "neighborhood_association",
  npo: "npo",
  biz: "business",
  outsider: "neighborhood_association",
};

/** The people of the applicant organisations for verifiedUsers: `${key}Rep` represents it, `${key}Member` belongs. */
export const APPLICANT_PEOPLE = {
  assocRep: "member",
  assocMember: "member",
  npoRep: "member",
  npoMember: "member",
  bizRep: "member",
  bizMember: "member",
  outsiderRep: "member",
} as const satisfies Record<string, Role>;

/**
 * Each applicant organisation whose representative `${key}Rep` is among `users`, verified by
 * `staff`, with `${key}Member` as a plain member when there is one: their ids by key.
 */
export async function applicantOrganizations(db: Db, users: Record<string, User>, staff: User, now = new Date()) {
  const ids: Partial<Record<ApplicantKey, string>> = {};
  for (const key of Object.keys(APPLICANT_NAMES) as ApplicantKey[]) {
    const representative = users[`${key}Rep`];
    if (!representative) continue;
    const [name, kind] = [APPLICANT_NAMES[key], APPLICANT_KINDS[key]];
    ids[key] = await verifiedOrganization(db, { representative, staff, name, kind, now });
  }
  for (const [key, id] of Object.entries(ids)) {
    const member = users[`${key}Member`];
    if (member) await addMember(db, id, users[`${key}Rep`], member);
  }
  return ids as Record<ApplicantKey, string>;
}

/** One criterion, the least a theme needs. */
export const ONE_CRITERION: CriterionInput[] = [{ name: "協働の体制", description: "", weight: 50, maxScore: 5 }];

/**
 * Two criteria with different weights and maxima, so the weighted, normalised total is
 * (a/5·40 + b/10·60) / 100 · 100 = 8a + 6b.
 */
export const TWO_CRITERIA: CriterionInput[] = [
  { name: "地域課題の理解", description: "", weight: 40, maxScore: 5 },
  { name: "協働の体制", description: "", weight: 60, maxScore: 10 },
];

/** A theme's values as the staff form gives them: the collabo course, open from yesterday for ten days. */
export function themeInput(title: string, overrides: Partial<ThemeInput> = {}): ThemeInput {
  const now = Date.now();
  return {
    courseId: "collabo",
    title,
    summary: "概要",
    background: "背景",
    expectations: "期待",
    department: "協働推進課",
    contact: "03-0000-0000",
    fields: ["welfare"],
    grantCapPerYear: 300_000,
    grantCapTotal: 300_000,
    subsidyRatePercent: 100,
    durationYears: 1,
    awardsPlanned: 5,
    reservedSlots: 0,
    reservedForKind: undefined,
    requiredKinds: [],
    minOrganizations: 2,
    declaration: "誓約します。",
    opensAt: new Date(now - DAY),
    closesAt: new Date(now + 10 * DAY),
    criteria: [],
    version: undefined,
    ...overrides,
  };
}

export interface ThemeFixture {
  staffId: string;
  title: string;
  /** What differs from themeInput's values. */
  values?: Partial<ThemeInput>;
  criteria?: CriterionInput[];
  /** When staff created it (and published it). */
  now?: Date;
}

/** A draft theme: its id. */
export function draftTheme(db: Db, theme: ThemeFixture): Promise<string> {
  return createTheme(db, {
    staffId: theme.staffId,
    values: themeInput(theme.title, theme.values),
    criteria: theme.criteria ?? ONE_CRITERION,
    now: theme.now ?? new Date(),
  });
}

/** A theme created and published, announced to its subscribers: its id. */
export async function publishedTheme(db: Db, theme: ThemeFixture): Promise<string> {
  const id = await draftTheme(db, theme);
  await publishDraftTheme(db, id, theme.staffId, theme.now);
  return id;
}

/**
 * A theme with two criteria, one award planned and one organisation enough, whose call ran from
 * OPENED to CLOSED: in review now. Its id.
 */
export function closedTheme(db: Db, staff: Pick<User, "id">, title: string, values: Partial<ThemeInput> = {}) {
  return publishedTheme(db, {
    staffId: staff.id,
    title,
    values: { awardsPlanned: 1, minOrganizations: 1, opensAt: OPENED, closesAt: CLOSED, ...values },
    criteria: TWO_CRITERIA,
    now: OPENED,
  });
}

/** The people of a theme's review: the applicants' representatives, two reviewers and staff. */
export const REVIEW_PEOPLE = {
  assocRep: "member",
  npoRep: "member",
  outsiderRep: "member",
  reviewer: "reviewer",
  conflicted: "reviewer",
  staff: "staff",
} as const satisfies Record<string, Role>;

/** Publishes a draft theme at `now`, its e-mailed links signed with SECRET. */
export async function publishDraftTheme(db: Db, themeId: string, staffId: string, now = new Date()) {
  const published = await publishTheme(db, { themeId, staffId }, { ...mailContext(now), secret: SECRET });
  if (!published.ok) throw new Error(`publication refused: ${published.problem}`);
}

/** A section of a proposal as stored: its version and content. */
export function storedSection(db: Db, proposalId: string, section: string) {
  return db
    .selectFrom("proposal_sections")
    .select(["version", "content"])
    .where("proposal_id", "=", proposalId)
    .where("section", "=", section)
    .executeTakeFirstOrThrow();
}

/** Saves the given sections (all by default) as `by`, each on its current version. */
export async function fillSections(
  db: Db,
  proposalId: string,
  content: SectionContent,
  by: Pick<User, "id">,
  { keys = SECTIONS, now = new Date() }: { keys?: readonly SectionKey[]; now?: Date } = {},
) {
  for (const section of keys) {
    const { version } = await storedSection(db, proposalId, section);
    const saved = await saveSection(db, {
      proposalId,
      section,
      content: content[section],
      expectedVersion: version,
      userId: by.id,
      now,
    });
    if (!saved.ok) throw new Error(`save of ${section} refused: ${JSON.stringify(saved)}`);
  }
}

/** An organisation as one of its representatives acts for it. */
export interface Representative {
  organizationId: string;
  user: Pick<User, "id">;
}

/** `partner` invited to the proposal by the lead's representative `by`, and answering `accept`. */
export async function invitedPartner(
  db: Db,
  input: { proposalId: string; by: Pick<User, "id">; partner: Representative; accept?: boolean; now?: Date },
) {
  const { proposalId, partner } = input;
  const now = input.now ?? new Date();
  const invited = await invitePartner(
    db,
    { proposalId, organizationId: partner.organizationId, userId: input.by.id },
    mailContext(now),
  );
  if (!invited.ok) throw new Error(`invitation refused: ${invited.problem}`);
  if (input.accept === undefined) return;
  const answered = await answerPartnerInvitation(
    db,
    { proposalId, organizationId: partner.organizationId, userId: partner.user.id, accept: input.accept },
    mailContext(now),
  );
  if (!answered.ok) throw new Error(`answer refused: ${answered.problem}`);
}

export interface ProposalTeam {
  themeId: string;
  lead: Representative;
  /** Invited and accepted, in this order. */
  partners?: Representative[];
  /** Invited and declined. */
  declined?: Representative[];
  /** Invited, not answered. */
  invited?: Representative[];
  /** When it is all done: the theme must be open then. */
  at?: Date;
}

/** A draft started by the lead, its partners invited as the team says: its id. */
export async function proposalDraft(db: Db, team: ProposalTeam): Promise<string> {
  const now = team.at ?? new Date();
  const by = team.lead.user;
  const started = await startProposal(db, {
    themeId: team.themeId,
    leadOrganizationId: team.lead.organizationId,
    userId: by.id,
    now,
  });
  if (!started.ok) throw new Error(`start refused: ${started.problem}`);
  const proposalId = started.id;
  for (const partner of team.partners ?? []) await invitedPartner(db, { proposalId, by, partner, accept: true, now });
  for (const partner of team.declined ?? []) await invitedPartner(db, { proposalId, by, partner, accept: false, now });
  for (const partner of team.invited ?? []) await invitedPartner(db, { proposalId, by, partner, now });
  return proposalId;
}

export type FinishedProposal = ProposalTeam & {
  /** The content, finishedSections(title, requested) for the lead and partners unless given. */
  sections?: SectionContent;
  title?: string;
  requested?: number;
};

/** A draft with every section saved by the lead's representative, not yet submitted: its id. */
export async function finishedDraft(db: Db, proposal: FinishedProposal): Promise<string> {
  const id = await proposalDraft(db, proposal);
  const teamIds = [proposal.lead, ...(proposal.partners ?? [])].map((r) => r.organizationId);
  const content =
    proposal.sections ?? finishedSections(teamIds, { title: proposal.title, requested: proposal.requested });
  await fillSections(db, id, content, proposal.lead.user, { now: proposal.at });
  return id;
}

/** Each partner's representative approves the proposal's text as it is now. */
export async function approvedByPartners(db: Db, proposalId: string, partners: Representative[], now = new Date()) {
  const loaded = await loadProposal(db, proposalId);
  if (!loaded) throw new Error("no such proposal");
  for (const partner of partners) {
    const approved = await approveProposalText(
      db,
      { proposalId, organizationId: partner.organizationId, userId: partner.user.id, text: loaded.text },
      mailContext(now),
    );
    if (!approved.ok) throw new Error(`approval refused: ${approved.problem}`);
  }
}

/** A finished draft, approved by its partners and submitted by the lead's representative: its id. */
export async function submittedProposal(db: Db, proposal: FinishedProposal): Promise<string> {
  const id = await finishedDraft(db, proposal);
  await approvedByPartners(db, id, proposal.partners ?? [], proposal.at);
  const result = await submitProposal(db, { proposalId: id, userId: proposal.lead.user.id }, mailContext(proposal.at));
  if (!result.ok) throw new Error(`submission refused: ${JSON.stringify(result)}`);
  return id;
}

/** Reviewers assigned to a theme by staff at `now`. */
export async function assignedReviewers(
  db: Db,
  input: { themeId: string; staffId: string; reviewers: Pick<User, "email">[]; now?: Date },
) {
  for (const reviewer of input.reviewers) {
    const result = await assignReviewer(
      db,
      { themeId: input.themeId, email: reviewer.email, staffId: input.staffId },
      mailContext(input.now),
    );
    if (!result.ok) throw new Error(`assignment refused: ${result.problem}`);
  }
}

/** The e-mail queued for `address`, oldest first. */
export function mailSentTo(db: Db, address: string) {
  return db.selectFrom("mail_outbox").selectAll().where("to_address", "=", address).orderBy("id").execute();
}

/** A user's notifications, oldest first. */
export function notificationsFor(db: Db, userId: string) {
  return db.selectFrom("notifications").selectAll().where("user_id", "=", userId).orderBy("id").execute();
}

/**
 * A proposal written and submitted during a call that has since closed, funded by `staff` and
 * released at NOW: the project it became, with its milestones in date order.
 */
export async function fundedProject(
  db: Db,
  input: Omit<FinishedProposal, "themeId" | "at"> & { staff: User; themeTitle: string; amount: number },
): Promise<{ projectId: string; milestones: { id: string; due_on: string }[] }> {
  const themeId = await publishedTheme(db, {
    staffId: input.staff.id,
    title: input.themeTitle,
    values: { awardsPlanned: 1, minOrganizations: 1, opensAt: OPENED, closesAt: CLOSED },
    now: DURING,
  });
  const proposalId = await submittedProposal(db, { ...input, themeId, at: DURING });
  const decided = await recordDecision(db, {
    themeId,
    proposalId,
    staffId: input.staff.id,
    decision: "funded",
    amount: input.amount,
    conditions: "",
    feedback: "",
    now: NOW,
  });
  if (!decided.ok) throw new Error(`decision refused: ${JSON.stringify(decided)}`);
  await releaseResults(db, { themeId, staffId: input.staff.id }, mailContext(NOW));
  const rows = await db
    .selectFrom("milestones as m")
    .innerJoin("projects as p", "p.id", "m.project_id")
    .select(["p.id as projectId", "m.id", "m.due_on"])
    .where("p.proposal_id", "=", proposalId)
    .orderBy("m.position")
    .execute();
  if (!rows.length) throw new Error("the funded project has no milestones: give the proposal a schedule");
  return { projectId: rows[0].projectId, milestones: rows.map(({ id, due_on }) => ({ id, due_on })) };
}

/** A fresh database holding the demo, as `npm start` seeds it, with the site's services on it. */
export async function demoDatabase(): Promise<TestDatabase> {
  const handle = await createTestDatabase();
  installServices(createServices(loadConfig({ SMTP_URL: "smtp://127.0.0.1:2525" }), handle.db, handle.kind, "secret"));
  await seedDemoIfNew(handle.db, { publicUrl: "http://lab.test", secret: "secret" });
  return handle;
}
