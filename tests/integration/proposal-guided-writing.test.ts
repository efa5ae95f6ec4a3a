import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { problemHref, problemText } from "~/components/proposal-problems";
import { translator } from "~/i18n";
import type { Problem } from "~/models/proposal-rules";
import * as proposalPage from "~/routes/proposals.$id._index";
import * as proposalConfirm from "~/routes/proposals.$id.confirm";
import * as proposalSection from "~/routes/proposals.$id.sections.$section";
import { installServices } from "~/services.server";
import { takeFlash } from "~/utils/flash.server";
import type { User } from "../../db/schema";
import { createTestDatabase } from "../support/database";
import {
  APPLICANT_PEOPLE,
  applicantOrganizations,
  approvedByPartners,
  DAY,
  finishedDraft,
  finishedSections,
  installTestServices,
  mailSentTo,
  notificationsFor,
  proposalDraft,
  publishedTheme,
  signedInUsers,
  storedSection,
} from "../support/fixtures";
import { callAction, callLoader, makeRequest } from "../support/routes";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let cookie: Record<string, string>;
let user: Record<string, User>;
let org: Record<string, string>;
let openTheme = "";
let closedTheme = "";
const context = { clientAddress: "127.0.0.1" };
const ja = translator("ja");
const rep = (key: "assoc" | "npo" | "biz") => ({ organizationId: org[key], user: user[`${key}Rep`] });
/** The association leads, the NPO has accepted, the business is invited and has not answered. */
const team = (inviteBusiness = false) =>
  proposalDraft(handle.db, {
    themeId: openTheme,
    lead: rep("assoc"),
    partners: [rep("npo")],
    invited: inviteBusiness ? [rep("biz")] : [],
  });
const finished = () => finishedDraft(handle.db, { themeId: openTheme, lead: rep("assoc"), partners: [rep("npo")] });
/** Finished, and its text approved by the NPO's representative: ready to submit. */
const approved = async () => {
  const id = await finished();
  await approvedByPartners(handle.db, id, [rep("npo")]);
  return id;
};

beforeAll(async () => {
  handle = await createTestDatabase();
  installTestServices(handle);
  ({ user, cookie } = await signedInUsers(handle.db, { ...APPLICANT_PEOPLE, reviewer: "reviewer", staff: "staff" }));
  org = await applicantOrganizations(handle.db, user, user.staff);
  // A theme open from `from` days to `to` days from now (negative: in the past).
  const theme = (title: string, from: number, to: number) =>
    publishedTheme(handle.db, {
      staffId: user.staff.id,
      title,
      values: { opensAt: new Date(Date.now() + from * DAY), closesAt: new Date(Date.now() + to * DAY) },
      now: new Date(),
    });
  openTheme = await theme("公開中のテーマ", -1, 10);
  closedTheme = await theme("締め切ったテーマ", -20, -1);
});

afterAll(async () => {
  installServices(null);
  await handle?.cleanup();
});

/** Calls an action directly, for its response (the flash it sets included). */
async function post(
  action: typeof proposalSection.action,
  path: string,
  who: string,
  form: Record<string, string>,
  params: Record<string, string>,
) {
  try {
    return (await action({ request: makeRequest(path, cookie[who], form), params, context })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** The one-time message a response leaves for the next page. */
async function flashOf(response: Response) {
  const set = response.headers.get("Set-Cookie") ?? "";
  const { message } = await takeFlash(new Request("http://localhost/", { headers: { Cookie: set.split(";")[0] } }));
  return message;
}

const sectionPath = (id: string, section: string, query = "") => `/proposals/${id}/sections/${section}${query}`;
const sectionData = (id: string, section: string, query = "", who = "assocRep") =>
  proposalSection.loader({
    request: makeRequest(sectionPath(id, section, query), cookie[who]),
    params: { id, section },
    context,
  });
const version = async (id: string, section: string) => String((await storedSection(handle.db, id, section)).version);

describe("saving a section: 保存 and 保存して次の項目へ", () => {
  it("goes on to the next section with 保存して次の項目へ, and from the last to the confirmation page", async () => {
    const id = await team();
    const basics = finishedSections([]).basics;
    const saved = await post(
      proposalSection.action,
      sectionPath(id, "basics"),
      "npoMember",
      { intent: "next", ...basics, version: await version(id, "basics") },
      { id, section: "basics" },
    );
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(sectionPath(id, "problem"));
    expect(await flashOf(saved)).toBe("proposal.savedNext");
    expect((await storedSection(handle.db, id, "basics")).content).toEqual(basics);

    const last = await post(
      proposalSection.action,
      sectionPath(id, "declaration"),
      "assocRep",
      { intent: "next", accepted: "on", version: await version(id, "declaration") },
      { id, section: "declaration" },
    );
    expect(last.headers.get("Location")).toBe(`/proposals/${id}/confirm`);
    expect(await flashOf(last)).toBe("proposal.saved");
  });

  it("saves a section with required fields empty and says which fields are still missing", async () => {
    const id = await team();
    const saved = await post(
      proposalSection.action,
      sectionPath(id, "basics"),
      "assocRep",
      { intent: "save", title: "見守り", contactName: "練馬 花子", version: await version(id, "basics") },
      { id, section: "basics" },
    );
    expect(saved.headers.get("Location")).toBe(sectionPath(id, "basics", "?check=1"));
    expect(await flashOf(saved)).toBe("proposal.savedMissing");
    expect((await storedSection(handle.db, id, "basics")).content).toMatchObject({
      title: "見守り",
      contactName: "練馬 花子",
    });

    const data = await sectionData(id, "basics", "?check=1");
    expect(data.checks.map((p) => p.field)).toEqual(["summary", "contactEmail"]);
    expect(data.checks.map((p) => problemText(ja, p))).toEqual([
      "「基本情報（提案名・概要・連絡先）」の「提案の概要」：まだ入力されていません。",
      "「基本情報（提案名・概要・連絡先）」の「連絡担当者のメールアドレス」：まだ入力されていません。",
    ]);
    // Without ?check=1 the page opens plain.
    expect((await sectionData(id, "basics")).checks).toEqual([]);
  });

  it("going on with gaps left, the next section says what the one just saved still lacks", async () => {
    const id = await team();
    const saved = await post(
      proposalSection.action,
      sectionPath(id, "roles"),
      "assocRep",
      { intent: "next", [`roles.${org.assoc}`]: "会館の提供", version: await version(id, "roles") },
      { id, section: "roles" },
    );
    expect(saved.headers.get("Location")).toBe(sectionPath(id, "outcomes", "?saved=roles"));
    expect(await flashOf(saved)).toBe("proposal.savedMissing");
    const data = await sectionData(id, "outcomes", "?saved=roles");
    expect(data.savedMissing?.section).toBe("roles");
    expect(data.savedMissing?.problems.map((p) => problemText(ja, p, data.partners))).toEqual([
      "「役割分担」の「NPO法人 ねりま子ども応援団の役割」：まだ入力されていません。",
    ]);
    // Staff, who only read, are told nothing of the kind.
    expect((await sectionData(id, "outcomes", "?saved=roles&check=1", "staff")).savedMissing).toBeNull();
  });

  it("without an intent saves as before and returns to the proposal", async () => {
    const id = await team();
    const saved = await callAction(
      proposalSection.action,
      sectionPath(id, "problem"),
      cookie.assocRep,
      { text: "課題", version: await version(id, "problem") },
      { id, section: "problem" },
    );
    expect(saved).toEqual({ status: 302, location: `/proposals/${id}` });
  });
});

describe("submission problems name their section and field, and link to it", () => {
  it("lists each missing field by its section and label, with a link that opens the field checked", async () => {
    const id = await team(true);
    const data = await proposalPage.loader({
      request: makeRequest(`/proposals/${id}`, cookie.assocRep),
      params: { id },
      context,
    });
    if (data.view !== "proposal") throw new Error("expected the proposal");
    const team_ = data.partners.filter((p) => p.status === "accepted");
    const texts = data.problems.map((p) => problemText(ja, p, team_));
    expect(texts).toContain("「基本情報（提案名・概要・連絡先）」の「提案名」：まだ入力されていません。");
    expect(texts).toContain("「地域の課題」：まだ入力されていません。");
    expect(texts).toContain("「役割分担」の「石神井台三丁目町会の役割」：まだ入力されていません。");
    expect(texts).toContain("「予算」の「補助金の申請額（円）」：補助金の申請額を入力してください。");
    expect(texts).toContain("「誓約」の「上の内容を確認し、誓約します」：誓約事項を確認し、チェックを入れてください。");
    expect(texts).toContain("「株式会社ねりま工房」がまだ参加を承諾していません。");
    // No two lines alike: each names its own field.
    expect(new Set(texts).size).toBe(texts.length);

    const title = data.problems.find((p) => p.section === "basics" && p.field === "title") as Problem;
    expect(problemHref(id, title, "overview")).toBe(`/proposals/${id}/sections/basics?check=1#field-title`);
    expect(problemHref(id, title, "basics")).toBe("#field-title");
    const pending = data.problems.find((p) => p.section === "partners") as Problem;
    expect(problemHref(id, pending, "overview")).toBe("#partners");
    expect(problemHref(id, pending)).toBe(`/proposals/${id}#partners`);
    const role = data.problems.find((p) => p.section === "roles") as Problem;
    expect(problemHref(id, role)).toBe(`/proposals/${id}/sections/roles?check=1#field-roles.${role.field?.slice(6)}`);
  });

  it("the linked section reports the same problem on its field, which the form marks", async () => {
    const id = await team();
    const data = await sectionData(id, "budget", "?check=1");
    expect(data.checks).toContainEqual({
      section: "budget",
      field: "requested",
      message: "proposal.problem.requestedMissing",
    });
    expect(data.checks).toContainEqual({
      section: "budget",
      field: "lines[0].item",
      message: "proposal.problem.budgetEmpty",
    });
  });
});

describe("/proposals/:id/confirm (read and submit: the team, while a draft)", () => {
  const path = (id: string) => `/proposals/${id}/confirm`;
  const STRANGERS = ["outsiderRep", "bizMember", "reviewer", "staff", "bizRep"] as const;
  const confirmData = (id: string, who = "assocRep") =>
    proposalConfirm.loader({ request: makeRequest(path(id), cookie[who]), params: { id }, context });
  /** Presses 提案を提出する on the confirmation page (`null`: a visitor): the status, and where it leads. */
  const submitFrom = (id: string, who: string | null, form: Record<string, string> = { intent: "submit" }) =>
    callAction(proposalConfirm.action, path(id), who ? cookie[who] : null, form, { id });
  const statusOf = async (id: string) =>
    (await handle.db.selectFrom("proposals").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;

  it("refuses a visitor, staff, strangers and an invited organisation as the other proposal pages do", async () => {
    const id = await team(true);
    for (const run of [await callLoader(proposalConfirm.loader, path(id), null, { id }), await submitFrom(id, null)]) {
      expect(run.status).toBe(302);
      expect(run.location).toMatch(/^\/login\?redirectTo=/);
    }
    for (const who of STRANGERS) {
      expect((await callLoader(proposalConfirm.loader, path(id), cookie[who], { id })).status, who).toBe(404);
      expect((await submitFrom(id, who)).status, who).toBe(404);
    }
  });

  it("shows every team member the whole text as it will be sent, with the problems", async () => {
    const id = await approved();
    for (const who of ["assocRep", "assocMember", "npoRep", "npoMember"]) {
      expect((await callLoader(proposalConfirm.loader, path(id), cookie[who], { id })).status, who).toBe(200);
    }
    const data = await confirmData(id, "npoMember");
    expect(data.content.basics.title).toBe("見守りの担い手を増やす");
    expect(data.content.problem.text).toBe("課題");
    expect(data.partners.map((p) => p.id).sort()).toEqual([org.assoc, org.npo].sort());
    expect(data.problems).toEqual([]);
    expect(data.complete).toBe(8);

    const gaps = await confirmData(await team(true));
    expect(gaps.problems.length).toBeGreaterThan(0);
    expect(gaps.complete).toBeLessThan(8);
  });

  it("submits once from the confirmation page; a second press finds it submitted", async () => {
    const id = await approved();
    const form = { intent: "submit", textVersion: (await confirmData(id)).textVersion };
    const done = { status: 302, location: `/proposals/${id}` };
    expect(await submitFrom(id, "npoRep", form)).toEqual(done);
    expect(await submitFrom(id, "assocRep", form)).toEqual(done);
    expect(await statusOf(id)).toBe("submitted");
    // Once submitted, the confirmation page leads back to the proposal.
    expect(await callLoader(proposalConfirm.loader, path(id), cookie.assocRep, { id })).toEqual(done);
  });

  it("refuses a text changed since it was shown, a proposal with problems and an unknown intent", async () => {
    const id = await approved();
    const { textVersion } = await confirmData(id);
    await callAction(
      proposalSection.action,
      sectionPath(id, "problem"),
      cookie.npoRep,
      { text: "書き直した課題", version: await version(id, "problem") },
      { id, section: "problem" },
    );
    expect((await submitFrom(id, "assocRep", { intent: "submit", textVersion })).status).toBe(409);
    expect(await statusOf(id)).toBe("draft");
    expect((await submitFrom(id, "assocRep", { intent: "other" })).status).toBe(400);

    const unfinished = await team(true);
    const fresh = { intent: "submit", textVersion: (await confirmData(unfinished)).textVersion };
    expect((await submitFrom(unfinished, "assocRep", fresh)).status).toBe(409);
    expect(await statusOf(unfinished)).toBe("draft");
  });

  it("refuses after the deadline, even a finished proposal", async () => {
    const id = await finishedDraft(handle.db, {
      themeId: closedTheme,
      lead: rep("assoc"),
      partners: [rep("npo")],
      at: new Date(Date.now() - 10 * DAY),
    });
    await approvedByPartners(handle.db, id, [rep("npo")]);
    const data = await confirmData(id);
    expect(data.problems).toEqual([{ section: "window", message: "proposal.problem.closed" }]);
    expect((await submitFrom(id, "assocRep", { intent: "submit", textVersion: data.textVersion })).status).toBe(409);
    expect(await statusOf(id)).toBe("draft");
  });
});

describe("partner sign-off: each partner's representative approves the final text", () => {
  const path = (id: string) => `/proposals/${id}/confirm`;
  const confirmData = (id: string, who = "assocRep") =>
    proposalConfirm.loader({ request: makeRequest(path(id), cookie[who]), params: { id }, context });
  const approve = async (id: string, who: string | null, organizationId = org.npo, textVersion?: string) =>
    callAction(
      proposalConfirm.action,
      path(id),
      who ? cookie[who] : null,
      { intent: "approve", organizationId, textVersion: textVersion ?? (await confirmData(id)).textVersion },
      { id },
    );
  const approvalOf = async (id: string, organizationId = org.npo) =>
    handle.db
      .selectFrom("proposal_partners")
      .select(["approved_text", "approved_by", "approved_at"])
      .where("proposal_id", "=", id)
      .where("organization_id", "=", organizationId)
      .executeTakeFirstOrThrow();
  /** Someone's notices of this kind about this proposal. */
  const noticesOf = async (who: string, key: string, id: string) =>
    (await notificationsFor(handle.db, user[who].id)).filter((n) => n.message_key === key && n.link === path(id));

  it("shows who still has to approve, and the approve button only to that partner's representative", async () => {
    const id = await finished();
    const lead = await confirmData(id, "assocRep");
    expect(lead.approvals).toEqual([
      { id: org.npo, name: "NPO法人 ねりま子ども応援団", approvedAt: null, mine: false },
    ]);
    expect(lead.problems).toEqual([
      {
        section: "approvals",
        message: "proposal.problem.approvalMissing",
        params: { name: "NPO法人 ねりま子ども応援団" },
      },
    ]);
    expect(problemHref(id, lead.problems[0])).toBe(`/proposals/${id}/confirm#approvals`);
    expect((await confirmData(id, "npoRep")).approvals[0].mine).toBe(true);
    expect((await confirmData(id, "npoMember")).approvals[0].mine).toBe(false);
  });

  it("records the approval of the text as read, tells the lead, and clears the way to submit", async () => {
    const id = await finished();
    const { textVersion } = await confirmData(id);
    expect(await approve(id, "npoRep")).toEqual({ status: 302, location: path(id) });
    expect(await approvalOf(id)).toMatchObject({ approved_text: textVersion, approved_by: user.npoRep.id });
    const after = await confirmData(id);
    expect(after.problems).toEqual([]);
    expect(after.approvals[0].approvedAt).not.toBeNull();
    expect(await noticesOf("assocRep", "notice.proposalApproved", id)).toHaveLength(1);
    const mail = await mailSentTo(handle.db, user.assocRep.email);
    expect(mail.map((m) => m.subject)).toContain(
      "【ねりま協働ラボ】「NPO法人 ねりま子ども応援団」が提案の内容を承認しました",
    );
  });

  it("refuses anyone but the partner's representative, another organisation's id, and a visitor", async () => {
    const id = await finished();
    // The lead's representative submits; it approves nothing, for itself or for the partner.
    expect((await approve(id, "assocRep", org.assoc)).status).toBe(403);
    expect((await approve(id, "assocRep", org.npo)).status).toBe(403);
    expect((await approve(id, "npoMember")).status).toBe(403);
    expect((await approve(id, "npoRep", org.biz)).status).toBe(403);
    for (const who of ["outsiderRep", "bizRep", "staff"]) expect((await approve(id, who)).status, who).toBe(404);
    const visitor = await approve(id, null);
    expect(visitor.status).toBe(302);
    expect(visitor.location).toMatch(/^\/login/);
    expect((await approvalOf(id)).approved_at).toBeNull();
  });

  it("refuses to approve a text changed since it was read", async () => {
    const id = await finished();
    const { textVersion } = await confirmData(id);
    await callAction(
      proposalSection.action,
      sectionPath(id, "problem"),
      cookie.assocRep,
      { text: "読んだ後に書き直した課題", version: await version(id, "problem") },
      { id, section: "problem" },
    );
    expect((await approve(id, "npoRep", org.npo, textVersion)).status).toBe(409);
    expect((await approvalOf(id)).approved_at).toBeNull();
  });

  it("withdraws every approval when a section changes, and tells the whole team who must approve again", async () => {
    const id = await approved();
    const before = await approvalOf(id);
    expect(before.approved_at).not.toBeNull();
    // Saved again unchanged (保存して次の項目へ through the finished text): the approval holds.
    const problem = await storedSection(handle.db, id, "problem");
    await callAction(
      proposalSection.action,
      sectionPath(id, "problem"),
      cookie.assocRep,
      { text: String((problem.content as { text: string }).text), version: String(problem.version) },
      { id, section: "problem" },
    );
    expect((await storedSection(handle.db, id, "problem")).version).toBe(problem.version);
    expect(await approvalOf(id)).toEqual(before);

    await callAction(
      proposalSection.action,
      sectionPath(id, "problem"),
      cookie.assocRep,
      { text: "承認の後で変えた課題", version: String(problem.version) },
      { id, section: "problem" },
    );
    expect(await approvalOf(id)).toEqual({ approved_text: null, approved_by: null, approved_at: null });
    for (const who of ["assocRep", "assocMember", "npoRep", "npoMember"]) {
      const notices = await noticesOf(who, "notice.approvalsWithdrawn", id);
      expect(notices.length, who).toBe(1);
      expect(notices.at(-1)?.params).toMatchObject({ organizations: "NPO法人 ねりま子ども応援団" });
    }
    const data = await confirmData(id);
    expect(data.problems.map((p) => p.message)).toEqual(["proposal.problem.approvalMissing"]);
    expect(
      (
        await callAction(
          proposalConfirm.action,
          path(id),
          cookie.assocRep,
          { intent: "submit", textVersion: data.textVersion },
          { id },
        )
      ).status,
    ).toBe(409);
    // A second change with nothing approved tells no one again.
    await callAction(
      proposalSection.action,
      sectionPath(id, "problem"),
      cookie.assocRep,
      { text: "もう一度変えた課題", version: await version(id, "problem") },
      { id, section: "problem" },
    );
    expect(await noticesOf("assocRep", "notice.approvalsWithdrawn", id)).toHaveLength(1);
  });
});
