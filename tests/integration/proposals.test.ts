import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditTrail } from "~/models/audit.server";
import { proposalsForTheme } from "~/models/proposal-lists.server";
import { answerPartnerInvitation, invitePartner, removePartner } from "~/models/proposal-partners.server";
import { receiptNumber, receiptPrefix, SECTIONS, type SectionContent, type SectionKey } from "~/models/proposal-rules";
import { submitProposal, withdrawProposal } from "~/models/proposal-submission.server";
import { loadProposal, proposalAccess, saveSection, startProposal } from "~/models/proposals.server";
import type { ThemeInput } from "~/models/theme-schemas";
import type { User } from "../../db/schema";
import { createTestDatabase } from "../support/database";
import {
  APPLICANT_NAMES,
  APPLICANT_PEOPLE,
  addMember,
  applicantOrganizations,
  approvedByPartners,
  DAY,
  draftTheme,
  fillSections,
  invitedPartner,
  mailContext as mail,
  proposalDraft,
  publishDraftTheme,
  registeredOrganization,
  storedSection,
  verifiedOrganization,
  verifiedUser,
  verifiedUsers,
  writtenSections,
} from "../support/fixtures";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let user: Record<string, User>;
let org: Record<string, string>;
const theme: Record<string, string> = {};
/** Names of the organisations, as stored. */
const NAMES = { ...APPLICANT_NAMES, unverified: "まだ確認されていない会" };

/** This file's themes: a 90 % subsidy, and an association required in every team. */
const newTheme = (title: string, values: Partial<ThemeInput>) =>
  draftTheme(handle.db, {
    staffId: user.staff.id,
    title,
    values: { subsidyRatePercent: 90, requiredKinds: ["neighborhood_association"], ...values },
  });
const publish = (themeId: string) => publishDraftTheme(handle.db, themeId, user.staff.id);

const rep = (key: "assoc" | "npo" | "biz") => ({ organizationId: org[key], user: user[`${key}Rep`] });
const start = (themeId: string, now = new Date(), lead = org.assoc, by = user.assocRep) =>
  proposalDraft(handle.db, { themeId, lead: { organizationId: lead, user: by }, at: now });

/** The finished content of every section for the given team. */
const finished = (teamIds: string[]) =>
  writtenSections(
    teamIds,
    // 250,000 in all; 90 % is 225,000, under the 300,000 cap.
    {
      lines: [
        { item: "講師謝礼", category: "honoraria", amount: 200_000, note: "" },
        { item: "チラシ印刷", category: "printing", amount: 50_000, note: "" },
      ],
      requested: 225_000,
      ownFunds: 25_000,
    },
    "03-5984-1111",
  );

const versionOf = (proposalId: string, section: SectionKey) => storedSection(handle.db, proposalId, section);
/** Saves the given sections (all by default) as `by`, each on its current version. */
const fill = (proposalId: string, content: SectionContent, by = user.assocRep, keys: SectionKey[] = [...SECTIONS]) =>
  fillSections(handle.db, proposalId, content, by, { keys });
/** Invites the NPO and has its representative accept. */
const withNpo = (proposalId: string, now = new Date()) =>
  invitedPartner(handle.db, { proposalId, by: user.assocRep, partner: rep("npo"), accept: true, now });

/** A draft with nothing missing: the association leads, the NPO has accepted, every section is done. */
async function ready(themeId: string, now = new Date()) {
  const id = await proposalDraft(handle.db, { themeId, lead: rep("assoc"), partners: [rep("npo")], at: now });
  await fill(id, finished([org.assoc, org.npo]));
  await approvedByPartners(handle.db, id, [rep("npo")], now);
  return id;
}

const lastMailId = async () =>
  Number(
    (
      await handle.db
        .selectFrom("mail_outbox")
        .select((eb) => eb.fn.max("id").as("id"))
        .executeTakeFirstOrThrow()
    ).id ?? 0,
  );
const lastNotificationId = async () =>
  Number(
    (
      await handle.db
        .selectFrom("notifications")
        .select((eb) => eb.fn.max("id").as("id"))
        .executeTakeFirstOrThrow()
    ).id ?? 0,
  );
const mailSince = (id: number) =>
  handle.db.selectFrom("mail_outbox").selectAll().where("id", ">", id).orderBy("id").execute();
const notificationsSince = (id: number) =>
  handle.db.selectFrom("notifications").selectAll().where("id", ">", id).orderBy("id").execute();
const emailsOf = (...keys: string[]) => keys.map((k) => user[k].email).sort();
const idsOf = (...keys: string[]) => keys.map((k) => user[k].id).sort();

beforeAll(async () => {
  handle = await createTestDatabase();
  user = await verifiedUsers(handle.db, {
    staff: "staff",
    ...APPLICANT_PEOPLE,
    unverifiedRep: "member",
    both: "member",
    loner: "member",
  });
  const now = new Date();
  org = await applicantOrganizations(handle.db, user, user.staff, now);
  org.unverified = await registeredOrganization(handle.db, {
    representative: user.unverifiedRep,
    name: NAMES.unverified,
    now,
  });
  // A member of both the association and the NPO: told once, not twice.
  await addMember(handle.db, org.assoc, user.assocRep, user.both);
  await addMember(handle.db, org.npo, user.npoRep, user.both);

  theme.open = await newTheme("公開中のテーマ", {
    opensAt: new Date(now.getTime() - DAY),
    closesAt: new Date(now.getTime() + 10 * DAY),
  });
  await publish(theme.open);
  theme.draft = await newTheme("下書きのテーマ", {
    opensAt: new Date(now.getTime() - DAY),
    closesAt: new Date(now.getTime() + 10 * DAY),
  });
  theme.closed = await newTheme("締め切ったテーマ", {
    opensAt: new Date(now.getTime() - 20 * DAY),
    closesAt: new Date(now.getTime() - DAY),
  });
  await publish(theme.closed);
  theme.upcoming = await newTheme("これからのテーマ", {
    opensAt: new Date(now.getTime() + DAY),
    closesAt: new Date(now.getTime() + 20 * DAY),
  });
  await publish(theme.upcoming);
});

afterAll(async () => {
  await handle?.cleanup();
});

describe("startProposal", () => {
  it("refuses someone who is not a member of the lead organisation", async () => {
    for (const outsider of [user.outsiderRep, user.npoRep, user.loner, user.staff]) {
      expect(
        await startProposal(handle.db, {
          themeId: theme.open,
          leadOrganizationId: org.assoc,
          userId: outsider.id,
          now: new Date(),
        }),
        outsider.name,
      ).toEqual({ ok: false, problem: "not_member" });
    }
  });

  it("refuses a theme that is not open: a draft, a closed one, an upcoming one; and an unknown theme", async () => {
    for (const key of ["draft", "closed", "upcoming"]) {
      expect(
        await startProposal(handle.db, {
          themeId: theme[key],
          leadOrganizationId: org.assoc,
          userId: user.assocRep.id,
          now: new Date(),
        }),
        key,
      ).toEqual({ ok: false, problem: "theme_closed" });
    }
    expect(
      await startProposal(handle.db, {
        themeId: "00000000-0000-4000-8000-000000000000",
        leadOrganizationId: org.assoc,
        userId: user.assocRep.id,
        now: new Date(),
      }),
    ).toEqual({ ok: false, problem: "not_found" });
  });

  it("writes nothing when it refuses", async () => {
    const count = await handle.db
      .selectFrom("proposals")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it("lets a plain member start a draft: the organisation leads, every section is empty at version 1, audited", async () => {
    const id = await start(theme.open, new Date(), org.assoc, user.assocMember);
    const loaded = await loadProposal(handle.db, id);
    expect(loaded?.proposal.status).toBe("draft");
    expect(loaded?.proposal.lead_organization_id).toBe(org.assoc);
    expect(loaded?.partners).toEqual([
      {
        organizationId: org.assoc,
        name: NAMES.assoc,
        kind: "neighborhood_association",
        status: "accepted",
        role: "lead",
        approvedAt: null,
      },
    ]);
    expect(Object.keys(loaded?.versions ?? {}).sort()).toEqual([...SECTIONS].sort());
    for (const key of SECTIONS) expect(loaded?.versions[key].version, key).toBe(1);
    expect((await auditTrail(handle.db, "proposal", id)).map((a) => [a.action, a.actor_id])).toEqual([
      ["proposal.created", user.assocMember.id],
    ]);
  });

  it("lets an organisation still waiting for verification draft; only submission needs it", async () => {
    const started = await startProposal(handle.db, {
      themeId: theme.open,
      leadOrganizationId: org.unverified,
      userId: user.unverifiedRep.id,
      now: new Date(),
    });
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    const refused = await submitProposal(handle.db, { proposalId: started.id, userId: user.unverifiedRep.id }, mail());
    if (refused.ok || !("problems" in refused)) throw new Error("expected the submission to be refused");
    expect(refused.problems.map((p) => p.message)).toContain("proposal.problem.leadUnverified");
  });
});

describe("invitePartner and answerPartnerInvitation", () => {
  let id = "";
  beforeAll(async () => {
    id = await start(theme.open);
  });

  it("refuses anyone but a representative of the lead organisation", async () => {
    for (const someone of [user.assocMember, user.npoRep, user.outsiderRep, user.staff]) {
      expect(
        await invitePartner(handle.db, { proposalId: id, organizationId: org.npo, userId: someone.id }, mail()),
        someone.name,
      ).toEqual({ ok: false, problem: "forbidden" });
    }
    const rows = await handle.db
      .selectFrom("proposal_partners")
      .select("organization_id")
      .where("proposal_id", "=", id)
      .execute();
    expect(rows.map((r) => r.organization_id)).toEqual([org.assoc]);
  });

  it("tells the invited organisation's representatives, in the app and by e-mail, and no one else", async () => {
    const mailMark = await lastMailId();
    const noticeMark = await lastNotificationId();
    expect(
      await invitePartner(handle.db, { proposalId: id, organizationId: org.npo, userId: user.assocRep.id }, mail()),
    ).toEqual({ ok: true });
    const notices = await notificationsSince(noticeMark);
    expect(notices.map((n) => n.user_id)).toEqual([user.npoRep.id]);
    expect(notices[0]).toMatchObject({ message_key: "notice.proposalInvitation", link: `/proposals/${id}` });
    expect(notices[0].params).toMatchObject({ lead: NAMES.assoc, theme: "公開中のテーマ" });
    const mails = await mailSince(mailMark);
    expect(mails.map((m) => [m.to_address, m.template])).toEqual([[user.npoRep.email, "notice"]]);
    expect(mails[0].text).toContain(`http://lab.test/proposals/${id}`);
    expect(mails[0].subject).toContain(NAMES.assoc);
    const audit = await auditTrail(handle.db, "proposal", id);
    expect(audit.at(-1)).toMatchObject({
      action: "proposal.partner_invited",
      actor_id: user.assocRep.id,
      details: { organization: org.npo },
    });
  });

  it("refuses to invite twice, to invite the lead itself, or an organisation that does not exist", async () => {
    const invite = (organizationId: string) =>
      invitePartner(handle.db, { proposalId: id, organizationId, userId: user.assocRep.id }, mail());
    expect(await invite(org.npo)).toEqual({ ok: false, problem: "already_partner" });
    expect(await invite(org.assoc)).toEqual({ ok: false, problem: "own_lead" });
    expect(await invite("00000000-0000-4000-8000-000000000000")).toEqual({ ok: false, problem: "not_found" });
    expect(
      await invitePartner(
        handle.db,
        { proposalId: "00000000-0000-4000-8000-000000000000", organizationId: org.npo, userId: user.assocRep.id },
        mail(),
      ),
    ).toEqual({ ok: false, problem: "not_found" });
  });

  it("lets only a representative of the invited organisation answer", async () => {
    const answer = (organizationId: string, someone: User) =>
      answerPartnerInvitation(handle.db, { proposalId: id, organizationId, userId: someone.id, accept: true }, mail());
    expect(await answer(org.npo, user.npoMember)).toEqual({ ok: false, problem: "forbidden" });
    expect(await answer(org.npo, user.assocRep)).toEqual({ ok: false, problem: "forbidden" });
    expect(await answer(org.npo, user.staff)).toEqual({ ok: false, problem: "forbidden" });
    // The business's representative, for the business, which was not invited.
    expect(await answer(org.biz, user.bizRep)).toEqual({ ok: false, problem: "not_invited" });
    const partner = await handle.db
      .selectFrom("proposal_partners")
      .select("status")
      .where("proposal_id", "=", id)
      .where("organization_id", "=", org.npo)
      .executeTakeFirstOrThrow();
    expect(partner.status).toBe("invited");
  });

  it("accepting joins the team and tells the lead organisation's members; answering again is refused", async () => {
    const noticeMark = await lastNotificationId();
    const mailMark = await lastMailId();
    expect(
      await answerPartnerInvitation(
        handle.db,
        { proposalId: id, organizationId: org.npo, userId: user.npoRep.id, accept: true },
        mail(),
      ),
    ).toEqual({ ok: true });
    const notices = await notificationsSince(noticeMark);
    expect(notices.map((n) => n.user_id).sort()).toEqual(idsOf("assocRep", "assocMember", "both"));
    expect(new Set(notices.map((n) => n.message_key))).toEqual(new Set(["notice.proposalAccepted"]));
    expect((await mailSince(mailMark)).map((m) => m.to_address).sort()).toEqual(
      emailsOf("assocRep", "assocMember", "both"),
    );
    expect((await auditTrail(handle.db, "proposal", id)).at(-1)).toMatchObject({
      action: "proposal.partner_accepted",
      actor_id: user.npoRep.id,
    });
    expect(
      await answerPartnerInvitation(
        handle.db,
        { proposalId: id, organizationId: org.npo, userId: user.npoRep.id, accept: false },
        mail(),
      ),
    ).toEqual({ ok: false, problem: "not_invited" });
    expect((await loadProposal(handle.db, id))?.partners.map((p) => [p.organizationId, p.status])).toEqual([
      [org.assoc, "accepted"],
      [org.npo, "accepted"],
    ]);
  });

  it("declining leaves the team as it was; the lead may invite the organisation again", async () => {
    await invitePartner(handle.db, { proposalId: id, organizationId: org.biz, userId: user.assocRep.id }, mail());
    expect(
      await answerPartnerInvitation(
        handle.db,
        { proposalId: id, organizationId: org.biz, userId: user.bizRep.id, accept: false },
        mail(),
      ),
    ).toEqual({ ok: true });
    expect((await proposalAccess(handle.db, id, { id: user.bizRep.id, isStaff: false })).access).toBeNull();
    expect(
      await invitePartner(handle.db, { proposalId: id, organizationId: org.biz, userId: user.assocRep.id }, mail()),
    ).toEqual({ ok: true });
    expect((await proposalAccess(handle.db, id, { id: user.bizRep.id, isStaff: false })).access).toBe("invited");
  });
});

describe("proposalAccess", () => {
  let id = "";
  beforeAll(async () => {
    id = await start(theme.open);
    await withNpo(id);
    await invitePartner(handle.db, { proposalId: id, organizationId: org.biz, userId: user.assocRep.id }, mail());
  });
  const access = (u: User, isStaff = false) => proposalAccess(handle.db, id, { id: u.id, isStaff });

  it("gives the team access, and marks the lead's representative", async () => {
    expect(await access(user.assocRep)).toMatchObject({
      access: "team",
      isLeadRepresentative: true,
      myOrganizationIds: [org.assoc],
    });
    expect(await access(user.assocMember)).toMatchObject({ access: "team", isLeadRepresentative: false });
    expect(await access(user.npoRep)).toMatchObject({
      access: "team",
      isLeadRepresentative: false,
      myOrganizationIds: [org.npo],
    });
    expect(await access(user.npoMember)).toMatchObject({ access: "team", isLeadRepresentative: false });
    expect((await access(user.both)).myOrganizationIds.sort()).toEqual([org.assoc, org.npo].sort());
  });

  it("shows an invited organisation's representative the invitation only, and its plain members nothing", async () => {
    expect(await access(user.bizRep)).toEqual({
      access: "invited",
      isLeadRepresentative: false,
      invitedOrganizationIds: [org.biz],
      myOrganizationIds: [],
      approvesFor: [],
    });
    expect((await access(user.bizMember)).access).toBeNull();
    expect((await access(user.bizMember)).invitedOrganizationIds).toEqual([]);
  });

  it("gives another organisation's members and people without an organisation nothing", async () => {
    for (const someone of [user.outsiderRep, user.unverifiedRep, user.loner]) {
      expect(await access(someone), someone.name).toEqual({
        access: null,
        isLeadRepresentative: false,
        invitedOrganizationIds: [],
        myOrganizationIds: [],
        approvesFor: [],
      });
    }
  });

  it("gives staff 'staff', and nothing for a proposal that does not exist", async () => {
    expect((await access(user.staff, true)).access).toBe("staff");
    expect(
      (
        await proposalAccess(handle.db, "00000000-0000-4000-8000-000000000000", {
          id: user.assocRep.id,
          isStaff: false,
        })
      ).access,
    ).toBeNull();
  });

  it("treats a staff account that belongs to the team as the team, not as staff", async () => {
    const staffMember = await verifiedUser(handle.db, "staff-member@example.jp", "staff", "staffMember");
    const staffOrg = await verifiedOrganization(handle.db, {
      representative: staffMember,
      staff: user.staff,
      name: "職員の町会",
    });
    const own = await start(theme.open, new Date(), staffOrg, staffMember);
    expect(await proposalAccess(handle.db, own, { id: staffMember.id, isStaff: true })).toMatchObject({
      access: "team",
      isLeadRepresentative: true,
    });
    expect((await proposalAccess(handle.db, id, { id: staffMember.id, isStaff: true })).access).toBe("staff");
  });

  it("takes access away from a removed partner", async () => {
    const other = await start(theme.open);
    await withNpo(other);
    expect(
      await removePartner(handle.db, {
        proposalId: other,
        organizationId: org.npo,
        userId: user.assocMember.id,
        now: new Date(),
      }),
    ).toBe(false);
    expect(
      await removePartner(handle.db, {
        proposalId: other,
        organizationId: org.npo,
        userId: user.assocRep.id,
        now: new Date(),
      }),
    ).toBe(true);
    expect((await proposalAccess(handle.db, other, { id: user.npoMember.id, isStaff: false })).access).toBeNull();
    expect((await proposalAccess(handle.db, other, { id: user.npoRep.id, isStaff: false })).access).toBeNull();
  });
});

describe("saveSection", () => {
  let id = "";
  beforeAll(async () => {
    id = await start(theme.open);
    await withNpo(id);
  });

  it("saves on the current version, raises it, and copies the title and the requested amount to the list", async () => {
    const content = finished([org.assoc, org.npo]);
    await fill(id, content, user.npoMember, ["basics", "budget"]);
    expect((await versionOf(id, "basics")).version).toBe(2);
    expect((await versionOf(id, "budget")).content).toEqual(content.budget);
    const row = await handle.db
      .selectFrom("proposals")
      .select(["title", "requested_amount"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ title: "見守りの担い手を増やす", requested_amount: 225_000 });
  });

  it("refuses a stale version with what is saved now, and writes nothing", async () => {
    const before = await versionOf(id, "problem");
    expect(
      await saveSection(handle.db, {
        proposalId: id,
        section: "problem",
        content: { text: "町会の書いた課題" },
        expectedVersion: before.version,
        userId: user.assocRep.id,
        now: new Date(),
      }),
    ).toEqual({ ok: true, saved: true });
    const updatedAt = (
      await handle.db.selectFrom("proposals").select("updated_at").where("id", "=", id).executeTakeFirstOrThrow()
    ).updated_at;
    const stale = await saveSection(handle.db, {
      proposalId: id,
      section: "problem",
      content: { text: "NPOの書いた課題" },
      expectedVersion: before.version,
      userId: user.npoRep.id,
      now: new Date(Date.now() + 60_000),
    });
    expect(stale).toMatchObject({
      ok: false,
      problem: "conflict",
      current: { content: { text: "町会の書いた課題" }, version: before.version + 1, updatedBy: "assocRep" },
    });
    if (!stale.ok && stale.problem === "conflict") expect(stale.current.updatedAt).toBeInstanceOf(Date);
    expect(await versionOf(id, "problem")).toEqual({
      version: before.version + 1,
      content: { text: "町会の書いた課題" },
    });
    const after = await handle.db
      .selectFrom("proposals")
      .select("updated_at")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(after.updated_at.getTime()).toBe(updatedAt.getTime());
  });

  it("lets exactly one of two saves on the same version win", async () => {
    const { version } = await versionOf(id, "activities");
    const save = (text: string, by: User) =>
      saveSection(handle.db, {
        proposalId: id,
        section: "activities",
        content: { text },
        expectedVersion: version,
        userId: by.id,
        now: new Date(),
      });
    const results = await Promise.all([save("町会の案", user.assocRep), save("NPOの案", user.npoRep)]);
    const winners = results.filter((r) => r.ok);
    const losers = results.filter((r) => !r.ok);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]).toMatchObject({ problem: "conflict", current: { version: version + 1 } });
    const saved = await versionOf(id, "activities");
    expect(saved.version).toBe(version + 1);
    const winnerText = results[0].ok ? "町会の案" : "NPOの案";
    expect(saved.content).toEqual({ text: winnerText });
    if (!losers[0].ok && losers[0].problem === "conflict")
      expect(losers[0].current.content).toEqual({ text: winnerText });
  });

  it("keeps two people's saves of different sections apart", async () => {
    const [a, b] = await Promise.all([versionOf(id, "outcomes"), versionOf(id, "schedule")]);
    const results = await Promise.all([
      saveSection(handle.db, {
        proposalId: id,
        section: "outcomes",
        content: { text: "成果", indicators: [] },
        expectedVersion: a.version,
        userId: user.assocRep.id,
        now: new Date(),
      }),
      saveSection(handle.db, {
        proposalId: id,
        section: "schedule",
        content: { milestones: [{ title: "交流会", date: "2027-02-15", deliverable: "参加者数" }] },
        expectedVersion: b.version,
        userId: user.npoRep.id,
        now: new Date(),
      }),
    ]);
    expect(results).toEqual([
      { ok: true, saved: true },
      { ok: true, saved: true },
    ]);
  });

  it("refuses a proposal that does not exist as locked", async () => {
    expect(
      await saveSection(handle.db, {
        proposalId: "00000000-0000-4000-8000-000000000000",
        section: "problem",
        content: { text: "x" },
        expectedVersion: 1,
        userId: user.assocRep.id,
        now: new Date(),
      }),
    ).toEqual({ ok: false, problem: "locked" });
  });
});

describe("submitProposal", () => {
  let main = "";
  const now = new Date();
  const firstReceipt = receiptNumber(receiptPrefix(now, "コラボ"), 1);

  const problemsOf = async (proposalId: string, by = user.assocRep, at = new Date()) => {
    const result = await submitProposal(handle.db, { proposalId, userId: by.id }, mail(at));
    if (result.ok || !("problems" in result)) throw new Error(`expected problems, got ${JSON.stringify(result)}`);
    return result.problems;
  };

  it("lists what is missing in a new draft: too few organisations, every incomplete section, the declaration", async () => {
    main = await start(theme.open);
    const problems = await problemsOf(main);
    const messages = problems.map((p) => p.message);
    expect(problems).toContainEqual({
      section: "partners",
      message: "proposal.problem.tooFewOrganizations",
      params: { min: 2 },
    });
    expect(messages).toContain("proposal.problem.declaration");
    expect(messages).toContain("proposal.problem.budgetEmpty");
    expect(messages).not.toContain("proposal.problem.partnerPending");
    expect(messages).not.toContain("proposal.problem.kindMissing");
    for (const section of ["basics", "problem", "activities", "roles", "outcomes", "schedule", "budget", "declaration"])
      expect(
        problems.some((p) => p.section === section),
        section,
      ).toBe(true);
  });

  it("names a partner that has not answered yet", async () => {
    await invitePartner(handle.db, { proposalId: main, organizationId: org.npo, userId: user.assocRep.id }, mail());
    await fill(main, finished([org.assoc]));
    expect(await problemsOf(main)).toEqual([
      { section: "partners", message: "proposal.problem.partnerPending", params: { name: NAMES.npo } },
      { section: "partners", message: "proposal.problem.tooFewOrganizations", params: { min: 2 } },
    ]);
  });

  it("asks for the role of an organisation that joined, and for a required kind no accepted organisation has", async () => {
    await answerPartnerInvitation(
      handle.db,
      { proposalId: main, organizationId: org.npo, userId: user.npoRep.id, accept: true },
      mail(),
    );
    // Last, the NPO's representative has yet to approve the text.
    expect(await problemsOf(main)).toEqual([
      { section: "roles", field: `roles.${org.npo}`, message: "proposal.problem.roleMissing" },
      { section: "approvals", message: "proposal.problem.approvalMissing", params: { name: NAMES.npo } },
    ]);
    // The NPO leads with the business: no neighbourhood association in the team.
    const npoLed = await start(theme.open, new Date(), org.npo, user.npoRep);
    await invitePartner(handle.db, { proposalId: npoLed, organizationId: org.biz, userId: user.npoRep.id }, mail());
    await answerPartnerInvitation(
      handle.db,
      { proposalId: npoLed, organizationId: org.biz, userId: user.bizRep.id, accept: true },
      mail(),
    );
    await fill(npoLed, finished([org.npo, org.biz]), user.npoRep);
    await approvedByPartners(handle.db, npoLed, [rep("biz")]);
    expect(await problemsOf(npoLed, user.npoRep)).toEqual([
      { section: "partners", message: "proposal.problem.kindMissing", params: { kind: "neighborhood_association" } },
    ]);
  });

  it("refuses the declaration left unticked and a budget over the rate, each at its field", async () => {
    const content = finished([org.assoc, org.npo]);
    await fill(main, {
      ...content,
      declaration: { accepted: false },
      budget: { ...content.budget, requested: 225_001, ownFunds: 24_999 },
    });
    expect(await problemsOf(main)).toEqual([
      {
        section: "budget",
        field: "requested",
        message: "proposal.problem.overRate",
        params: { rate: 90, max: 225_000 },
      },
      { section: "declaration", field: "accepted", message: "proposal.problem.declaration" },
      { section: "approvals", message: "proposal.problem.approvalMissing", params: { name: NAMES.npo } },
    ]);
    const row = await handle.db
      .selectFrom("proposals")
      .select(["status", "receipt_number"])
      .where("id", "=", main)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "draft", receipt_number: null });
    expect(await handle.db.selectFrom("receipt_counters").selectAll().execute()).toEqual([]);
  });

  it("refuses people outside the team: another organisation, an invited representative, staff", async () => {
    await fill(main, finished([org.assoc, org.npo]));
    await approvedByPartners(handle.db, main, [rep("npo")]);
    await invitePartner(handle.db, { proposalId: main, organizationId: org.biz, userId: user.assocRep.id }, mail());
    for (const someone of [user.outsiderRep, user.bizRep, user.bizMember, user.staff, user.loner]) {
      expect(await submitProposal(handle.db, { proposalId: main, userId: someone.id }, mail()), someone.name).toEqual({
        ok: false,
        problem: "forbidden",
      });
    }
    expect(
      await submitProposal(
        handle.db,
        { proposalId: "00000000-0000-4000-8000-000000000000", userId: user.assocRep.id },
        mail(),
      ),
    ).toEqual({ ok: false, problem: "forbidden" });
    // The business's invitation is still open: that alone stops the submission.
    expect(await problemsOf(main)).toEqual([
      { section: "partners", message: "proposal.problem.partnerPending", params: { name: NAMES.biz } },
    ]);
    await answerPartnerInvitation(
      handle.db,
      { proposalId: main, organizationId: org.biz, userId: user.bizRep.id, accept: false },
      mail(),
    );
  });

  it("submits a finished proposal once: a receipt number, a receipt e-mail to every member of every accepted organisation, an audit entry", async () => {
    const mailMark = await lastMailId();
    const noticeMark = await lastNotificationId();
    // Any member of the team may submit, here a plain member of the partner.
    const result = await submitProposal(handle.db, { proposalId: main, userId: user.npoMember.id }, mail(now));
    expect(result).toEqual({ ok: true, receiptNumber: firstReceipt });
    expect(firstReceipt).toMatch(/^\d{4}-コラボ-0001$/);

    const row = await handle.db.selectFrom("proposals").selectAll().where("id", "=", main).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: "submitted",
      receipt_number: firstReceipt,
      submitted_by: user.npoMember.id,
      requested_amount: 225_000,
      title: "見守りの担い手を増やす",
    });
    expect(row.submitted_at?.getTime()).toBe(now.getTime());

    const mails = await mailSince(mailMark);
    // The declined business is not told; `both`, a member of two organisations, is told once.
    expect(mails.map((m) => m.to_address).sort()).toEqual(
      emailsOf("assocRep", "assocMember", "npoRep", "npoMember", "both"),
    );
    for (const m of mails) {
      expect(m.template).toBe("notice");
      expect(m.subject).toContain(firstReceipt);
      expect(m.text).toContain("225,000");
      expect(m.text).toContain("250,000");
    }
    const notices = await notificationsSince(noticeMark);
    expect(notices.map((n) => n.user_id).sort()).toEqual(
      idsOf("assocRep", "assocMember", "npoRep", "npoMember", "both"),
    );
    expect(notices.every((n) => n.message_key === "notice.proposalSubmitted")).toBe(true);

    const audit = (await auditTrail(handle.db, "proposal", main)).filter((a) => a.action === "proposal.submitted");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: user.npoMember.id, details: { receipt: firstReceipt } });
  });

  it("answers a repeated submit with the same receipt and writes nothing more", async () => {
    const mailMark = await lastMailId();
    expect(await submitProposal(handle.db, { proposalId: main, userId: user.assocRep.id }, mail())).toEqual({
      ok: true,
      receiptNumber: firstReceipt,
    });
    expect(await mailSince(mailMark)).toEqual([]);
    expect(
      (await auditTrail(handle.db, "proposal", main)).filter((a) => a.action === "proposal.submitted"),
    ).toHaveLength(1);
  });

  it("locks the sections and the partners once submitted", async () => {
    const { version } = await versionOf(main, "problem");
    expect(
      await saveSection(handle.db, {
        proposalId: main,
        section: "problem",
        content: { text: "提出後の書き換え" },
        expectedVersion: version,
        userId: user.assocRep.id,
        now: new Date(),
      }),
    ).toEqual({ ok: false, problem: "locked" });
    expect((await versionOf(main, "problem")).content).toEqual(finished([]).problem);
    expect(
      await invitePartner(
        handle.db,
        { proposalId: main, organizationId: org.outsider, userId: user.assocRep.id },
        mail(),
      ),
    ).toEqual({ ok: false, problem: "locked" });
  });

  it("gives two submits at the same moment one submission, one receipt number, one set of e-mails", async () => {
    const id = await ready(theme.open);
    const mailMark = await lastMailId();
    const results = await Promise.all([
      submitProposal(handle.db, { proposalId: id, userId: user.assocRep.id }, mail()),
      submitProposal(handle.db, { proposalId: id, userId: user.npoRep.id }, mail()),
      submitProposal(handle.db, { proposalId: id, userId: user.assocMember.id }, mail()),
    ]);
    const second = receiptNumber(receiptPrefix(new Date(), "コラボ"), 2);
    for (const r of results) expect(r).toEqual({ ok: true, receiptNumber: second });
    expect(await submitProposal(handle.db, { proposalId: id, userId: user.npoMember.id }, mail())).toEqual({
      ok: true,
      receiptNumber: second,
    });
    const mails = await mailSince(mailMark);
    expect(mails.map((m) => m.to_address).sort()).toEqual(
      emailsOf("assocRep", "assocMember", "npoRep", "npoMember", "both"),
    );
    expect((await auditTrail(handle.db, "proposal", id)).filter((a) => a.action === "proposal.submitted")).toHaveLength(
      1,
    );
    const counter = await handle.db
      .selectFrom("receipt_counters")
      .selectAll()
      .where("prefix", "=", receiptPrefix(new Date(), "コラボ"))
      .executeTakeFirstOrThrow();
    expect(counter.last_number).toBe(2);
  });
});

describe("receipt numbers", () => {
  // A window from 2030 to 2032 (Japan time), so the clock can be set to any moment in it.
  const window = { opensAt: new Date("2029-12-31T15:00:00Z"), closesAt: new Date("2032-12-31T14:59:59Z") };
  const at = (iso: string) => new Date(iso);
  let collabo = "";
  let future = "";
  beforeAll(async () => {
    collabo = await newTheme("2030年からのコラボ", window);
    future = await newTheme("2030年からの未来創造", { ...window, courseId: "future_creation" });
    await publish(collabo);
    await publish(future);
  });

  const submitAt = async (themeId: string, iso: string) => {
    const id = await ready(themeId, at(iso));
    const result = await submitProposal(handle.db, { proposalId: id, userId: user.assocRep.id }, mail(at(iso)));
    if (!result.ok) throw new Error(JSON.stringify(result));
    return result.receiptNumber;
  };

  it("count up per course and per year in Japan, starting again at 0001", async () => {
    expect(await submitAt(collabo, "2030-06-01T00:00:00Z")).toBe("2030-コラボ-0001");
    expect(await submitAt(collabo, "2030-06-02T00:00:00Z")).toBe("2030-コラボ-0002");
    expect(await submitAt(future, "2030-06-03T00:00:00Z")).toBe("2030-未来創造-0001");
    expect(await submitAt(collabo, "2030-12-31T14:59:59.999Z")).toBe("2030-コラボ-0003");
    // 1 January 2031 at midnight in Japan is still 31 December in UTC.
    expect(await submitAt(collabo, "2030-12-31T15:00:00.000Z")).toBe("2031-コラボ-0001");
    expect(await submitAt(future, "2031-02-01T00:00:00Z")).toBe("2031-未来創造-0001");
    expect(await submitAt(collabo, "2031-02-02T00:00:00Z")).toBe("2031-コラボ-0002");
  });

  it("never gives two proposals submitted at the same moment the same number", async () => {
    const ids = await Promise.all([1, 2, 3].map(() => ready(collabo, at("2032-03-01T00:00:00Z"))));
    const results = await Promise.all(
      ids.map((id) =>
        submitProposal(handle.db, { proposalId: id, userId: user.assocRep.id }, mail(at("2032-03-01T00:00:00Z"))),
      ),
    );
    const receipts = results.map((r) => (r.ok ? r.receiptNumber : JSON.stringify(r))).sort();
    expect(receipts).toEqual(["2032-コラボ-0001", "2032-コラボ-0002", "2032-コラボ-0003"]);
  });
});

describe("the deadline", () => {
  // Closes 31 March 2035 at 23:59:59 in Japan.
  const closesAt = new Date("2035-03-31T14:59:59.000Z");
  let deadline = "";
  let onTime = "";
  let late = "";
  beforeAll(async () => {
    deadline = await newTheme("2035年3月締切", { opensAt: new Date("2035-01-01T00:00:00Z"), closesAt });
    await publish(deadline);
    const during = new Date("2035-02-01T00:00:00Z");
    onTime = await ready(deadline, during);
    late = await ready(deadline, during);
  });

  it("accepts a submission 999 ms after the closing second began", async () => {
    const result = await submitProposal(
      handle.db,
      { proposalId: onTime, userId: user.assocRep.id },
      mail(new Date(closesAt.getTime() + 999)),
    );
    expect(result).toEqual({ ok: true, receiptNumber: "2035-コラボ-0001" });
  });

  it("refuses one 1000 ms after, with 'proposal.problem.closed' and nothing else", async () => {
    const result = await submitProposal(
      handle.db,
      { proposalId: late, userId: user.assocRep.id },
      mail(new Date(closesAt.getTime() + 1000)),
    );
    expect(result).toEqual({ ok: false, problems: [{ section: "window", message: "proposal.problem.closed" }] });
    const row = await handle.db
      .selectFrom("proposals")
      .select("status")
      .where("id", "=", late)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("draft");
  });

  it("allows withdrawal until the window closes, not after", async () => {
    expect(
      await withdrawProposal(
        handle.db,
        { proposalId: onTime, userId: user.assocRep.id },
        mail(new Date(closesAt.getTime() + 1000)),
      ),
    ).toEqual({ ok: false, problem: "closed" });
    expect(
      (await handle.db.selectFrom("proposals").select("status").where("id", "=", onTime).executeTakeFirstOrThrow())
        .status,
    ).toBe("submitted");
    expect(
      await withdrawProposal(
        handle.db,
        { proposalId: onTime, userId: user.assocRep.id },
        mail(new Date(closesAt.getTime() + 999)),
      ),
    ).toEqual({ ok: true });
  });
});

describe("withdrawProposal", () => {
  let id = "";
  beforeAll(async () => {
    id = await ready(theme.open);
  });

  it("refuses a draft: only a submitted proposal can be withdrawn", async () => {
    expect(await withdrawProposal(handle.db, { proposalId: id, userId: user.assocRep.id }, mail())).toEqual({
      ok: false,
      problem: "not_submitted",
    });
  });

  it("lets only a representative of the lead organisation withdraw", async () => {
    const submitted = await submitProposal(handle.db, { proposalId: id, userId: user.npoRep.id }, mail());
    expect(submitted.ok).toBe(true);
    for (const someone of [user.assocMember, user.npoRep, user.npoMember, user.outsiderRep, user.staff]) {
      expect(await withdrawProposal(handle.db, { proposalId: id, userId: someone.id }, mail()), someone.name).toEqual({
        ok: false,
        problem: "forbidden",
      });
    }
    expect(
      await withdrawProposal(
        handle.db,
        { proposalId: "00000000-0000-4000-8000-000000000000", userId: user.assocRep.id },
        mail(),
      ),
    ).toEqual({ ok: false, problem: "forbidden" });
    const now = new Date();
    expect(await withdrawProposal(handle.db, { proposalId: id, userId: user.assocRep.id }, mail(now))).toEqual({
      ok: true,
    });
    const row = await handle.db.selectFrom("proposals").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.status).toBe("withdrawn");
    expect(row.withdrawn_at?.getTime()).toBe(now.getTime());
    expect(row.receipt_number).toMatch(/-コラボ-\d{4}$/);
    expect((await auditTrail(handle.db, "proposal", id)).at(-1)).toMatchObject({
      action: "proposal.withdrawn",
      actor_id: user.assocRep.id,
    });
  });

  it("refuses a second withdrawal, and a withdrawn proposal cannot be submitted or edited again", async () => {
    expect(await withdrawProposal(handle.db, { proposalId: id, userId: user.assocRep.id }, mail())).toEqual({
      ok: false,
      problem: "not_submitted",
    });
    expect(await submitProposal(handle.db, { proposalId: id, userId: user.assocRep.id }, mail())).toEqual({
      ok: false,
      problem: "not_draft",
    });
    const { version } = await versionOf(id, "problem");
    expect(
      await saveSection(handle.db, {
        proposalId: id,
        section: "problem",
        content: { text: "取り下げ後" },
        expectedVersion: version,
        userId: user.assocRep.id,
        now: new Date(),
      }),
    ).toEqual({ ok: false, problem: "locked" });
  });
});

describe("proposalsForTheme", () => {
  let counted = "";
  const during = new Date("2040-06-01T00:00:00Z");
  const submitted: string[] = [];
  beforeAll(async () => {
    counted = await newTheme("数えるテーマ", {
      opensAt: new Date("2040-01-01T00:00:00Z"),
      closesAt: new Date("2040-12-31T00:00:00Z"),
    });
    await publish(counted);
    for (let i = 0; i < 3; i++) {
      const id = await ready(counted, during);
      const result = await submitProposal(handle.db, { proposalId: id, userId: user.assocRep.id }, mail(during));
      expect(result.ok).toBe(true);
      submitted.push(id);
    }
    await withdrawProposal(handle.db, { proposalId: submitted[2], userId: user.assocRep.id }, mail(during));
    await start(counted, during);
    await start(counted, during, org.npo, user.npoRep);
  });

  it("counts the proposals of the theme per state, and only that theme's", async () => {
    const { list, counts } = await proposalsForTheme(handle.db, counted, {});
    expect(counts).toEqual({ draft: 2, submitted: 2, withdrawn: 1 });
    expect(list).toHaveLength(5);
    const empty = await proposalsForTheme(handle.db, theme.upcoming, {});
    expect(empty).toEqual({ list: [], counts: {} });
  });

  it("filters by state, in receipt order, with the accepted organisations and the requested amount", async () => {
    const { list, counts } = await proposalsForTheme(handle.db, counted, { status: "submitted" });
    expect(counts).toEqual({ draft: 2, submitted: 2, withdrawn: 1 });
    expect(list.map((p) => [p.id, p.receipt_number])).toEqual([
      [submitted[0], "2040-コラボ-0001"],
      [submitted[1], "2040-コラボ-0002"],
    ]);
    for (const p of list) {
      expect(p).toMatchObject({
        status: "submitted",
        title: "見守りの担い手を増やす",
        requested_amount: 225_000,
        lead_name: NAMES.assoc,
        organizations: `${NAMES.assoc}、${NAMES.npo}`,
      });
      expect(p.submitted_at?.getTime()).toBe(during.getTime());
    }
    const drafts = await proposalsForTheme(handle.db, counted, { status: "draft" });
    expect(drafts.list.map((p) => p.receipt_number)).toEqual([null, null]);
  });
});
