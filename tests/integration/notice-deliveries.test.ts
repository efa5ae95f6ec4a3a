import { describe, expect, it } from "vitest";
import { sendDigests } from "~/models/notice-deliveries.server";
import { GROUP_OF, MUST_READ, NOTICE_GROUPS } from "~/models/notification-preferences";
import { notify, type Recipient } from "~/models/notifications.server";
import * as settings from "~/routes/notifications_.settings";
import { NOTICE_KINDS } from "../../emails/notice";
import { mailContext, mailSentTo, notificationsFor, routeTestSite } from "../support/fixtures";
import { callAction, callLoader, makeRequest } from "../support/routes";

const site = routeTestSite({ alice: "member", bob: "member", staff: "staff" });
const PATH = "/notifications/settings";
const context = { clientAddress: "127.0.0.1" };
/** 1 December 2026 in Japan: before the digest hour (8:00), and after it. */
const EARLY = new Date("2026-11-30T22:00:00Z");
const AT_EIGHT = new Date("2026-11-30T23:00:00Z");
const NEXT_MORNING = new Date("2026-12-01T23:00:00Z");

const recipient = (who: "alice" | "bob"): Recipient => ({
  id: site.user[who].id,
  email: site.user[who].email,
  name: site.user[who].name,
  locale: "ja",
});

/** Chooses through the settings page, as the person would. */
const choose = (who: "alice" | "bob", choices: Partial<Record<(typeof NOTICE_GROUPS)[number], string>>) =>
  callAction(settings.action, PATH, site.cookie[who], {
    ...Object.fromEntries(NOTICE_GROUPS.map((g) => [g, "immediate"])),
    ...choices,
  });

const partnerRequest = (who: "alice" | "bob", from: string, at = EARLY) =>
  notify(
    site.handle.db,
    [recipient(who)],
    {
      message: "notice.requestReceived",
      mail: "requestReceived",
      params: { from, to: "練馬の会", message: "いっしょに" },
      link: `/requests/${from}`,
    },
    mailContext(at),
  );

const mailOf = async (who: "alice" | "bob") => mailSentTo(site.handle.db, site.user[who].email);

describe("the groups of notices", () => {
  it("put every kind of notice in a group a person can choose for", () => {
    for (const kind of NOTICE_KINDS) expect(NOTICE_GROUPS, kind).toContain(GROUP_OF[kind]);
    expect(MUST_READ.has("resultFunded")).toBe(true);
    expect(MUST_READ.has("reportReturned")).toBe(true);
  });
});

describe("/notifications/settings (read and write: the signed-in person, their own choices)", () => {
  it("sends a visitor to log in and refuses a form that is not ours", async () => {
    expect((await callLoader(settings.loader, PATH, null)).location).toMatch(/^\/login/);
    expect((await callAction(settings.action, PATH, null, {})).location).toMatch(/^\/login/);
    expect((await choose("alice", { partners: "weekly" })).status).toBe(400);
    expect((await callAction(settings.action, PATH, site.cookie.alice, { partners: "digest" })).status).toBe(400);
  });

  it("starts with every e-mail at once, and keeps what the person chose for them only", async () => {
    const before = await settings.loader({ request: makeRequest(PATH, site.cookie.bob), params: {}, context });
    expect(Object.values(before.preferences).every((d) => d === "immediate")).toBe(true);
    expect(await choose("bob", { partners: "digest", questions: "off" })).toMatchObject({
      status: 302,
      location: PATH,
    });
    const after = await settings.loader({ request: makeRequest(PATH, site.cookie.bob), params: {}, context });
    expect(after.preferences).toMatchObject({ partners: "digest", questions: "off", proposals: "immediate" });
    const alice = await site.handle.db
      .selectFrom("notice_preferences")
      .selectAll()
      .where("user_id", "=", site.user.alice.id)
      .execute();
    expect(alice.filter((row) => row.delivery !== "immediate")).toEqual([]);
  });
});

describe("delivering a notice's e-mail as chosen", () => {
  it("sends at once by default", async () => {
    await choose("alice", {});
    const before = (await mailOf("alice")).length;
    await partnerRequest("alice", "すぐの会");
    const mail = await mailOf("alice");
    expect(mail).toHaveLength(before + 1);
    expect(mail.at(-1)?.text).toContain("すぐの会");
  });

  it("sends nothing for a group switched off, but keeps the notice on the site", async () => {
    await choose("alice", { partners: "off" });
    const before = (await mailOf("alice")).length;
    await partnerRequest("alice", "黙っている会");
    expect(await mailOf("alice")).toHaveLength(before);
    const notices = await notificationsFor(site.handle.db, site.user.alice.id);
    expect(notices.at(-1)?.params).toMatchObject({ from: "黙っている会" });
  });

  it("sends what must be read at once, whatever was chosen", async () => {
    await choose("alice", { proposals: "off" });
    const before = (await mailOf("alice")).length;
    await notify(
      site.handle.db,
      [recipient("alice")],
      { message: "notice.resultReleased", mail: "resultFunded", params: { title: "見守り" }, link: "/proposals/x" },
      mailContext(EARLY),
    );
    expect(await mailOf("alice")).toHaveLength(before + 1);
  });

  it("keeps a digest's notices for one e-mail at 8:00 in Japan, once, and the later ones for the next day", async () => {
    await choose("bob", { partners: "digest" });
    const before = (await mailOf("bob")).length;
    await partnerRequest("bob", "朝の会");
    await partnerRequest("bob", "昼の会");
    // Nothing goes at once, nor before the hour.
    expect(await mailOf("bob")).toHaveLength(before);
    expect(await sendDigests(site.handle.db, mailContext(EARLY))).toBe(0);

    const [first, second] = await Promise.all([
      sendDigests(site.handle.db, mailContext(AT_EIGHT)),
      sendDigests(site.handle.db, mailContext(AT_EIGHT)),
    ]);
    expect(first + second).toBe(1);
    const digests = (await mailOf("bob")).filter((m) => m.template === "digest");
    expect(digests).toHaveLength(1);
    expect(digests[0].subject).toBe("【ねりま協働ラボ】今日のお知らせ（2件）");
    expect(digests[0].text).toContain("朝の会");
    expect(digests[0].text).toContain("昼の会");
    expect(digests[0].text).toContain("/requests/");

    // One arriving after the hour waits for the next morning.
    await partnerRequest("bob", "夕方の会", new Date(AT_EIGHT.getTime() + 3600_000));
    expect(await sendDigests(site.handle.db, mailContext(new Date(AT_EIGHT.getTime() + 2 * 3600_000)))).toBe(0);
    expect(await sendDigests(site.handle.db, mailContext(NEXT_MORNING))).toBe(1);
    const next = (await mailOf("bob")).filter((m) => m.template === "digest");
    expect(next).toHaveLength(2);
    expect(next[1].text).toContain("夕方の会");
    expect(next[1].text).not.toContain("朝の会");
  });
});
