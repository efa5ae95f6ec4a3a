import { describe, expect, it } from "vitest";
import { staffWorklist, type WorkKind } from "~/models/staff-worklist.server";
import * as staffHome from "~/routes/staff._index";
import { DAY, publishedTheme, registeredOrganization, routeTestSite, verifiedOrganization } from "../support/fixtures";
import { callLoader } from "../support/routes";

const site = routeTestSite({ rep: "member", staff: "staff", reviewer: "reviewer" });
const NOW = new Date("2026-12-01T03:00:00Z");

const counts = async () =>
  Object.fromEntries((await staffWorklist(site.handle.db, NOW)).map((i) => [i.kind, i.count])) as Record<
    WorkKind,
    number
  >;

describe("what is waiting for staff", () => {
  it("is nothing on an empty site", async () => {
    expect(Object.values(await counts()).every((n) => n === 0)).toBe(true);
  });

  it("counts organisations to verify, with the oldest's age, and not the verified ones", async () => {
    const waiting = await registeredOrganization(site.handle.db, {
      representative: site.user.rep,
      name: "待っている町会",
    });
    await site.handle.db
      .updateTable("organizations")
      .set({ created_at: new Date(NOW.getTime() - 5 * DAY) })
      .where("id", "=", waiting)
      .execute();
    await verifiedOrganization(site.handle.db, {
      representative: site.user.rep,
      staff: site.user.staff,
      name: "確認済みの団体",
    });
    const item = (await staffWorklist(site.handle.db, NOW)).find((i) => i.kind === "organizations");
    expect(item).toMatchObject({ count: 1, link: "/staff/organizations" });
    expect(item?.oldest?.getTime()).toBe(NOW.getTime() - 5 * DAY);
  });

  it("counts themes closing within 14 days, not those closing later or already closed", async () => {
    const closingIn = (days: number) =>
      publishedTheme(site.handle.db, {
        staffId: site.user.staff.id,
        title: `締切まで${days}日`,
        values: {
          opensAt: new Date("2026-11-01T00:00:00Z"),
          closesAt: new Date(NOW.getTime() + days * DAY),
        },
        now: new Date("2026-10-30T00:00:00Z"),
      });
    await closingIn(3);
    await closingIn(13);
    await closingIn(20);
    expect((await counts()).themesClosing).toBe(2);
  });

  it("counts unanswered questions and links to the theme of the oldest", async () => {
    const [theme] = await site.handle.db.selectFrom("themes").select("id").limit(1).execute();
    for (const [question, answer] of [
      ["会場は使えますか", null],
      ["経費に人件費は含められますか", "含められます"],
    ] as const) {
      await site.handle.db
        .insertInto("theme_questions")
        .values({ id: crypto.randomUUID(), theme_id: theme.id, asked_by: site.user.rep.id, question, answer })
        .execute();
    }
    const item = (await staffWorklist(site.handle.db, NOW)).find((i) => i.kind === "questions");
    expect(item).toMatchObject({ count: 1, link: `/staff/themes/${theme.id}/questions` });
  });
});

describe("/staff", () => {
  it("is for staff only: a visitor logs in, a member and a reviewer are refused", async () => {
    expect((await callLoader(staffHome.loader, "/staff", null)).status).toBe(302);
    expect((await callLoader(staffHome.loader, "/staff", site.cookie.rep)).status).toBe(403);
    expect((await callLoader(staffHome.loader, "/staff", site.cookie.reviewer)).status).toBe(403);
    expect((await callLoader(staffHome.loader, "/staff", site.cookie.staff)).status).toBe(200);
  });
});
