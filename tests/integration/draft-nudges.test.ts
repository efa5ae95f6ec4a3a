import { describe, expect, it } from "vitest";
import { sendDraftNudges } from "~/models/draft-nudges.server";
import {
  DAY,
  mailContext,
  mailSentTo,
  proposalDraft,
  publishedTheme,
  routeTestSite,
  verifiedOrganization,
} from "../support/fixtures";

const site = routeTestSite({ lead: "member", partner: "member", other: "member", staff: "staff" });

describe("reminding teams with a draft as the deadline nears", () => {
  it("goes 7 days and 1 day before, once each, to the team, saying what is missing and who has not accepted", async () => {
    const db = site.handle.db;
    const { lead, partner, other, staff } = site.user;
    const now = new Date();
    const closing = (title: string, days: number) =>
      publishedTheme(db, {
        staffId: staff.id,
        title,
        values: { opensAt: new Date(now.getTime() - DAY), closesAt: new Date(now.getTime() + days * DAY) },
      });
    const themeId = await closing("見守りの輪", 7);
    const laterTheme = await closing("ずっと先のテーマ", 3);
    const leadOrg = await verifiedOrganization(db, { representative: lead, staff, name: "北町町会" });
    const partnerOrg = await verifiedOrganization(db, { representative: partner, staff, name: "NPO つなぐ" });
    const otherOrg = await verifiedOrganization(db, { representative: other, staff, name: "南町町会" });
    await proposalDraft(db, {
      themeId,
      lead: { user: lead, organizationId: leadOrg },
      invited: [{ user: partner, organizationId: partnerOrg }],
    });
    await proposalDraft(db, { themeId: laterTheme, lead: { user: other, organizationId: otherOrg } });

    expect(await sendDraftNudges(db, mailContext(now))).toBe(1);
    expect(await sendDraftNudges(db, mailContext(now))).toBe(0);
    const week = await mailSentTo(db, lead.email);
    const [nudge] = week.filter((m) => m.subject.includes("締切まであと7日"));
    expect(nudge.subject).toBe("【ねりま協働ラボ】締切まであと7日：提案書");
    expect(nudge.text).toContain("基本情報（提案名・概要・連絡先）");
    expect(nudge.text).toContain("まだ参加を承諾していない連携団体：NPO つなぐ");
    // Only the team hears: not the invited partner who has not joined, nor another theme's team.
    expect((await mailSentTo(db, partner.email)).filter((m) => m.subject.includes("締切まで"))).toHaveLength(0);
    expect((await mailSentTo(db, other.email)).filter((m) => m.subject.includes("締切まで"))).toHaveLength(0);

    const dayBefore = new Date(now.getTime() + 6 * DAY);
    expect(await sendDraftNudges(db, mailContext(dayBefore))).toBe(1);
    expect(await sendDraftNudges(db, mailContext(dayBefore))).toBe(0);
    expect((await mailSentTo(db, lead.email)).filter((m) => m.subject.includes("締切まであと1日"))).toHaveLength(1);
  });

  it("names the partners that joined but have not yet approved the text", async () => {
    const db = site.handle.db;
    const { partner, other, staff } = site.user;
    const now = new Date();
    const themeId = await publishedTheme(db, {
      staffId: staff.id,
      title: "承認待ちのテーマ",
      values: { opensAt: new Date(now.getTime() - DAY), closesAt: new Date(now.getTime() + 7 * DAY) },
    });
    const leadOrg = await verifiedOrganization(db, { representative: other, staff, name: "東町町会" });
    const partnerOrg = await verifiedOrganization(db, { representative: partner, staff, name: "NPO むすぶ" });
    await proposalDraft(db, {
      themeId,
      lead: { user: other, organizationId: leadOrg },
      partners: [{ user: partner, organizationId: partnerOrg }],
    });
    expect(await sendDraftNudges(db, mailContext(now))).toBeGreaterThanOrEqual(1);
    const [nudge] = (await mailSentTo(db, other.email)).filter((m) => m.subject.includes("締切まであと7日"));
    expect(nudge.text).toContain("まだ内容を承認していない連携団体：NPO むすぶ");
    expect(nudge.text).toContain("まだ参加を承諾していない連携団体：なし");
  });
});
