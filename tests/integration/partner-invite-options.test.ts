import { describe, expect, it } from "vitest";
import { partnerInviteOptions } from "~/models/partner-invite-options.server";
import { createListing } from "~/models/partners.server";
import { decideRequest, sendPartnershipRequest } from "~/models/partnership-requests.server";
import { tokyoToday } from "~/utils/japan-time";
import { DAY, mailContext, routeTestSite, verifiedOrganization } from "../support/fixtures";

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

    const options = await partnerInviteOptions(db, {
      leadOrganizationId: lead,
      partners: [{ organizationId: lead, status: "accepted" }],
    });
    expect(options.board.map((o) => o.id)).toEqual([agreed]);
    expect(options.all.map((o) => o.id)).toEqual([stranger]);

    // Once invited, it is offered nowhere.
    const invited = await partnerInviteOptions(db, {
      leadOrganizationId: lead,
      partners: [
        { organizationId: lead, status: "accepted" },
        { organizationId: agreed, status: "invited" },
      ],
    });
    expect([...invited.board, ...invited.all].map((o) => o.id)).toEqual([stranger]);
  });
});
