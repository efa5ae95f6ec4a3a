import { describe, expect, it } from "vitest";
import * as calendar from "~/routes/themes.$id.calendar[.ics]";
import { DAY, draftTheme, publishedTheme, routeTestSite } from "../support/fixtures";
import { makeRequest, outcome } from "../support/routes";

const site = routeTestSite({ member: "member", staff: "staff" });
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
