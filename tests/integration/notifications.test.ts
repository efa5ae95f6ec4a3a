import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVerifiedUser } from "~/models/accounts.server";
import { listNotifications, markRead, notify, unreadCount } from "~/models/notifications.server";
import type { User } from "../../db/schema";
import { createTestDatabase, dropTestDatabase } from "../support/database";
import { mailContext as ctx, mailSentTo } from "../support/fixtures";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let hanako: User;
let taro: User;
let jiro: User;

beforeAll(async () => {
  handle = await createTestDatabase();
  const make = (email: string, name: string) =>
    createVerifiedUser(handle.db, { email, name, password: "long enough password", role: "member" });
  hanako = await make("hanako@example.jp", "練馬 花子");
  taro = await make("taro@example.jp", "大泉 太郎");
  jiro = await make("jiro@example.jp", "石神井 次郎");
});
afterAll(() => dropTestDatabase(handle));

const recipient = (user: User) => ({ id: user.id, email: user.email, name: user.name, locale: user.locale });

/** One notice per call, like the events that cause them. */
function tell(users: User[], org: string, now = new Date("2026-12-01T00:00:00Z")) {
  return notify(
    handle.db,
    users.map(recipient),
    { message: "notice.orgVerified", mail: "orgVerified", params: { org }, link: `/organizations/${org}` },
    ctx(now),
  );
}

const mailTo = (address: string) => mailSentTo(handle.db, address);

async function readAt(id: number) {
  const row = await handle.db
    .selectFrom("notifications")
    .select("read_at")
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return row.read_at;
}

describe("notify", () => {
  it("writes one in-app notice and queues one e-mail per recipient", async () => {
    await tell([hanako, taro], "貫井防災会");

    for (const user of [hanako, taro]) {
      const { rows, total } = await listNotifications(handle.db, user.id, 1, 20);
      expect(total).toBe(1);
      expect(rows[0]).toMatchObject({
        message_key: "notice.orgVerified",
        params: { org: "貫井防災会" },
        link: "/organizations/貫井防災会",
        read_at: null,
      });
      const mail = await mailTo(user.email);
      expect(mail).toHaveLength(1);
      expect(mail[0]).toMatchObject({
        template: "notice",
        status: "pending",
        subject: "【ねりま協働ラボ】「貫井防災会」が認証されました",
      });
      expect(mail[0].text).toContain(`${user.name} 様`);
      expect(mail[0].text).toContain("http://lab.test/organizations/貫井防災会");
    }
    expect(await unreadCount(handle.db, jiro.id)).toBe(0);
    expect(await mailTo(jiro.email)).toEqual([]);
  });

  it("does nothing without recipients", async () => {
    const mail = await handle.db.selectFrom("mail_outbox").select("id").execute();
    const notices = await handle.db.selectFrom("notifications").select("id").execute();
    await tell([], "誰もいない会");
    expect(await handle.db.selectFrom("mail_outbox").select("id").execute()).toHaveLength(mail.length);
    expect(await handle.db.selectFrom("notifications").select("id").execute()).toHaveLength(notices.length);
  });

  it("tells no one when the transaction of the event rolls back", async () => {
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await notify(
          trx,
          [recipient(jiro)],
          { message: "notice.orgReturned", mail: "orgReturned", params: { org: "取り消し会", note: "" }, link: "/x" },
          ctx(new Date("2026-12-01T00:00:00Z")),
        );
        throw new Error("the event failed");
      }),
    ).rejects.toThrow("the event failed");
    expect(await unreadCount(handle.db, jiro.id)).toBe(0);
    expect(await mailTo(jiro.email)).toEqual([]);
  });

  it("e-mails each recipient in their own language, not in the language of the person who acted", async () => {
    const make = (email: string, name: string) =>
      createVerifiedUser(handle.db, { email, name, password: "long enough password", role: "member" });
    const english = { ...recipient(await make("emma@example.jp", "Emma")), locale: "en" as const };
    const japanese = { ...recipient(await make("hana@example.jp", "花")), locale: "ja" as const };
    await notify(
      handle.db,
      [english, japanese],
      { message: "notice.orgVerified", mail: "orgVerified", params: { org: "言語の会" }, link: "/x" },
      ctx(new Date("2026-12-01T00:00:00Z")),
    );
    expect((await mailTo(english.email))[0].subject).toBe("[Nerima Collaboration Lab] 言語の会 is verified");
    expect((await mailTo(japanese.email))[0].subject).toBe("【ねりま協働ラボ】「言語の会」が認証されました");
  });
});

describe("reading notifications", () => {
  it("counts the unread ones of each person", async () => {
    // hanako: 1 from above, plus 4 more.
    for (const org of ["一の会", "二の会", "三の会", "四の会"]) await tell([hanako], org);
    expect(await unreadCount(handle.db, hanako.id)).toBe(5);
    expect(await unreadCount(handle.db, taro.id)).toBe(1);
    expect(await unreadCount(handle.db, jiro.id)).toBe(0);
  });

  it("lists one person's notices, newest first, a page at a time", async () => {
    const first = await listNotifications(handle.db, hanako.id, 1, 2);
    expect(first.total).toBe(5);
    expect(first.rows.map((r) => r.params.org)).toEqual(["四の会", "三の会"]);
    const last = await listNotifications(handle.db, hanako.id, 3, 2);
    expect(last).toMatchObject({ total: 5 });
    expect(last.rows.map((r) => r.params.org)).toEqual(["貫井防災会"]);
    expect((await listNotifications(handle.db, hanako.id, 4, 2)).rows).toEqual([]);

    const taros = await listNotifications(handle.db, taro.id, 1, 20);
    expect(taros.total).toBe(1);
    expect(taros.rows.map((r) => r.params.org)).toEqual(["貫井防災会"]);
  });

  it("marks one notice read, only the caller's own", async () => {
    const [hanakosNewest] = (await listNotifications(handle.db, hanako.id, 1, 1)).rows;
    const now = new Date("2026-12-02T09:00:00Z");

    // taro cannot mark hanako's notice.
    await markRead(handle.db, taro.id, hanakosNewest.id, now);
    expect(await readAt(hanakosNewest.id)).toBeNull();
    expect(await unreadCount(handle.db, hanako.id)).toBe(5);

    await markRead(handle.db, hanako.id, hanakosNewest.id, now);
    expect((await readAt(hanakosNewest.id))?.getTime()).toBe(now.getTime());
    expect(await unreadCount(handle.db, hanako.id)).toBe(4);
    // Read notices stay in the list.
    expect((await listNotifications(handle.db, hanako.id, 1, 20)).total).toBe(5);

    // Marking it again keeps the first reading time.
    await markRead(handle.db, hanako.id, hanakosNewest.id, new Date("2026-12-03T09:00:00Z"));
    expect((await readAt(hanakosNewest.id))?.getTime()).toBe(now.getTime());
  });

  it("marks all of the caller's notices read, and nobody else's", async () => {
    const now = new Date("2026-12-04T09:00:00Z");
    await markRead(handle.db, hanako.id, null, now);
    expect(await unreadCount(handle.db, hanako.id)).toBe(0);
    expect(await unreadCount(handle.db, taro.id)).toBe(1);

    const rows = (await listNotifications(handle.db, hanako.id, 1, 20)).rows;
    // The one read earlier keeps its time; the others were read now.
    expect(rows.map((r) => r.read_at?.toISOString())).toEqual([
      "2026-12-02T09:00:00.000Z",
      now.toISOString(),
      now.toISOString(),
      now.toISOString(),
      now.toISOString(),
    ]);

    const [taros] = (await listNotifications(handle.db, taro.id, 1, 1)).rows;
    expect(taros.read_at).toBeNull();
  });
});

describe("dates in a notice", () => {
  it("are stored as ISO and written in the reader's language in the e-mail", async () => {
    await handle.db.updateTable("users").set({ locale: "en" }).where("id", "=", jiro.id).execute();
    const english = { ...recipient(jiro), locale: "en" as const };
    await notify(
      handle.db,
      [recipient(hanako), english],
      {
        message: "notice.milestoneDue",
        mail: "milestoneDue",
        params: { project: "見守りの輪", milestone: "見守り訪問の開始", due: "2026-11-20" },
        link: "/projects/x/manage",
      },
      ctx(new Date("2026-11-13T00:00:00Z")),
    );
    const [japanese] = (await mailTo(hanako.email)).slice(-1);
    expect(japanese.text).toContain("2026年11月20日");
    expect(japanese.text).not.toContain("2026-11-20");
    const [inEnglish] = (await mailTo(jiro.email)).slice(-1);
    expect(inEnglish.text).toContain("2026");
    expect(inEnglish.text).not.toContain("2026-11-20");
    expect(inEnglish.text).not.toContain("2026年");
    // The in-app notice keeps the ISO day: the list writes it for whoever reads it.
    const [stored] = (await listNotifications(handle.db, hanako.id, 1, 1)).rows;
    expect(stored.params).toMatchObject({ due: "2026-11-20" });
  });
});
