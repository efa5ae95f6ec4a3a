import { describe, expect, it } from "vitest";
import { partnerInviteOptions } from "~/models/partner-invite-options.server";
import { suggestedPartners } from "~/models/partner-suggestions.server";
import { createListing } from "~/models/partners.server";
import { decideRequest, sendPartnershipRequest } from "~/models/partnership-requests.server";
import { tokyoToday } from "~/utils/japan-time";
import { DAY, mailContext, registeredOrganization, routeTestSite, verifiedOrganization } from "../support/fixtures";

const site = routeTestSite({ chokai: "member", npo: "member", other: "member", staff: "staff" });

describe("the organisations a lead may invite", () => {
  it("lists each organisation once: one agreed on the partner board first, and not again below", async () => {
    const db = site.handle.db;
    const { chokai, npo, other, staff } = site.user;
    const lead = await verifiedOrganization(db, { representative: chokai, staff, name: "あさひ町会" });
    const agreed = await verifiedOrganization(db, { representative: npo, staff, name: "いろは NPO" });
    const stranger = await verifiedOrganization(db, { representative: other, staff, name: "うみ 商店会" });
    const listing = await createListing(db, {
      userId: npo.id,
      values: {
        organizationId: agreed,
        title: "見守りの相手を探しています",
        offers: "講師",
        seeks: "町会",
        areas: ["nerima"],
        fields: ["welfare"],
        endsOn: tokyoToday(new Date(Date.now() + 10 * DAY)),
      },
      now: new Date(),
    });
    if (!listing.ok) throw new Error("listing refused");
    const sent = await sendPartnershipRequest(
      db,
      { listingId: listing.id, fromOrganizationId: lead, user: chokai, message: "ご一緒しませんか" },
      mailContext(),
    );
    if (!sent.ok) throw new Error(sent.problem);
    expect(
      await decideRequest(
        db,
        { requestId: sent.requestId, user: npo, decision: "accepted", statusLabel: "承諾" },
        mailContext(),
      ),
    ).toEqual({ ok: true });

    // A theme in a field none of them works in: nobody is suggested.
    const theme = { fields: ["culture_sports"], requiredKinds: [] };
    const options = await partnerInviteOptions(db, {
      leadOrganizationId: lead,
      partners: [{ organizationId: lead, status: "accepted" }],
      theme,
      now: new Date(),
    });
    expect(options.suggested).toEqual([]);
    expect(options.board.map((o) => o.id)).toEqual([agreed]);
    expect(options.all.map((o) => o.id)).toEqual([stranger]);

    // Once invited, it is offered nowhere.
    const invited = await partnerInviteOptions(db, {
      leadOrganizationId: lead,
      partners: [
        { organizationId: lead, status: "accepted" },
        { organizationId: agreed, status: "invited" },
      ],
      theme,
      now: new Date(),
    });
    expect([...invited.board, ...invited.all].map((o) => o.id)).toEqual([stranger]);
  });
});

describe("organisations that fit a theme", () => {
  it("are verified ones of a required kind or in its fields: looking for partners first, then kind, area and fields", async () => {
    const db = site.handle.db;
    const { npo, other, staff } = site.user;
    const org = async (
      name: string,
      kind: "npo" | "business" | "neighborhood_association",
      fields: string[],
      areas: string[],
    ) => {
      const id = await verifiedOrganization(db, { representative: other, staff, name, kind });
      await db.updateTable("organizations").set({ fields, areas }).where("id", "=", id).execute();
      return id;
    };
    const twoFields = await org("二分野の NPO", "npo", ["multicultural", "education"], ["hikarigaoka"]);
    const oneField = await org("一分野の NPO", "npo", ["multicultural"], ["hikarigaoka"]);
    const sameArea = await org("同じ地域の NPO", "npo", ["multicultural"], ["oizumi"]);
    const requiredKind = await org("町会（分野は違う）", "neighborhood_association", ["environment"], ["nerima"]);
    const looking = await org("募集中の会社", "business", ["education"], ["nerima"]);
    const unrelated = await org("関係のない会社", "business", ["environment"], ["oizumi"]);
    const waiting = await registeredOrganization(db, { representative: npo, name: "確認待ちの町会" });
    const listed = await createListing(db, {
      userId: other.id,
      values: {
        organizationId: looking,
        title: "教育の連携先を探しています",
        offers: "教材",
        seeks: "町会",
        areas: ["nerima"],
        fields: ["education"],
        endsOn: tokyoToday(new Date(Date.now() + 10 * DAY)),
      },
      now: new Date(),
    });
    if (!listed.ok) throw new Error("listing refused");

    const ids = (
      await suggestedPartners(db, {
        fields: ["multicultural", "education"],
        requiredKinds: ["neighborhood_association"],
        areas: ["oizumi"],
        exclude: [oneField],
        now: new Date(),
        limit: 50,
      })
    ).map((o) => o.id);
    expect(ids).not.toContain(unrelated);
    expect(ids).not.toContain(waiting);
    expect(ids).not.toContain(oneField);
    // Looking for partners first, whatever else (the first test's listed NPO is looking too).
    for (const quiet of [requiredKind, sameArea, twoFields])
      expect(ids.indexOf(looking)).toBeLessThan(ids.indexOf(quiet));
    // Then the required kind (this test's other 町会 have the same kind and come in the same band).
    expect(ids.indexOf(requiredKind)).toBeLessThan(ids.indexOf(sameArea));
    // Then the lead's area before more shared fields.
    expect(ids.indexOf(sameArea)).toBeLessThan(ids.indexOf(twoFields));
  });
});
