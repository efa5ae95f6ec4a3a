/**
 * 代理入力: a representative names a helper, the helper types the drafts but cannot submit, asks
 * the representative by e-mail, who submits from the confirmation page; the history names who typed
 * each version; removal ends access on the next request.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { acceptInvitation, findInvitationByToken } from "~/models/organization-invitations.server";
import { membershipOf } from "~/models/organizations.server";
import * as members from "~/routes/organizations.$id.members";
import * as proposalPage from "~/routes/proposals.$id._index";
import * as proposalConfirm from "~/routes/proposals.$id.confirm";
import * as proposalSection from "~/routes/proposals.$id.sections.$section";
import type { User } from "../../db/schema";
import {
  APPLICANT_PEOPLE,
  applicantOrganizations,
  approvedByPartners,
  assignedReviewers,
  DAY,
  finishedDraft,
  finishedSections,
  mailSentTo,
  publishedTheme,
  routeTestSite,
  storedSection,
} from "../support/fixtures";
import { callAction, callLoader, makeRequest } from "../support/routes";

const site = routeTestSite({ ...APPLICANT_PEOPLE, helper: "member", counterStaff: "staff", staff: "staff" });
type Who = keyof typeof site.cookie;
let org: Record<string, string>;
let theme = "";
const rep = (key: "assoc" | "npo" | "biz") => ({ organizationId: org[key], user: site.user[`${key}Rep`] });

/** A finished draft of the association with the NPO, the NPO's approval given: ready to submit. */
async function readyDraft() {
  const id = await finishedDraft(site.handle.db, { themeId: theme, lead: rep("assoc"), partners: [rep("npo")] });
  await approvedByPartners(site.handle.db, id, [rep("npo")]);
  return id;
}

/** The representative of `organization` invites `who` as a helper through the members page; `who` accepts. */
async function namedHelper(organization: string, representative: Who, who: User) {
  const invited = await callAction(
    members.action,
    `/organizations/${organization}/members`,
    site.cookie[representative],
    {
      intent: "invite",
      email: who.email,
      as: "helper",
    },
    { id: organization },
  );
  expect(invited.status).toBe(302);
  const mail = (await mailSentTo(site.handle.db, who.email)).at(-1);
  expect(mail?.subject).toContain("代理入力の依頼");
  const token = /\/invitations\/([\w-]+)/.exec(mail?.text ?? "")?.[1] ?? "";
  const invitation = await findInvitationByToken(site.handle.db, token);
  if (!invitation) throw new Error("no invitation in the mail");
  const accepted = await acceptInvitation(site.handle.db, {
    invitationId: invitation.id,
    user: { id: who.id, email: who.email, emailVerified: true },
    now: new Date(),
  });
  expect(accepted).toMatchObject({ ok: true, asHelper: true });
}

const context = { clientAddress: "127.0.0.1" };
/** What a loader gives `who` (the route's data, not a status). */
function load<T>(loader: (args: never) => Promise<T>, path: string, who: Who, params: Record<string, string>) {
  return (loader as (args: unknown) => Promise<T>)({ request: makeRequest(path, site.cookie[who]), params, context });
}

const sectionPath = (id: string, section: string) => `/proposals/${id}/sections/${section}`;
const save = async (id: string, who: Who, title: string) =>
  callAction(
    proposalSection.action,
    sectionPath(id, "basics"),
    site.cookie[who],
    {
      ...finishedSections([]).basics,
      title,
      version: String((await storedSection(site.handle.db, id, "basics")).version),
    },
    { id, section: "basics" },
  );

beforeAll(async () => {
  org = await applicantOrganizations(site.handle.db, site.user, site.user.staff);
  theme = await publishedTheme(site.handle.db, {
    staffId: site.user.staff.id,
    title: "代理入力のテーマ",
    values: { opensAt: new Date(Date.now() - DAY), closesAt: new Date(Date.now() + 10 * DAY) },
    now: new Date(),
  });
  await namedHelper(org.assoc, "assocRep", site.user.helper);
});

describe("naming a helper", () => {
  it("makes them a helper, not a member, listed on the members page", async () => {
    expect(await membershipOf(site.handle.db, org.assoc, site.user.helper.id)).toBeNull();
    const page = await load(members.loader, `/organizations/${org.assoc}/members`, "assocRep", { id: org.assoc });
    expect(page.helpers.map((h) => h.id)).toEqual([site.user.helper.id]);
    // A helper does not act for the organisation: its members page is closed to them.
    expect(
      (await callLoader(members.loader, `/organizations/${org.assoc}/members`, site.cookie.helper, { id: org.assoc }))
        .status,
    ).toBe(403);
  });

  it("lets only a representative name one: a plain member is refused", async () => {
    const refused = await callAction(
      members.action,
      `/organizations/${org.assoc}/members`,
      site.cookie.assocMember,
      {
        intent: "invite",
        email: "someone@example.jp",
        as: "helper",
      },
      { id: org.assoc },
    );
    expect(refused.status).toBe(403);
  });
});

describe("a helper at work", () => {
  it("saves a section of the organisation's draft, and the history says a helper typed it", async () => {
    const id = await readyDraft();
    expect((await save(id, "helper", "代理で入力した題名")).status).toBe(302);
    expect((await save(id, "assocMember", "メンバーが直した題名")).status).toBe(302);
    const page = await load(proposalPage.loader, `/proposals/${id}`, "assocRep", { id });
    if (page.view !== "proposal") throw new Error("the team sees the proposal");
    const [latest, byHelper] = page.history;
    expect(latest).toMatchObject({ section: "basics", by: "assocMember", asHelper: false });
    expect(byHelper).toMatchObject({ section: "basics", by: "helper", asHelper: true });
    expect(byHelper.version).toBe(latest.version - 1);
    const stored = await site.handle.db
      .selectFrom("proposal_section_versions")
      .select(["content", "saved_by"])
      .where("proposal_id", "=", id)
      .where("version", "=", byHelper.version)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ saved_by: site.user.helper.id, content: { title: "代理で入力した題名" } });
  });

  it("cannot open another organisation's draft, nor one their organisation was only invited to", async () => {
    const other = await finishedDraft(site.handle.db, { themeId: theme, lead: rep("npo"), partners: [] });
    const invitedOnly = await finishedDraft(site.handle.db, {
      themeId: theme,
      lead: rep("biz"),
      invited: [rep("assoc")],
    });
    for (const id of [other, invitedOnly]) {
      const answer = await callLoader(proposalPage.loader, `/proposals/${id}`, site.cookie.helper, { id });
      expect(answer.status).toBe(404);
    }
  });

  it("cannot submit, on the confirmation page or the proposal page, nor invite partners", async () => {
    const id = await readyDraft();
    const confirm = await load(proposalConfirm.loader, `/proposals/${id}/confirm`, "helper", { id });
    expect(confirm.maySubmit).toBe(false);
    const submit = (path: string, action: typeof proposalPage.action, form: Record<string, string>) =>
      callAction(action, path, site.cookie.helper, form, { id });
    expect(
      (
        await submit(`/proposals/${id}/confirm`, proposalConfirm.action, {
          intent: "submit",
          textVersion: confirm.textVersion,
        })
      ).status,
    ).toBe(403);
    expect((await submit(`/proposals/${id}`, proposalPage.action, { intent: "submit" })).status).toBe(403);
    expect(
      (await submit(`/proposals/${id}`, proposalPage.action, { intent: "invite", organizationId: org.biz })).status,
    ).toBe(403);
    const row = await site.handle.db
      .selectFrom("proposals")
      .select("status")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("draft");
  });
});

describe("the representative's approval", () => {
  it("is asked by e-mail with a link to the confirmation page, where the representative submits", async () => {
    const id = await readyDraft();
    const confirm = await load(proposalConfirm.loader, `/proposals/${id}/confirm`, "helper", { id });
    const asked = await callAction(
      proposalConfirm.action,
      `/proposals/${id}/confirm`,
      site.cookie.helper,
      { intent: "request", textVersion: confirm.textVersion },
      { id },
    );
    expect(asked).toMatchObject({ status: 302, location: `/proposals/${id}/confirm` });
    // The lead's representative is asked, at once (not a digest), and nobody else.
    const mail = (await mailSentTo(site.handle.db, site.user.assocRep.email)).filter((m) =>
      m.subject.includes("提出の承認"),
    );
    expect(mail).toHaveLength(1);
    expect(mail[0].text).toContain(`/proposals/${id}/confirm`);
    expect(mail[0].text).toContain("helperさん（代理入力）");
    expect(
      (await mailSentTo(site.handle.db, site.user.assocMember.email)).some((m) => m.subject.includes("提出の承認")),
    ).toBe(false);
    const seen = await load(proposalConfirm.loader, `/proposals/${id}/confirm`, "assocRep", { id });
    expect(seen.maySubmit).toBe(true);
    expect(seen.submissionRequest?.by).toBe("helper");
    const submitted = await callAction(
      proposalConfirm.action,
      `/proposals/${id}/confirm`,
      site.cookie.assocRep,
      { intent: "submit", textVersion: seen.textVersion },
      { id },
    );
    expect(submitted).toMatchObject({ status: 302, location: `/proposals/${id}` });
    const row = await site.handle.db
      .selectFrom("proposals")
      .select("status")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("submitted");
  });

  it("cannot be asked by a team member (who submits), another organisation's member or a visitor", async () => {
    const id = await readyDraft();
    const ask = (cookie: string | null) =>
      callAction(proposalConfirm.action, `/proposals/${id}/confirm`, cookie, { intent: "request" }, { id });
    expect((await ask(site.cookie.assocMember)).status).toBe(403);
    expect((await ask(site.cookie.bizRep)).status).toBe(404);
    const visitor = await ask(null);
    expect(visitor.status).toBe(302);
    expect(visitor.location).toMatch(/^\/login\?redirectTo=/);
    const row = await site.handle.db
      .selectFrom("proposals")
      .select("submission_requested_by")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.submission_requested_by).toBeNull();
  });
});

describe("ending a helper's access", () => {
  it("is for the organisation's representative, through its own page only", async () => {
    await namedHelper(org.npo, "npoRep", site.user.counterStaff);
    // The association's representative cannot remove the NPO's helper through the association's URL.
    const removeThrough = (organization: string, representative: Who | null) =>
      callAction(
        members.action,
        `/organizations/${organization}/members`,
        representative ? site.cookie[representative] : null,
        { intent: "remove-helper", userId: site.user.counterStaff.id },
        { id: organization },
      );
    expect((await removeThrough(org.assoc, "assocRep")).status).toBe(404);
    // A visitor, the NPO's plain member and the helper themself cannot end it either.
    expect((await removeThrough(org.npo, null)).status).toBe(302);
    expect((await removeThrough(org.npo, "npoMember")).status).toBe(403);
    expect((await removeThrough(org.npo, "counterStaff")).status).toBe(403);
    const draft = await finishedDraft(site.handle.db, { themeId: theme, lead: rep("npo"), partners: [] });
    expect((await save(draft, "counterStaff", "窓口で入力")).status).toBe(302);
    const removed = await removeThrough(org.npo, "npoRep");
    expect(removed.status).toBe(302);
    // From the next request on: staff may still read the draft, as staff, but not type it.
    const after = await save(draft, "counterStaff", "もう一度");
    expect(after.status).toBe(404);
  });

  it("leaves a conflict on record for a helper who reviews the theme", async () => {
    const id = await readyDraft();
    await assignedReviewers(site.handle.db, {
      themeId: theme,
      staffId: site.user.staff.id,
      reviewers: [site.user.counterStaff],
    });
    await namedHelper(org.assoc, "assocRep", site.user.counterStaff);
    const conflict = await site.handle.db
      .selectFrom("review_conflicts")
      .select("reason")
      .where("proposal_id", "=", id)
      .where("reviewer_id", "=", site.user.counterStaff.id)
      .executeTakeFirst();
    expect(conflict?.reason).toBe("石神井台三丁目町会");
  });
});
