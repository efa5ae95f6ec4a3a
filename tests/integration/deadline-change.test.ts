import { describe, expect, it } from "vitest";
import { getTheme, updateTheme } from "~/models/themes.server";
import {
  DAY,
  draftTheme,
  mailContext,
  mailSentTo,
  ONE_CRITERION,
  proposalDraft,
  publishedTheme,
  routeTestSite,
  themeInput,
  verifiedOrganization,
} from "../support/fixtures";

const site = routeTestSite({ subscriber: "member", drafter: "member", bystander: "member", staff: "staff" });
const SUBJECT = "【ねりま協働ラボ】締切が変わりました（見守りの輪）";

async function moveDeadline(themeId: string, closesAt: Date) {
  const theme = await getTheme(site.handle.db, themeId);
  if (!theme) throw new Error("no theme");
  return updateTheme(
    site.handle.db,
    {
      themeId,
      staffId: site.user.staff.id,
      values: themeInput("見守りの輪", { opensAt: theme.opens_at, closesAt }),
      criteria: ONE_CRITERION,
      expectedVersion: theme.version,
      now: new Date(),
    },
    mailContext(),
  );
}

const told = async (who: "subscriber" | "drafter" | "bystander") =>
  (await mailSentTo(site.handle.db, site.user[who].email)).filter((m) => m.subject === SUBJECT);

describe("moving a published theme's deadline", () => {
  it("tells those told of the theme and every team with a draft, in their words and dates; nobody else", async () => {
    const db = site.handle.db;
    await db
      .insertInto("subscriptions")
      .values({ user_id: site.user.subscriber.id, kind: "field", value: "welfare" })
      .execute();
    const closes = new Date(Date.now() + 10 * DAY);
    const themeId = await publishedTheme(db, {
      staffId: site.user.staff.id,
      title: "見守りの輪",
      values: { fields: ["welfare"], opensAt: new Date(Date.now() - DAY), closesAt: closes },
    });
    const lead = await verifiedOrganization(db, {
      representative: site.user.drafter,
      staff: site.user.staff,
      name: "北町町会",
    });
    await proposalDraft(db, { themeId, lead: { user: site.user.drafter, organizationId: lead } });

    // Saving without moving the deadline tells no one.
    expect(await moveDeadline(themeId, closes)).toEqual({ ok: true });
    expect(await told("subscriber")).toHaveLength(0);

    const later = new Date("2027-01-29T08:00:00Z"); // 17:00 in Tokyo
    expect(await moveDeadline(themeId, later)).toEqual({ ok: true });
    for (const who of ["subscriber", "drafter"] as const) {
      const [mail] = await told(who);
      expect(mail?.text, who).toContain("2027年1月29日");
      expect(mail?.text, who).toContain("17:00");
    }
    expect(await told("bystander")).toHaveLength(0);
  });

  it("tells no one while the theme is still a draft", async () => {
    const themeId = await draftTheme(site.handle.db, { staffId: site.user.staff.id, title: "見守りの輪" });
    const before = (await mailSentTo(site.handle.db, site.user.subscriber.email)).length;
    expect(await moveDeadline(themeId, new Date("2027-03-01T08:00:00Z"))).toEqual({ ok: true });
    expect(await mailSentTo(site.handle.db, site.user.subscriber.email)).toHaveLength(before);
  });
});
