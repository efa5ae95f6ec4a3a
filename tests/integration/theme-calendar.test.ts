import { describe, expect, it } from "vitest";
import * as personal from "~/routes/calendar.$token[.ics]";
import * as me from "~/routes/me";
import * as calendar from "~/routes/themes.$id.calendar[.ics]";
import {
  DAY,
  draftTheme,
  fundedProject,
  proposalDraft,
  publishedTheme,
  routeTestSite,
  verifiedOrganization,
} from "../support/fixtures";
import { callAction, makeRequest, outcome } from "../support/routes";

const site = routeTestSite({ member: "member", staff: "staff", alice: "member", bob: "member", npo: "member" });
const context = { clientAddress: null };

/** The calendar's events, each a map of its properties (lines unfolded as RFC 5545 says). */
function events(ics: string) {
  const lines = ics.replace(/\r\n[ \t]/g, "").split("\r\n");
  const out: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    if (line === "BEGIN:VEVENT") current = {};
    else if (line === "END:VEVENT" && current) {
      out.push(current);
      current = null;
    } else if (current) {
      const at = line.indexOf(":");
      current[line.slice(0, at).split(";")[0]] = line.slice(at + 1);
    }
  }
  return out;
}

const utc = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");

describe("a theme's calendar file", () => {
  it("holds its deadline (and its opening while ahead) at the right instants, under stable ids", async () => {
    const opens = new Date(Math.floor((Date.now() + 2 * DAY) / 60_000) * 60_000);
    const closes = new Date(opens.getTime() + 20 * DAY);
    const themeId = await publishedTheme(site.handle.db, {
      staffId: site.user.staff.id,
      title: "見守りの輪",
      values: { opensAt: opens, closesAt: closes },
    });
    const response = (await calendar.loader({
      request: makeRequest(`/themes/${themeId}/calendar.ics`, null),
      params: { id: themeId },
      context,
    })) as Response;
    expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    const found = events(await response.text());
    expect(found.map((e) => [e.UID, e.DTSTART, e.DTEND])).toEqual([
      [`theme-${themeId}-opens@nerima-kyodo-lab`, utc(opens), utc(opens)],
      [`theme-${themeId}-closes@nerima-kyodo-lab`, utc(new Date(closes.getTime() - 30 * 60_000)), utc(closes)],
    ]);
    expect(found[1].SUMMARY).toBe("【締切】見守りの輪");
  });

  it("is not there for a draft theme, except for staff", async () => {
    const themeId = await draftTheme(site.handle.db, { staffId: site.user.staff.id, title: "まだ下書き" });
    const get = (cookie: string | null) =>
      outcome(() =>
        calendar.loader({
          request: makeRequest(`/themes/${themeId}/calendar.ics`, cookie),
          params: { id: themeId },
          context,
        }),
      );
    expect((await get(null)).status).toBe(404);
    expect((await get(site.cookie.member)).status).toBe(404);
    expect((await get(site.cookie.staff)).status).toBe(200);
  });
});

describe("a person's own calendar feed", () => {
  const feed = async (token: string) =>
    outcome(() =>
      personal.loader({ request: makeRequest(`/calendar/${token}.ics`, null), params: { token }, context }),
    );
  const tokenOf = async (who: "alice" | "bob") => {
    const data = await me.loader({ request: makeRequest("/me", site.cookie[who]), params: {}, context });
    return data.calendarUrl ? (data.calendarUrl.split("/calendar/")[1] ?? "").replace(/\.ics$/, "") : null;
  };

  it("holds the person's draft deadlines and project milestones, at a secret address that can be replaced", async () => {
    const db = site.handle.db;
    const { alice, bob, npo, staff } = site.user;
    const org = await verifiedOrganization(db, { representative: alice, staff, name: "東の町会" });
    const partner = await verifiedOrganization(db, { representative: npo, staff, name: "NPO ひがし" });
    const theirs = await verifiedOrganization(db, { representative: bob, staff, name: "西の町会" });
    const closes = new Date(Math.floor((Date.now() + 9 * DAY) / 1000) * 1000);
    const themeId = await publishedTheme(db, {
      staffId: staff.id,
      title: "東西のテーマ",
      values: { opensAt: new Date(Date.now() - DAY), closesAt: closes },
    });
    const draft = await proposalDraft(db, { themeId, lead: { organizationId: org, user: alice } });
    await proposalDraft(db, { themeId, lead: { organizationId: theirs, user: bob } });
    const { projectId, milestones } = await fundedProject(db, {
      staff,
      themeTitle: "終わったテーマ",
      amount: 100_000,
      lead: { organizationId: org, user: alice },
      partners: [{ organizationId: partner, user: npo }],
      requested: 100_000,
    });

    // No address until the person asks for one.
    expect(await tokenOf("alice")).toBeNull();
    expect(await callAction(me.action, "/me", site.cookie.alice, { intent: "calendar" })).toMatchObject({
      status: 302,
    });
    const token = await tokenOf("alice");
    if (!token) throw new Error("no calendar address");
    const response = await feed(token);
    expect(response.status).toBe(200);
    const ics = await (
      await personal.loader({ request: makeRequest(`/calendar/${token}.ics`, null), params: { token }, context })
    ).text();
    const all = events(ics);
    const deadline = all.find((e) => e.UID === `draftDeadline-${draft}@nerima-kyodo-lab`);
    expect(deadline?.DTEND).toBe(utc(closes));
    expect(
      all
        .filter((e) => e.UID.startsWith("milestone-"))
        .map((e) => e.UID.slice(10, 46))
        .sort(),
    ).toEqual(milestones.map((m) => m.id).sort());
    expect(all.every((e) => !e.URL?.includes("/proposals/") || e.URL.includes(draft))).toBe(true);
    expect(ics).toContain(`/projects/${projectId}`);
    // Bob's draft is his own.
    expect(all.filter((e) => e.UID.startsWith("draftDeadline-"))).toHaveLength(1);

    // A replaced address stops working at once; an unknown one never worked.
    await callAction(me.action, "/me", site.cookie.alice, { intent: "calendar-renew" });
    const renewed = await tokenOf("alice");
    expect(renewed).not.toBe(token);
    expect((await feed(token)).status).toBe(404);
    expect((await feed(renewed ?? "")).status).toBe(200);
    expect((await feed("not-a-token")).status).toBe(404);
  });
});
