import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "~/models/accounts.server";
import { proposalsForTheme } from "~/models/proposal-lists.server";
import type { SectionContent } from "~/models/proposal-rules";
import { submitProposal } from "~/models/proposal-submission.server";
import { saveSection } from "~/models/proposals.server";
import * as proposalPage from "~/routes/proposals.$id._index";
import * as proposalPrint from "~/routes/proposals.$id.print";
import * as proposalSection from "~/routes/proposals.$id.sections.$section";
import * as proposalNew from "~/routes/proposals.new";
import * as staffList from "~/routes/staff.themes.$id.proposals";
import * as staffCsv from "~/routes/staff.themes.$id.proposals[.csv]";
import { installServices } from "~/services.server";
import type { User } from "../../db/schema";
import { createTestDatabase } from "../support/database";
import {
  APPLICANT_PEOPLE,
  applicantOrganizations,
  approvedByPartners,
  DAY,
  draftTheme,
  fillSections,
  finishedSections,
  installTestServices,
  mailContext as mail,
  PASSWORD,
  proposalDraft,
  publishedTheme,
  registeredOrganization,
  sessionCookieFor,
  signedInUsers,
  storedSection,
} from "../support/fixtures";
import { callAction, callLoader, makeRequest } from "../support/routes";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
const UNKNOWN = "00000000-0000-4000-8000-000000000000";
let cookie: Record<string, string>;
let user: Record<string, User>;
let org: Record<string, string>;
let openTheme = "";
let closedTheme = "";
let otherTheme = "";
let themeInDraft = "";
/** Lead: the association; the NPO has accepted; the business is invited and has not answered. */
let draft = "";
/** Same team, finished and submitted. */
let submitted = "";

const context = { clientAddress: "127.0.0.1" };
const rep = (key: "assoc" | "npo" | "biz") => ({ organizationId: org[key], user: user[`${key}Rep`] });

const fill = (proposalId: string, content: SectionContent) =>
  fillSections(handle.db, proposalId, content, user.assocRep);

/** A draft led by the association with the NPO on board (and optionally the business invited). */
const teamDraft = (themeId: string, inviteBusiness: boolean) =>
  proposalDraft(handle.db, {
    themeId,
    lead: rep("assoc"),
    partners: [rep("npo")],
    invited: inviteBusiness ? [rep("biz")] : [],
  });

beforeAll(async () => {
  handle = await createTestDatabase();
  installTestServices(handle);
  ({ user, cookie } = await signedInUsers(handle.db, {
    ...APPLICANT_PEOPLE,
    outsiderMember: "member",
    reviewer: "reviewer",
    staff: "staff",
    admin: "admin",
  }));
  const unverified = await signUp(
    handle.db,
    { name: "未確認", email: "unverified@example.jp", password: PASSWORD },
    mail(),
  );
  if (!unverified.ok) throw new Error("sign-up failed");
  user.unverified = unverified.user;
  cookie.unverified = await sessionCookieFor(unverified.user);

  const now = new Date();
  org = await applicantOrganizations(handle.db, user, user.staff, now);

  const theme = (title: string, opensAt: Date, closesAt: Date) => ({
    staffId: user.staff.id,
    title,
    values: { opensAt, closesAt },
    now,
  });
  const open = [new Date(now.getTime() - DAY), new Date(now.getTime() + 10 * DAY)] as const;
  openTheme = await publishedTheme(handle.db, theme("公開中のテーマ", ...open));
  closedTheme = await publishedTheme(
    handle.db,
    theme("締め切ったテーマ", new Date(now.getTime() - 20 * DAY), new Date(now.getTime() - DAY)),
  );
  otherTheme = await publishedTheme(handle.db, theme("別のテーマ", ...open));
  themeInDraft = await draftTheme(handle.db, theme("下書きのテーマ", ...open));
  // The association's plain member also represents an organisation staff have not verified yet.
  await registeredOrganization(handle.db, {
    representative: user.assocMember,
    name: "確認待ちの会",
    kind: "volunteer_group",
    now,
  });

  draft = await teamDraft(openTheme, true);
  // A title with a line break only: it must be quoted in CSV too.
  await saveSection(handle.db, {
    proposalId: draft,
    section: "basics",
    content: { ...finishedSections([]).basics, title: "一行目\n二行目" },
    expectedVersion: 1,
    userId: user.assocRep.id,
    now,
  });
  submitted = await teamDraft(openTheme, false);
  // A title that needs quoting in CSV: a comma, a double quote and a line break.
  await fill(submitted, finishedSections([org.assoc, org.npo], { title: '見守り, "第2期"\n計画' }));
  await approvedByPartners(handle.db, submitted, [rep("npo")]);
  const result = await submitProposal(handle.db, { proposalId: submitted, userId: user.assocRep.id }, mail());
  if (!result.ok) throw new Error(JSON.stringify(result));
});

afterAll(async () => {
  installServices(null);
  await handle?.cleanup();
});

const TEAM = ["assocRep", "assocMember", "npoRep", "npoMember"] as const;
/** Signed in, but not allowed to learn that the proposal exists. */
const STRANGERS = ["outsiderRep", "outsiderMember", "bizMember", "reviewer"] as const;

/** A visitor is sent to log in, and brought back afterwards. */
function expectLogin(result: { status: number; location?: string | null }) {
  expect(result.status).toBe(302);
  expect(result.location).toMatch(/^\/login\?redirectTo=%2F/);
}

/** Calls a loader directly, for its data. */
async function loaderData<T>(
  loader: (args: { request: Request; params: Record<string, string>; context: typeof context }) => Promise<T>,
  path: string,
  who: string,
  params: Record<string, string>,
): Promise<T> {
  return loader({ request: makeRequest(path, cookie[who]), params, context });
}

describe("/proposals/:id (read: the team, staff, an invited representative; write: by intent)", () => {
  const path = (id = draft) => `/proposals/${id}`;
  const params = (id = draft) => ({ id });
  /** What the proposal page's action answers `who` posting `form` about proposal `id`. */
  const onProposal = (id: string, who: string, form: Record<string, string>) =>
    callAction(proposalPage.action, path(id), cookie[who], form, params(id));

  it("sends a visitor to log in, from the loader and the action", async () => {
    const loaded = await callLoader(proposalPage.loader, path(), null, params());
    expect(loaded.status).toBe(302);
    expect(loaded.location).toBe(`/login?redirectTo=${encodeURIComponent(path())}`);
    const acted = await callAction(proposalPage.action, path(), null, { intent: "submit" }, params());
    expect(acted.status).toBe(302);
    expect(acted.location).toMatch(/^\/login\?redirectTo=/);
  });

  it("answers 404 to another organisation's members, the invited organisation's plain member and a reviewer", async () => {
    for (const who of STRANGERS) {
      expect((await callLoader(proposalPage.loader, path(), cookie[who], params())).status, who).toBe(404);
      for (const intent of ["submit", "invite", "withdraw", "accept"]) {
        expect(
          (
            await callAction(
              proposalPage.action,
              path(),
              cookie[who],
              { intent, organizationId: org.outsider },
              params(),
            )
          ).status,
          `${who} ${intent}`,
        ).toBe(404);
      }
    }
  });

  it("answers the same 404 for an id that does not exist, whoever asks", async () => {
    for (const who of ["assocRep", "outsiderRep", "staff"]) {
      for (const id of [UNKNOWN, "not-a-uuid"]) {
        expect((await callLoader(proposalPage.loader, path(id), cookie[who], params(id))).status, who).toBe(404);
        expect(
          (await callAction(proposalPage.action, path(id), cookie[who], { intent: "submit" }, params(id))).status,
          who,
        ).toBe(404);
      }
    }
  });

  it("shows the team and staff the proposal", async () => {
    for (const who of [...TEAM, "staff", "admin"]) {
      expect((await callLoader(proposalPage.loader, path(), cookie[who], params())).status, who).toBe(200);
      const data = await loaderData(proposalPage.loader, path(), who, params());
      expect(data.view, who).toBe("proposal");
    }
  });

  it("shows the invited organisation's representative the invitation and nothing of the content", async () => {
    const data = await loaderData(proposalPage.loader, path(), "bizRep", params());
    expect(data.view).toBe("invitation");
    expect(data).not.toHaveProperty("sections");
    expect(data).not.toHaveProperty("partners");
    expect(data).not.toHaveProperty("totals");
    if (data.view === "invitation")
      expect(data.invitedOrganizations).toEqual([{ id: org.biz, name: "株式会社ねりま工房" }]);
  });

  it("lets the invited representative answer but do nothing a team member does", async () => {
    for (const intent of ["submit", "invite", "withdraw", "remove"]) {
      expect(
        (await callAction(proposalPage.action, path(), cookie.bizRep, { intent, organizationId: org.npo }, params()))
          .status,
        intent,
      ).toBe(403);
    }
    // Answering for an organisation they were not invited for.
    expect(
      (
        await callAction(
          proposalPage.action,
          path(),
          cookie.bizRep,
          { intent: "accept", organizationId: org.npo },
          params(),
        )
      ).status,
    ).toBe(403);
  });

  it("lets only the lead's representative invite, and any team member submit (409 with the problems)", async () => {
    for (const who of ["assocMember", "npoRep", "npoMember"]) {
      expect(
        (
          await callAction(
            proposalPage.action,
            path(),
            cookie[who],
            { intent: "invite", organizationId: org.outsider },
            params(),
          )
        ).status,
        who,
      ).toBe(403);
    }
    for (const who of TEAM) {
      expect(
        (await callAction(proposalPage.action, path(), cookie[who], { intent: "submit" }, params())).status,
        who,
      ).toBe(409);
    }
    expect(
      (await callAction(proposalPage.action, path(), cookie.assocRep, { intent: "nonsense" }, params())).status,
    ).toBe(400);
    expect(
      (
        await callAction(
          proposalPage.action,
          path(),
          cookie.assocRep,
          { intent: "invite", organizationId: "not-a-uuid" },
          params(),
        )
      ).status,
    ).toBe(400);
  });

  it("refuses staff every write: staff read, they do not take part", async () => {
    for (const intent of ["submit", "invite", "withdraw", "remove"]) {
      expect(
        (
          await callAction(
            proposalPage.action,
            path(),
            cookie.staff,
            { intent, organizationId: org.outsider },
            params(),
          )
        ).status,
        intent,
      ).toBe(403);
    }
  });

  it("lets the lead's representative invite, and the invited representative accept", async () => {
    const spare = await teamDraft(openTheme, false);
    const invited = await onProposal(spare, "assocRep", { intent: "invite", organizationId: org.outsider });
    expect(invited).toEqual({ status: 302, location: path(spare) });
    expect((await onProposal(spare, "assocRep", { intent: "invite", organizationId: org.outsider })).status).toBe(409);
    // The outsider's plain member still sees nothing; its representative now sees the invitation.
    expect((await callLoader(proposalPage.loader, path(spare), cookie.outsiderMember, params(spare))).status).toBe(404);
    expect((await onProposal(spare, "outsiderMember", { intent: "accept", organizationId: org.outsider })).status).toBe(
      404,
    );
    expect((await loaderData(proposalPage.loader, path(spare), "outsiderRep", params(spare))).view).toBe("invitation");
    const accepted = await onProposal(spare, "outsiderRep", { intent: "accept", organizationId: org.outsider });
    expect(accepted).toEqual({ status: 302, location: path(spare) });
    expect((await callLoader(proposalPage.loader, path(spare), cookie.outsiderMember, params(spare))).status).toBe(200);
    expect((await loaderData(proposalPage.loader, path(spare), "outsiderRep", params(spare))).view).toBe("proposal");
  });

  it("removes only a partner of the proposal in the URL: another proposal's partner is refused with 403 and stays", async () => {
    const mine = await teamDraft(openTheme, false);
    // Another proposal, led by another organisation, with the business as its accepted partner.
    const theirs = await proposalDraft(handle.db, {
      themeId: openTheme,
      lead: { organizationId: org.outsider, user: user.outsiderRep },
      partners: [rep("biz")],
    });
    const partners = (proposalId: string) =>
      handle.db
        .selectFrom("proposal_partners")
        .select(["organization_id", "role", "status"])
        .where("proposal_id", "=", proposalId)
        .orderBy("organization_id")
        .execute();
    const mineBefore = await partners(mine);
    const theirsBefore = await partners(theirs);
    expect(theirsBefore).toContainEqual({ organization_id: org.biz, role: "partner", status: "accepted" });

    expect((await onProposal(mine, "assocRep", { intent: "remove", organizationId: org.biz })).status).toBe(403);
    expect(await partners(theirs)).toEqual(theirsBefore);
    expect(await partners(mine)).toEqual(mineBefore);

    // Its own partner is removed.
    expect(await onProposal(mine, "assocRep", { intent: "remove", organizationId: org.npo })).toEqual({
      status: 302,
      location: path(mine),
    });
    expect(await partners(mine)).toContainEqual({ organization_id: org.npo, role: "partner", status: "removed" });
    expect(await partners(theirs)).toEqual(theirsBefore);
  });

  it("lets any team member submit again (the same receipt) and only the lead's representative withdraw", async () => {
    expect((await onProposal(submitted, "npoMember", { intent: "submit" })).status).toBe(302);
    const toWithdraw = await teamDraft(openTheme, false);
    await fill(toWithdraw, finishedSections([org.assoc, org.npo]));
    await approvedByPartners(handle.db, toWithdraw, [rep("npo")]);
    expect((await onProposal(toWithdraw, "npoRep", { intent: "submit" })).status).toBe(302);
    for (const who of ["assocMember", "npoRep", "npoMember"]) {
      expect(
        (
          await callAction(
            proposalPage.action,
            path(toWithdraw),
            cookie[who],
            { intent: "withdraw" },
            params(toWithdraw),
          )
        ).status,
        who,
      ).toBe(403);
    }
    expect(await onProposal(toWithdraw, "assocRep", { intent: "withdraw" })).toEqual({
      status: 302,
      location: path(toWithdraw),
    });
    const row = await handle.db
      .selectFrom("proposals")
      .select("status")
      .where("id", "=", toWithdraw)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("withdrawn");
    // Withdrawing twice is refused as locked.
    expect((await onProposal(toWithdraw, "assocRep", { intent: "withdraw" })).status).toBe(409);
  });
});

describe("/proposals/:id/print (read: the team and staff)", () => {
  const path = (id = draft) => `/proposals/${id}/print`;
  const params = (id = draft) => ({ id });

  it("refuses a visitor, strangers, an unknown id, and even the invited representative", async () => {
    expectLogin(await callLoader(proposalPrint.loader, path(), null, params()));
    for (const who of [...STRANGERS, "bizRep"]) {
      expect((await callLoader(proposalPrint.loader, path(), cookie[who], params())).status, who).toBe(404);
    }
    expect((await callLoader(proposalPrint.loader, path(UNKNOWN), cookie.assocRep, params(UNKNOWN))).status).toBe(404);
  });

  it("shows the team and staff the proposal with only the accepted organisations", async () => {
    for (const who of [...TEAM, "staff"]) {
      expect((await callLoader(proposalPrint.loader, path(), cookie[who], params())).status, who).toBe(200);
    }
    const data = await loaderData(proposalPrint.loader, path(submitted), "npoMember", params(submitted));
    expect(data.partners.map((p) => p.id).sort()).toEqual([org.assoc, org.npo].sort());
    expect(data.receipt).toMatch(/-コラボ-\d{4}$/);
  });
});

describe("/proposals/:id/sections/:section (read: the team and staff; write: the team, while a draft)", () => {
  const path = (id = draft, section = "problem") => `/proposals/${id}/sections/${section}`;
  const params = (id = draft, section = "problem") => ({ id, section });
  const form = async (id = draft, section = "problem", text = "地域の課題") => ({
    text,
    version: String((await storedSection(handle.db, id, section)).version),
  });

  it("refuses a visitor, strangers and an unknown id or section, from the loader and the action", async () => {
    expectLogin(await callLoader(proposalSection.loader, path(), null, params()));
    expectLogin(await callAction(proposalSection.action, path(), null, await form(), params()));
    for (const who of STRANGERS) {
      expect((await callLoader(proposalSection.loader, path(), cookie[who], params())).status, who).toBe(404);
      expect((await callAction(proposalSection.action, path(), cookie[who], await form(), params())).status, who).toBe(
        404,
      );
    }
    expect((await callLoader(proposalSection.loader, path(UNKNOWN), cookie.assocRep, params(UNKNOWN))).status).toBe(
      404,
    );
    expect(
      (await callAction(proposalSection.action, path(UNKNOWN), cookie.assocRep, await form(), params(UNKNOWN))).status,
    ).toBe(404);
    expect(
      (
        await callLoader(
          proposalSection.loader,
          path(draft, "attachments"),
          cookie.assocRep,
          params(draft, "attachments"),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await callAction(
          proposalSection.action,
          path(draft, "attachments"),
          cookie.assocRep,
          await form(),
          params(draft, "attachments"),
        )
      ).status,
    ).toBe(404);
  });

  it("refuses a partner that has not accepted, even its representative", async () => {
    const before = await storedSection(handle.db, draft, "problem");
    expect((await callLoader(proposalSection.loader, path(), cookie.bizRep, params())).status).toBe(404);
    expect((await callAction(proposalSection.action, path(), cookie.bizRep, await form(), params())).status).toBe(404);
    expect(await storedSection(handle.db, draft, "problem")).toEqual(before);
  });

  it("lets staff read but not write", async () => {
    const data = await loaderData(proposalSection.loader, path(), "staff", params());
    expect(data.editable).toBe(false);
    expect((await callAction(proposalSection.action, path(), cookie.staff, await form(), params())).status).toBe(404);
  });

  it("lets every team member read and save, each on the current version", async () => {
    for (const who of TEAM) {
      const data = await loaderData(proposalSection.loader, path(), who, params());
      expect(data.editable, who).toBe(true);
      const saved = await callAction(
        proposalSection.action,
        path(),
        cookie[who],
        await form(draft, "problem", `${who}の課題`),
        params(),
      );
      expect(saved, who).toEqual({ status: 302, location: `/proposals/${draft}` });
      expect((await storedSection(handle.db, draft, "problem")).content).toEqual({ text: `${who}の課題` });
    }
  });

  it("answers a stale version with 409 and a malformed form with 400, saving nothing", async () => {
    const before = await storedSection(handle.db, draft, "problem");
    expect(
      (
        await callAction(
          proposalSection.action,
          path(),
          cookie.npoRep,
          { text: "古い版から", version: String(before.version - 1) },
          params(),
        )
      ).status,
    ).toBe(409);
    expect((await callAction(proposalSection.action, path(), cookie.npoRep, { text: "版なし" }, params())).status).toBe(
      409,
    );
    expect(
      (
        await callAction(
          proposalSection.action,
          path(draft, "budget"),
          cookie.npoRep,
          {
            "lines[0].item": "講師謝礼",
            "lines[0].amount": "",
            version: String((await storedSection(handle.db, draft, "budget")).version),
          },
          params(draft, "budget"),
        )
      ).status,
    ).toBe(400);
    expect(await storedSection(handle.db, draft, "problem")).toEqual(before);
  });

  it("sends the team back to the proposal once it is submitted, and saves nothing", async () => {
    const before = await storedSection(handle.db, submitted, "problem");
    expect((await callLoader(proposalSection.loader, path(submitted), cookie.assocRep, params(submitted))).status).toBe(
      200,
    );
    const data = await loaderData(proposalSection.loader, path(submitted), "assocRep", params(submitted));
    expect(data.editable).toBe(false);
    const acted = await callAction(
      proposalSection.action,
      path(submitted),
      cookie.assocRep,
      await form(submitted, "problem", "提出後の変更"),
      params(submitted),
    );
    expect(acted).toEqual({ status: 302, location: `/proposals/${submitted}` });
    expect(await storedSection(handle.db, submitted, "problem")).toEqual(before);
  });
});

describe("/proposals/new (read and write: verified members, for their own verified organisation)", () => {
  const path = (themeId = openTheme) => `/proposals/new?theme=${themeId}`;

  it("sends a visitor to log in and refuses an unverified account", async () => {
    expectLogin(await callLoader(proposalNew.loader, path(), null));
    expectLogin(
      await callAction(proposalNew.action, "/proposals/new", null, { themeId: openTheme, organizationId: org.assoc }),
    );
    expect((await callLoader(proposalNew.loader, path(), cookie.unverified)).status).toBe(403);
    expect(
      (
        await callAction(proposalNew.action, "/proposals/new", cookie.unverified, {
          themeId: openTheme,
          organizationId: org.assoc,
        })
      ).status,
    ).toBe(403);
  });

  it("answers 404 for an unknown theme and for a draft theme", async () => {
    expect((await callLoader(proposalNew.loader, path(UNKNOWN), cookie.assocRep)).status).toBe(404);
    expect((await callLoader(proposalNew.loader, path(themeInDraft), cookie.assocRep)).status).toBe(404);
    expect(
      (
        await callAction(proposalNew.action, "/proposals/new", cookie.assocRep, {
          themeId: themeInDraft,
          organizationId: org.assoc,
        })
      ).status,
    ).toBe(409);
    expect((await callLoader(proposalNew.loader, path("x"), cookie.assocRep)).status).toBe(404);
  });

  it("offers a member only their own organisations, those still waiting for the ward marked as such", async () => {
    const data = await proposalNew.loader({ request: makeRequest(path(), cookie.assocMember), params: {}, context });
    expect(data.organizations.map((o) => o.id)).toContain(org.assoc);
    const offered = await handle.db
      .selectFrom("organization_members")
      .select("organization_id")
      .where("user_id", "=", user.assocMember.id)
      .execute();
    expect(data.organizations.map((o) => o.id).sort()).toEqual(offered.map((o) => o.organization_id).sort());
    expect(data.organizations.find((o) => o.id === org.assoc)).toMatchObject({
      name: "石神井台三丁目町会",
      status: "verified",
    });
    expect(data.organizations.find((o) => o.name === "確認待ちの会")?.status).toBe("unverified");
    expect(data.theme.open).toBe(true);
  });

  it("refuses to start for an organisation the person does not belong to (403), or on a closed theme (409)", async () => {
    const count = async () =>
      Number(
        (
          await handle.db
            .selectFrom("proposals")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    for (const who of ["outsiderRep", "outsiderMember", "npoRep", "staff"]) {
      expect(
        (
          await callAction(proposalNew.action, "/proposals/new", cookie[who], {
            themeId: openTheme,
            organizationId: org.assoc,
          })
        ).status,
        who,
      ).toBe(403);
    }
    expect(
      (
        await callAction(proposalNew.action, "/proposals/new", cookie.assocRep, {
          themeId: closedTheme,
          organizationId: org.assoc,
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await callAction(proposalNew.action, "/proposals/new", cookie.assocRep, {
          themeId: "x",
          organizationId: org.assoc,
        })
      ).status,
    ).toBe(400);
    expect(await count()).toBe(before);
  });

  it("lets a member start a draft and opens it", async () => {
    const started = await callAction(proposalNew.action, "/proposals/new", cookie.assocMember, {
      themeId: otherTheme,
      organizationId: org.assoc,
    });
    expect(started.status).toBe(302);
    expect(started.location).toMatch(/^\/proposals\/[0-9a-f-]{36}$/);
    const id = started.location?.split("/").at(-1) ?? "";
    expect((await callLoader(proposalPage.loader, `/proposals/${id}`, cookie.assocRep, { id })).status).toBe(200);
    expect((await callLoader(proposalPage.loader, `/proposals/${id}`, cookie.npoRep, { id })).status).toBe(404);
  });
});

/** A standard CSV reader (csv-parse) reads the exports back exactly as a user's tool would. */
function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, relaxColumnCount: false });
}

describe("/staff/themes/:id/proposals and its CSV (read: staff)", () => {
  const listPath = () => `/staff/themes/${openTheme}/proposals`;
  const csvPath = (query = "") => `/staff/themes/${openTheme}/proposals.csv${query}`;
  const params = () => ({ id: openTheme });

  it("sends a visitor to log in and refuses members, representatives and reviewers with 403", async () => {
    expectLogin(await callLoader(staffList.loader, listPath(), null, params()));
    expectLogin(await callLoader(staffCsv.loader, csvPath(), null, params()));
    for (const who of [...TEAM, "outsiderRep", "reviewer"]) {
      expect((await callLoader(staffList.loader, listPath(), cookie[who], params())).status, who).toBe(403);
      expect((await callLoader(staffCsv.loader, csvPath(), cookie[who], params())).status, who).toBe(403);
    }
  });

  it("answers 404 for an unknown theme", async () => {
    expect(
      (await callLoader(staffList.loader, "/staff/themes/x/proposals", cookie.staff, { id: UNKNOWN })).status,
    ).toBe(404);
    expect(
      (await callLoader(staffCsv.loader, "/staff/themes/x/proposals.csv", cookie.staff, { id: UNKNOWN })).status,
    ).toBe(404);
  });

  it("lists the theme's proposals with counts per state for staff and admins", async () => {
    expect((await callLoader(staffList.loader, listPath(), cookie.admin, params())).status).toBe(200);
    const data = await loaderData(staffList.loader, listPath(), "staff", params());
    const { counts } = await proposalsForTheme(handle.db, openTheme, {});
    expect(data.counts).toEqual(counts);
    expect(data.counts.submitted).toBe(1);
    expect(data.proposals).toHaveLength((counts.draft ?? 0) + (counts.submitted ?? 0) + (counts.withdrawn ?? 0));
    const filtered = await loaderData(staffList.loader, `${listPath()}?status=submitted`, "staff", params());
    expect(filtered.status).toBe("submitted");
    expect(filtered.proposals.map((p) => p.id)).toEqual([submitted]);
    // An unknown state is ignored rather than failing.
    const ignored = await loaderData(staffList.loader, `${listPath()}?status=bogus`, "staff", params());
    expect(ignored.status).toBe("");
  });

  it("exports UTF-8 with a byte-order mark that parses back to the same rows", async () => {
    const response = await loaderData(staffCsv.loader, csvPath(), "staff", params());
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="proposals-${openTheme}.csv"`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith("\uFEFFreceipt_number,")).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual(["receipt_number", "title", "status", "organizations", "requested_amount", "submitted_at"]);
    const { list } = await proposalsForTheme(handle.db, openTheme, {});
    expect(rows).toHaveLength(list.length);
    const row = rows.find((r) => r[1] === '見守り, "第2期"\n計画');
    const expected = list.find((p) => p.id === submitted);
    expect(row).toEqual([
      expected?.receipt_number,
      '見守り, "第2期"\n計画',
      "提出済み",
      "石神井台三丁目町会、NPO法人 ねりま子ども応援団",
      "120000",
      // Staff read times in Japan time: nine hours ahead of the stored UTC instant.
      new Date((expected?.submitted_at?.getTime() ?? 0) + 9 * 3600_000).toISOString().slice(0, 19).replace("T", " "),
    ]);
    for (const r of rows) expect(r).toHaveLength(6);
    expect(rows.find((r) => r[1] === "一行目\n二行目")?.slice(2, 5)).toEqual([
      "下書き",
      "石神井台三丁目町会、NPO法人 ねりま子ども応援団",
      "0",
    ]);
  });

  it("exports only the chosen state", async () => {
    const response = await loaderData(staffCsv.loader, csvPath("?status=draft"), "staff", params());
    const rows = parseCsv((await response.text()).replace(/^\uFEFF/, ""));
    const { counts } = await proposalsForTheme(handle.db, openTheme, {});
    expect(rows.slice(1)).toHaveLength(counts.draft ?? 0);
    for (const r of rows.slice(1)) expect(r[2]).toBe("下書き");
  });
});
