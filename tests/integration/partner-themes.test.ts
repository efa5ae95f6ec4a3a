/**
 * Partners who find each other through a theme: a listing may name an open or upcoming theme, the
 * board filters by it, and an organisation's page shows the projects it carried out.
 */
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { listingSchema } from "~/models/partner-schemas";
import { createListing, getListing, searchListings } from "~/models/partners.server";
import { decideRequest, sendPartnershipRequest } from "~/models/partnership-requests.server";
import { projectsOfOrganization } from "~/models/projects.server";
import * as organizationPage from "~/routes/organizations.$id._index";
import * as board from "~/routes/partners._index";
import * as newProposal from "~/routes/proposals.new";
import * as thread from "~/routes/requests.$id";
import {
  DAY,
  draftTheme,
  fundedProject,
  mailContext,
  publishedTheme,
  registeredOrganization,
  routeTestSite,
  verifiedOrganization,
} from "../support/fixtures";
import { callAction, callLoader, makeRequest } from "../support/routes";

const site = routeTestSite({
  alice: "member",
  bob: "member",
  carol: "member",
  dave: "member",
  erin: "member",
  staff: "staff",
});
const context = { clientAddress: "127.0.0.1" };

const listing = (organizationId: string, values: Record<string, unknown> = {}) =>
  v.parse(listingSchema, {
    organizationId,
    title: "テーマでいっしょに提案する団体を募集",
    offers: "会場を用意できます。",
    seeks: "子どもの活動が得意な団体",
    areas: ["nerima"],
    fields: ["childcare"],
    endsOn: new Date(Date.now() + 20 * DAY).toISOString().slice(0, 10),
    ...values,
  });

describe("a listing that names a theme", () => {
  it("names an open or upcoming theme, never a draft or a closed one, and the board filters by it", async () => {
    const db = site.handle.db;
    const { alice, staff } = site.user;
    const org = await verifiedOrganization(db, { representative: alice, staff, name: "北町町会" });
    const open = await publishedTheme(db, { staffId: staff.id, title: "子育て応援の協働事業" });
    const upcoming = await publishedTheme(db, {
      staffId: staff.id,
      title: "来月からのテーマ",
      values: { opensAt: new Date(Date.now() + 5 * DAY), closesAt: new Date(Date.now() + 40 * DAY) },
    });
    const closed = await publishedTheme(db, {
      staffId: staff.id,
      title: "締め切ったテーマ",
      values: { opensAt: new Date(Date.now() - 30 * DAY), closesAt: new Date(Date.now() - DAY) },
    });
    const draft = await draftTheme(db, { staffId: staff.id, title: "下書きのテーマ" });
    const now = new Date();

    const named = await createListing(db, { userId: alice.id, values: listing(org, { themeId: open }), now });
    expect(named.ok).toBe(true);
    const soon = await createListing(db, { userId: alice.id, values: listing(org, { themeId: upcoming }), now });
    expect(soon.ok).toBe(true);
    for (const themeId of [closed, draft]) {
      expect(await createListing(db, { userId: alice.id, values: listing(org, { themeId }), now })).toEqual({
        ok: false,
        field: "themeId",
        message: "validation.listing.theme",
      });
    }
    const plain = await createListing(db, { userId: alice.id, values: listing(org), now });
    if (!named.ok || !plain.ok) throw new Error("listings refused");
    expect(await getListing(db, named.id)).toMatchObject({ theme_id: open, theme_title: "子育て応援の協働事業" });
    expect(await getListing(db, plain.id)).toMatchObject({ theme_id: null });

    const ids = async (filters: { theme?: string }) =>
      (await searchListings(db, filters, now, 1, 50)).rows.map((r) => r.id).sort();
    expect(await ids({ theme: open })).toEqual([named.id]);
    expect((await ids({})).length).toBe(3);

    // The board's address: the theme is a choice of the search form; an unknown value is dropped.
    const page = (query: string) =>
      board.loader({ request: makeRequest(`/partners${query}`, null), params: {}, context });
    const filtered = await page(`?theme=${open}`);
    expect(filtered.listings.map((l) => l.id)).toEqual([named.id]);
    expect(filtered.values.theme).toBe(open);
    expect(filtered.themes.map((th) => th.value)).toEqual(expect.arrayContaining([open, upcoming]));
    expect(filtered.themes.map((th) => th.value)).not.toContain(closed);
    expect(filtered.themes.map((th) => th.value)).not.toContain(draft);
    expect((await page("?theme=not-a-theme")).total).toBe(3);
  });
});

describe("an organisation's history", () => {
  it("lists the projects it carried out, as lead or partner, with the counts", async () => {
    const db = site.handle.db;
    const { bob, carol, staff } = site.user;
    const lead = await verifiedOrganization(db, { representative: bob, staff, name: "南町自治会" });
    const partner = await verifiedOrganization(db, { representative: carol, staff, name: "NPO みなみ" });
    const bystander = await verifiedOrganization(db, { representative: carol, staff, name: "関わらない会" });
    const { projectId } = await fundedProject(db, {
      staff,
      themeTitle: "見守りのテーマ",
      amount: 200_000,
      lead: { organizationId: lead, user: bob },
      partners: [{ organizationId: partner, user: carol }],
      title: "南町の見守り",
      requested: 200_000,
    });
    await db.updateTable("projects").set({ status: "completed" }).where("id", "=", projectId).execute();
    const ofLead = await projectsOfOrganization(db, lead);
    expect(ofLead).toMatchObject({ funded: 1, completed: 1 });
    expect(ofLead.projects).toEqual([expect.objectContaining({ id: projectId, role: "lead", status: "completed" })]);
    expect((await projectsOfOrganization(db, partner)).projects[0]).toMatchObject({ id: projectId, role: "partner" });
    expect(await projectsOfOrganization(db, bystander)).toEqual({ projects: [], funded: 0, completed: 0 });

    const data = await organizationPage.loader({
      request: makeRequest(`/organizations/${partner}`, null),
      params: { id: partner },
      context,
    });
    expect(data.history).toMatchObject({ funded: 1, completed: 1 });
    expect(data.history.projects[0]).toMatchObject({ id: projectId, title: "南町の見守り", lead: false });
  });
});

describe("from an accepted partnership to a proposal", () => {
  it("starts a draft the member's side leads, with the other side already invited", async () => {
    const db = site.handle.db;
    const { dave, erin, staff } = site.user;
    const asker = await verifiedOrganization(db, { representative: dave, staff, name: "西町町会" });
    const poster = await verifiedOrganization(db, { representative: erin, staff, name: "NPO にし" });
    const elsewhere = await verifiedOrganization(db, { representative: dave, staff, name: "デイブの別の会" });
    const themeId = await publishedTheme(db, { staffId: staff.id, title: "西町の協働テーマ" });
    const listed = await createListing(db, { userId: erin.id, values: listing(poster), now: new Date() });
    if (!listed.ok) throw new Error("listing refused");
    const sent = await sendPartnershipRequest(
      db,
      { listingId: listed.id, fromOrganizationId: asker, user: dave, message: "いっしょに提案しませんか。" },
      mailContext(),
    );
    if (!sent.ok) throw new Error("request refused");
    const requestId = sent.requestId;
    const newPath = `/proposals/new?theme=${themeId}&request=${requestId}`;

    // Not yet accepted: nothing to start from.
    expect(
      (await callLoader(thread.loader, `/requests/${requestId}`, site.cookie.dave, { id: requestId })).status,
    ).toBe(200);
    expect((await callLoader(newProposal.loader, newPath, site.cookie.dave)).status).toBe(404);
    await decideRequest(db, { requestId, user: erin, decision: "accepted", statusLabel: "承諾" }, mailContext());

    const page = await thread.loader({
      request: makeRequest(`/requests/${requestId}`, site.cookie.dave),
      params: { id: requestId },
      context,
    });
    expect(page.openThemes.map((th) => th.id)).toContain(themeId);
    const form = await newProposal.loader({ request: makeRequest(newPath, site.cookie.dave), params: {}, context });
    expect(form.partnership?.partner).toBe("NPO にし");
    expect(form.organizations.map((o) => o.id)).toEqual([asker]);
    // Someone outside both organisations never sees it.
    expect((await callLoader(newProposal.loader, newPath, site.cookie.carol)).status).toBe(404);

    const send = (who: "dave" | "carol", organizationId: string) =>
      callAction(newProposal.action, "/proposals/new", site.cookie[who], {
        themeId,
        organizationId,
        requestId,
      });
    // The lead is the person's own side, not another of their organisations.
    expect((await send("dave", elsewhere)).status).toBe(403);
    expect((await send("carol", asker)).status).toBe(403);
    const started = await send("dave", asker);
    expect(started.status).toBe(302);
    const proposalId = String(started.location).split("/").at(-1) ?? "";
    const team = await db
      .selectFrom("proposal_partners")
      .select(["organization_id", "role", "status"])
      .where("proposal_id", "=", proposalId)
      .orderBy("role")
      .execute();
    expect(team).toEqual([
      { organization_id: asker, role: "lead", status: "accepted" },
      { organization_id: poster, role: "partner", status: "invited" },
    ]);
  });
});

describe("asking an organisation without a listing", () => {
  it("sends a verified member's request to a verified organisation, once, and refuses the rest", async () => {
    const db = site.handle.db;
    const { alice, bob, staff } = site.user;
    const mine = await verifiedOrganization(db, { representative: alice, staff, name: "問い合わせる町会" });
    const target = await verifiedOrganization(db, { representative: bob, staff, name: "募集を出していない NPO" });
    const unverified = await registeredOrganization(db, { representative: bob, name: "確認待ちの NPO" });
    const ask = (to: string, who: "alice" | "bob" | null, organizationId = mine) =>
      callAction(
        organizationPage.action,
        `/organizations/${to}`,
        who ? site.cookie[who] : null,
        {
          organizationId,
          message: "子ども食堂の運営でご一緒できませんか。",
        },
        { id: to },
      );

    const page = await organizationPage.loader({
      request: makeRequest(`/organizations/${target}`, site.cookie.alice),
      params: { id: target },
      context,
    });
    expect(page.contactable).toBe(true);
    expect(page.senders.map((o) => o.value)).toContain(mine);

    expect((await ask(target, null)).location).toMatch(/^\/login/);
    expect((await ask(unverified, "alice")).status).toBe(404);
    // bob is not a member of the organisation he would send for.
    expect((await ask(target, "bob")).status).toBe(409);
    const sent = await ask(target, "alice");
    expect(sent.status).toBe(302);
    const requestId = String(sent.location).split("/").at(-1) ?? "";
    const row = await db
      .selectFrom("partnership_requests")
      .selectAll()
      .where("id", "=", requestId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      listing_id: null,
      from_organization_id: mine,
      to_organization_id: target,
      status: "pending",
    });
    // One pending request to the same organisation at a time.
    expect((await ask(target, "alice")).status).toBe(409);
    // An organisation does not ask itself.
    expect((await ask(mine, "alice")).status).toBe(409);
    // Its members are not offered the form on their own organisation's page.
    const own = await organizationPage.loader({
      request: makeRequest(`/organizations/${target}`, site.cookie.bob),
      params: { id: target },
      context,
    });
    expect(own.contactable).toBe(false);
  });
});
