import { sql } from "kysely";
import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPreferredLocale, signUp } from "~/models/accounts.server";
import { auditTrail } from "~/models/audit.server";
import {
  readUnsubscribeToken,
  setSubscriptions,
  subscriptionsOf,
  unsubscribeAll,
  unsubscribeToken,
} from "~/models/subscriptions.server";
import { publicThemes } from "~/models/theme-lists.server";
import {
  answerQuestion,
  askQuestion,
  myQuestions,
  publishedQuestions,
  questionsForStaff,
} from "~/models/theme-questions.server";
import { type CriterionInput, themePhase } from "~/models/theme-rules";
import { type ThemeInput, themeSchema } from "~/models/theme-schemas";
import { archiveTheme, courses, createTheme, getTheme, publishTheme, updateTheme } from "~/models/themes.server";
import { parseTokyoDateTime } from "../../app/utils/japan-time";
import type { User } from "../../db/schema";
import { createTestDatabase, dropTestDatabase } from "../support/database";
import { mailContext, notificationsFor, numberedMembers, verifiedUser } from "../support/fixtures";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let staff: User;

beforeAll(async () => {
  handle = await createTestDatabase();
  staff = await verifiedUser(handle.db, "theme-staff@example.jp", "staff", "協働 推進", "long enough password");
});
afterAll(() => dropTestDatabase(handle));

const SECRET = "theme-test-signing-secret";
const PUBLISHED_AT = new Date("2026-11-20T01:00:00.000Z");
const ctx = (now: Date = PUBLISHED_AT) => ({
  publicUrl: "http://lab.test",
  locale: "ja" as const,
  now,
  secret: SECRET,
});

/** What the staff form gives after valibot: the same parsing as the route. */
function themeInput(overrides: Record<string, unknown> = {}): ThemeInput {
  return v.parse(themeSchema, {
    courseId: "collabo",
    title: "子どもの居場所づくり",
    summary: "子ども食堂と学習支援を町会とNPOで。",
    background: "放課後に過ごす場所のない子どもが増えています。",
    expectations: "町会の会館を使った継続的な居場所を期待します。",
    department: "こども家庭部 子育て支援課",
    contact: "子育て支援課 電話 03-5984-1111",
    fields: ["welfare", "childcare"],
    grantCapPerYear: "300,000",
    grantCapTotal: "300,000",
    subsidyRatePercent: "100",
    durationYears: "1",
    awardsPlanned: "5",
    reservedSlots: "0",
    minOrganizations: "2",
    declaration: "政治活動・宗教活動を目的とする団体ではありません。",
    opensAt: "2026-12-01T00:00",
    closesAt: "2026-12-24T23:59:59",
    ...overrides,
  });
}

const CRITERIA: CriterionInput[] = [
  { name: "地域課題の理解", description: "課題を具体的に捉えているか", weight: 30, maxScore: 5 },
  { name: "協働の体制", description: "", weight: 70, maxScore: 10 },
];

async function newTheme(overrides: Record<string, unknown> = {}, criteria: CriterionInput[] = CRITERIA) {
  return createTheme(handle.db, {
    staffId: staff.id,
    values: themeInput(overrides),
    criteria,
    now: new Date("2026-11-10T00:00:00.000Z"),
  });
}

const member = numberedMembers(() => handle.db, "theme-member", "long enough password");

/** The announcement e-mails about one theme, by recipient. */
async function announcementMail(themeId: string) {
  return handle.db
    .selectFrom("mail_outbox")
    .selectAll()
    .where("template", "=", "theme-published")
    .where("text", "like", `%/themes/${themeId}%`)
    .orderBy("id")
    .execute();
}

const notificationsOf = (userId: string) => notificationsFor(handle.db, userId);

async function announcedTo(themeId: string) {
  const rows = await handle.db
    .selectFrom("theme_announcements")
    .select("user_id")
    .where("theme_id", "=", themeId)
    .execute();
  return rows.map((r) => r.user_id).sort();
}

describe("creating and reading themes", () => {
  it("lists the two courses the programme runs, in order", async () => {
    expect((await courses(handle.db)).map((c) => [c.id, c.short_name])).toEqual([
      ["future_creation", "未来創造"],
      ["collabo", "コラボ"],
    ]);
  });

  it("creates a draft with its criteria in order, readable with its course, and audits it", async () => {
    const id = await newTheme();
    const theme = await getTheme(handle.db, id);
    expect(theme).toMatchObject({
      id,
      status: "draft",
      version: 1,
      course_id: "collabo",
      course_name_ja: "コラボチャレンジ",
      course_short_name: "コラボ",
      title: "子どもの居場所づくり",
      fields: ["welfare", "childcare"],
      grant_cap_per_year: 300_000,
      grant_cap_total: 300_000,
      reserved_slots: 0,
      reserved_for_kind: null,
      created_by: staff.id,
      published_at: null,
    });
    expect(theme?.opens_at.toISOString()).toBe("2026-11-30T15:00:00.000Z");
    expect(theme?.closes_at.toISOString()).toBe("2026-12-24T14:59:59.000Z");
    expect(theme?.criteria.map((c) => [c.position, c.name, c.description, c.weight, c.max_score])).toEqual([
      [1, "地域課題の理解", "課題を具体的に捉えているか", 30, 5],
      [2, "協働の体制", "", 70, 10],
    ]);
    const trail = await auditTrail(handle.db, "theme", id);
    expect(trail.map((e) => [e.action, e.actor_id])).toEqual([["theme.created", staff.id]]);
  });

  it("keeps the kind a reserved slot is for only when there are reserved slots", async () => {
    const none = await getTheme(handle.db, await newTheme({ reservedForKind: "npo" }));
    expect(none?.reserved_for_kind).toBeNull();
    const some = await getTheme(
      handle.db,
      await newTheme({ reservedSlots: "2", reservedForKind: "neighborhood_association" }),
    );
    expect(some).toMatchObject({ reserved_slots: 2, reserved_for_kind: "neighborhood_association" });
  });

  it("returns null for a theme that does not exist", async () => {
    expect(await getTheme(handle.db, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});

describe("updateTheme", () => {
  it("saves on the version the editor started from, replaces the criteria and audits the changed fields", async () => {
    const id = await newTheme();
    const result = await updateTheme(
      handle.db,
      {
        themeId: id,
        staffId: staff.id,
        values: themeInput({
          title: "子どもの居場所づくり（改訂）",
          grantCapPerYear: "200,000",
          closesAt: "2026-12-25T17:00",
        }),
        criteria: [{ name: "継続性", description: "補助後も続くか", weight: 100, maxScore: 5 }],
        expectedVersion: 1,
        now: new Date("2026-11-11T00:00:00.000Z"),
      },
      mailContext(),
    );
    expect(result).toEqual({ ok: true });

    const theme = await getTheme(handle.db, id);
    expect(theme).toMatchObject({ version: 2, title: "子どもの居場所づくり（改訂）", grant_cap_per_year: 200_000 });
    expect(theme?.closes_at.toISOString()).toBe("2026-12-25T08:00:00.000Z");
    expect(theme?.updated_at.toISOString()).toBe("2026-11-11T00:00:00.000Z");
    expect(theme?.criteria.map((c) => [c.position, c.name, c.weight])).toEqual([[1, "継続性", 100]]);

    const trail = await auditTrail(handle.db, "theme", id);
    expect(trail.at(-1)).toMatchObject({
      action: "theme.updated",
      actor_id: staff.id,
      details: { changed: ["title", "grant_cap_per_year", "closes_at"], status: "draft" },
    });
  });

  it("refuses a save based on a stale version and changes nothing", async () => {
    const id = await newTheme();
    const save = (title: string, expectedVersion: number) =>
      updateTheme(
        handle.db,
        {
          themeId: id,
          staffId: staff.id,
          values: themeInput({ title }),
          criteria: [{ name: title, description: "", weight: 10, maxScore: 5 }],
          expectedVersion,
          now: new Date("2026-11-12T00:00:00.000Z"),
        },
        mailContext(),
      );
    expect(await save("最初の編集", 1)).toEqual({ ok: true });
    expect(await save("古い画面からの編集", 1)).toEqual({ ok: false, problem: "stale", currentVersion: 2 });

    const theme = await getTheme(handle.db, id);
    expect(theme).toMatchObject({ version: 2, title: "最初の編集" });
    expect(theme?.criteria.map((c) => c.name)).toEqual(["最初の編集"]);
    const updates = (await auditTrail(handle.db, "theme", id)).filter((e) => e.action === "theme.updated");
    expect(updates).toHaveLength(1);
  });

  it("audits no changed field when the same values are saved again", async () => {
    const id = await newTheme({ reservedSlots: "1", reservedForKind: "npo", requiredKinds: ["npo", "business"] });
    const result = await updateTheme(
      handle.db,
      {
        themeId: id,
        staffId: staff.id,
        values: themeInput({ reservedSlots: "1", reservedForKind: "npo", requiredKinds: ["npo", "business"] }),
        criteria: CRITERIA,
        expectedVersion: 1,
        now: new Date("2026-11-12T00:00:00.000Z"),
      },
      mailContext(),
    );
    expect(result).toEqual({ ok: true });
    const trail = await auditTrail(handle.db, "theme", id);
    expect(trail.at(-1)?.details).toEqual({ changed: [], status: "draft" });
  });

  it("answers not_found for a theme that does not exist", async () => {
    const result = await updateTheme(
      handle.db,
      {
        themeId: "00000000-0000-4000-8000-000000000000",
        staffId: staff.id,
        values: themeInput(),
        criteria: CRITERIA,
        expectedVersion: 1,
        now: new Date(),
      },
      mailContext(),
    );
    expect(result).toEqual({ ok: false, problem: "not_found" });
  });
});

describe("subscriptions", () => {
  it("replaces a person's fields and courses as a whole, and audits the change", async () => {
    const person = await member("購読 設定");
    expect(await subscriptionsOf(handle.db, person.id)).toEqual({ fields: [], courses: [] });

    await setSubscriptions(handle.db, { userId: person.id, fields: ["welfare", "environment"], courses: ["collabo"] });
    const first = await subscriptionsOf(handle.db, person.id);
    expect([...first.fields].sort()).toEqual(["environment", "welfare"]);
    expect(first.courses).toEqual(["collabo"]);

    await setSubscriptions(handle.db, { userId: person.id, fields: ["digital"], courses: [] });
    expect(await subscriptionsOf(handle.db, person.id)).toEqual({ fields: ["digital"], courses: [] });

    await setSubscriptions(handle.db, { userId: person.id, fields: [], courses: [] });
    expect(await subscriptionsOf(handle.db, person.id)).toEqual({ fields: [], courses: [] });

    const trail = await auditTrail(handle.db, "user", person.id);
    expect(trail.filter((e) => e.action === "user.subscriptions_changed").map((e) => e.details)).toEqual([
      { fields: ["welfare", "environment"], courses: ["collabo"] },
      { fields: ["digital"], courses: [] },
      { fields: [], courses: [] },
    ]);
  });

  it("unsubscribeAll removes every subscription of that person only, and says whether there was any", async () => {
    const person = await member("配信 停止");
    const neighbour = await member("隣 人");
    await setSubscriptions(handle.db, { userId: person.id, fields: ["welfare"], courses: ["collabo"] });
    await setSubscriptions(handle.db, { userId: neighbour.id, fields: ["welfare"], courses: [] });

    expect(await unsubscribeAll(handle.db, person.id)).toBe(true);
    expect(await subscriptionsOf(handle.db, person.id)).toEqual({ fields: [], courses: [] });
    expect(await subscriptionsOf(handle.db, neighbour.id)).toEqual({ fields: ["welfare"], courses: [] });
    expect(await unsubscribeAll(handle.db, person.id)).toBe(false);
  });

  it("signs unsubscribe tokens: the same secret reads them, a tampered token or another secret does not", async () => {
    const person = await member("署名 確認");
    const other = await member("別 人");
    const token = unsubscribeToken(person.id, SECRET);
    expect(readUnsubscribeToken(token, SECRET)).toBe(person.id);
    expect(readUnsubscribeToken(token, "another-secret")).toBeNull();
    // While the secret is being changed, a link from an e-mail signed with the earlier one still works.
    expect(readUnsubscribeToken(token, ["the-new-secret", SECRET])).toBe(person.id);
    expect(readUnsubscribeToken(token, ["the-new-secret"])).toBeNull();

    const [encoded, signature] = token.split(".");
    const flipped = `${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`;
    expect(readUnsubscribeToken(`${encoded}.${flipped}`, SECRET)).toBeNull();
    // Someone else's id with this person's signature.
    expect(readUnsubscribeToken(`${Buffer.from(other.id).toString("base64url")}.${signature}`, SECRET)).toBeNull();
    expect(readUnsubscribeToken(encoded, SECRET)).toBeNull();
    expect(readUnsubscribeToken("", SECRET)).toBeNull();
    expect(readUnsubscribeToken(`.${signature}`, SECRET)).toBeNull();
  });
});

describe("publishTheme", () => {
  let fieldOnly: User;
  let courseOnly: User;
  let both: User;
  let english: User;
  let unverifiedId: string;
  let otherInterests: User;
  let substring: User;
  let noSubscriptions: User;
  let themeId: string;

  beforeAll(async () => {
    fieldOnly = await member("分野 だけ");
    courseOnly = await member("コース だけ");
    both = await member("両方 一致");
    english = await member("Emma English");
    otherInterests = await member("別 分野");
    substring = await member("部分 一致");
    noSubscriptions = await member("購読 なし");
    await setPreferredLocale(handle.db, english.id, "en");
    // This describe owns the subscriptions: none left over from the tests above.
    await handle.db.deleteFrom("subscriptions").execute();
    const signed = await signUp(
      handle.db,
      { name: "未確認 会員", email: "theme-unverified@example.jp", password: "long enough password" },
      { publicUrl: "http://lab.test", locale: "ja", now: new Date() },
    );
    if (!signed.ok) throw new Error("sign-up failed");
    unverifiedId = signed.user.id;

    await setSubscriptions(handle.db, { userId: fieldOnly.id, fields: ["welfare", "environment"], courses: [] });
    await setSubscriptions(handle.db, { userId: courseOnly.id, fields: [], courses: ["collabo"] });
    await setSubscriptions(handle.db, {
      userId: both.id,
      fields: ["welfare", "childcare"],
      courses: ["collabo", "future_creation"],
    });
    await setSubscriptions(handle.db, { userId: english.id, fields: ["childcare"], courses: [] });
    await setSubscriptions(handle.db, { userId: unverifiedId, fields: ["welfare"], courses: ["collabo"] });
    await setSubscriptions(handle.db, {
      userId: otherInterests.id,
      fields: ["environment", "digital"],
      courses: ["future_creation"],
    });
    // Near misses: part of a value, a trailing space, a course id given as a field and a field as a course.
    await setSubscriptions(handle.db, {
      userId: substring.id,
      fields: ["care", "welfare ", "collabo"],
      courses: ["collab", "childcare", "welfare"],
    });

    themeId = await newTheme({ title: "子ども食堂の協働", fields: ["welfare", "childcare"], courseId: "collabo" });
  });

  it("publishes the draft and tells each matching verified subscriber once, by e-mail and in the app", async () => {
    const result = await publishTheme(handle.db, { themeId, staffId: staff.id }, ctx());
    expect(result).toEqual({ ok: true, announced: 4 });

    const theme = await getTheme(handle.db, themeId);
    expect(theme?.status).toBe("published");
    expect(theme?.published_at?.toISOString()).toBe(PUBLISHED_AT.toISOString());
    expect((await auditTrail(handle.db, "theme", themeId)).map((e) => e.action)).toEqual([
      "theme.created",
      "theme.published",
    ]);

    const told = [fieldOnly, courseOnly, both, english];
    expect(await announcedTo(themeId)).toEqual(told.map((u) => u.id).sort());

    const mail = await announcementMail(themeId);
    expect(mail.map((m) => m.to_address).sort()).toEqual(told.map((u) => u.email).sort());
    for (const person of told) {
      const notes = (await notificationsOf(person.id)).filter((n) => n.link === `/themes/${themeId}`);
      expect(notes, person.name).toHaveLength(1);
      expect(notes[0]).toMatchObject({ message_key: "notice.themePublished", params: { title: "子ども食堂の協働" } });
    }
  });

  it("writes the e-mail in each reader's language, with the link and the deadline in Japan time", async () => {
    const mail = await announcementMail(themeId);
    const ja = mail.find((m) => m.to_address === both.email);
    expect(ja?.subject).toBe("【ねりま協働ラボ】新しい募集テーマ：子ども食堂の協働");
    expect(ja?.text).toContain("両方 一致");
    expect(ja?.text).toContain(`http://lab.test/themes/${themeId}`);
    expect(ja?.text).toContain("2026年12月24日");
    expect(ja?.text).toContain("23:59");
    expect(ja?.status).toBe("pending");
    const en = mail.find((m) => m.to_address === english.email);
    expect(en?.subject).toBe("[Nerima Collaboration Lab] New theme: 子ども食堂の協働");
  });

  it("tells no unverified account, no one whose interests differ and no one with near-miss values", async () => {
    const outsiders = [otherInterests, substring, noSubscriptions];
    const mail = await announcementMail(themeId);
    for (const person of outsiders) {
      expect(
        mail.filter((m) => m.to_address === person.email),
        person.name,
      ).toEqual([]);
      expect(await notificationsOf(person.id), person.name).toEqual([]);
    }
    expect(mail.filter((m) => m.to_address === "theme-unverified@example.jp")).toEqual([]);
    expect(await notificationsOf(unverifiedId)).toEqual([]);
    expect(await announcedTo(themeId)).not.toContain(unverifiedId);
  });

  it("puts a working unsubscribe link in each e-mail, signed for its reader with the site's secret", async () => {
    const mail = (await announcementMail(themeId)).find((m) => m.to_address === fieldOnly.email);
    const token = mail?.text.match(/http:\/\/lab\.test\/unsubscribe\?token=([\w.-]+)/)?.[1];
    expect(token).toBeDefined();
    expect(mail?.html).toContain(`http://lab.test/unsubscribe?token=${token}`);

    expect(readUnsubscribeToken(token!, SECRET)).toBe(fieldOnly.id);
    expect(readUnsubscribeToken(token!, "some-other-secret")).toBeNull();
    const tampered = token!.slice(0, -1) + (token!.endsWith("x") ? "y" : "x");
    expect(readUnsubscribeToken(tampered, SECRET)).toBeNull();

    // Each reader's link is their own.
    const other = (await announcementMail(themeId)).find((m) => m.to_address === courseOnly.email);
    const otherToken = other?.text.match(/unsubscribe\?token=([\w.-]+)/)?.[1];
    expect(otherToken).not.toBe(token);
    expect(readUnsubscribeToken(otherToken!, SECRET)).toBe(courseOnly.id);

    // Following the link (what /unsubscribe does) stops further announcements.
    expect(await unsubscribeAll(handle.db, readUnsubscribeToken(token!, SECRET)!)).toBe(true);
    expect(await subscriptionsOf(handle.db, fieldOnly.id)).toEqual({ fields: [], courses: [] });
    const next = await newTheme({ title: "高齢者の見守り", fields: ["welfare"], courseId: "future_creation" });
    const announced = await publishTheme(handle.db, { themeId: next, staffId: staff.id }, ctx());
    // `both` (welfare and future_creation) and `otherInterests` (future_creation); no longer `fieldOnly`.
    expect(announced).toEqual({ ok: true, announced: 2 });
    expect(await announcedTo(next)).toEqual([both.id, otherInterests.id].sort());
    expect((await announcementMail(next)).map((m) => m.to_address).sort()).toEqual(
      [both.email, otherInterests.email].sort(),
    );
  });

  it("announces nothing more when the theme is published again, and says it is not a draft", async () => {
    const count = async () => ({
      mail: (await announcementMail(themeId)).length,
      announced: (await announcedTo(themeId)).length,
      notes: (
        await handle.db.selectFrom("notifications").select("id").where("link", "=", `/themes/${themeId}`).execute()
      ).length,
    });
    const before = await count();
    expect(before).toEqual({ mail: 4, announced: 4, notes: 4 });
    expect(await publishTheme(handle.db, { themeId, staffId: staff.id }, ctx())).toEqual({
      ok: false,
      problem: "not_draft",
    });
    expect(await count()).toEqual(before);
    const published = (await auditTrail(handle.db, "theme", themeId)).filter((e) => e.action === "theme.published");
    expect(published).toHaveLength(1);
  });

  it("announces once when two publishes of the same draft race", async () => {
    const id = await newTheme({ title: "同時公開のテーマ", fields: ["childcare"], courseId: "future_creation" });
    const results = await Promise.all([
      publishTheme(handle.db, { themeId: id, staffId: staff.id }, ctx()),
      publishTheme(handle.db, { themeId: id, staffId: staff.id }, ctx()),
    ]);
    // `both` (childcare and future_creation), `english` (childcare), `otherInterests` (future_creation).
    const told = [both, english, otherInterests];
    expect(results.filter((r) => r.ok)).toEqual([{ ok: true, announced: 3 }]);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, problem: "not_draft" }]);
    expect(await announcedTo(id)).toEqual(told.map((u) => u.id).sort());
    expect((await announcementMail(id)).map((m) => m.to_address).sort()).toEqual(told.map((u) => u.email).sort());
    for (const person of told) {
      expect((await notificationsOf(person.id)).filter((n) => n.link === `/themes/${id}`)).toHaveLength(1);
    }
  });

  it("publishes a theme only an unverified account follows without telling anyone, and refuses an archived or unknown theme", async () => {
    const quiet = await newTheme({ title: "静かなテーマ", fields: ["welfare"], courseId: "collabo" });
    await handle.db.deleteFrom("subscriptions").where("user_id", "!=", unverifiedId).execute();
    expect(await subscriptionsOf(handle.db, unverifiedId)).toEqual({ fields: ["welfare"], courses: ["collabo"] });
    expect(await publishTheme(handle.db, { themeId: quiet, staffId: staff.id }, ctx())).toEqual({
      ok: true,
      announced: 0,
    });
    expect(await announcedTo(quiet)).toEqual([]);
    expect((await getTheme(handle.db, quiet))?.status).toBe("published");

    const archived = await newTheme({ title: "取り下げたテーマ" });
    expect(await archiveTheme(handle.db, { themeId: archived, staffId: staff.id, now: PUBLISHED_AT })).toBe(true);
    expect(await publishTheme(handle.db, { themeId: archived, staffId: staff.id }, ctx())).toEqual({
      ok: false,
      problem: "not_draft",
    });
    expect(await announcedTo(archived)).toEqual([]);
    expect(
      await publishTheme(handle.db, { themeId: "00000000-0000-4000-8000-000000000000", staffId: staff.id }, ctx()),
    ).toEqual({ ok: false, problem: "not_draft" });
  });
});

describe("publicThemes", () => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const publish = async (id: string) => {
      const result = await publishTheme(handle.db, { themeId: id, staffId: staff.id }, ctx());
      if (!result.ok) throw new Error("publish failed");
    };
    ids.draft = await newTheme({ title: "公開前の下書き", fields: ["digital"], courseId: "collabo" });
    ids.collaboWelfare = await newTheme({
      title: "一覧：コラボ福祉",
      fields: ["welfare", "elderly_support"],
      courseId: "collabo",
      closesAt: "2027-01-10T17:00",
    });
    await publish(ids.collaboWelfare);
    ids.futureDigital = await newTheme({
      title: "一覧：未来デジタル",
      fields: ["digital"],
      courseId: "future_creation",
      closesAt: "2027-02-10T17:00",
    });
    await publish(ids.futureDigital);
    ids.released = await newTheme({
      title: "一覧：結果発表済み",
      fields: ["digital", "welfare"],
      courseId: "collabo",
      closesAt: "2026-12-10T17:00",
    });
    await publish(ids.released);
    await handle.db.updateTable("themes").set({ status: "results_released" }).where("id", "=", ids.released).execute();
    ids.archived = await newTheme({ title: "一覧：終了", fields: ["digital"], courseId: "future_creation" });
    await publish(ids.archived);
    await archiveTheme(handle.db, { themeId: ids.archived, staffId: staff.id, now: PUBLISHED_AT });
  });

  const listed = async (filters: { course?: string; field?: string }) => {
    const mine = new Set(Object.values(ids));
    return (await publicThemes(handle.db, filters)).filter((t) => mine.has(t.id)).map((t) => t.id);
  };

  it("lists published and results-released themes, latest deadline first, never drafts or archived ones", async () => {
    expect(await listed({})).toEqual([ids.futureDigital, ids.collaboWelfare, ids.released]);
    const all = await publicThemes(handle.db, {});
    expect(all.every((t) => t.status === "published" || t.status === "results_released")).toBe(true);
    expect(all.find((t) => t.id === ids.collaboWelfare)).toMatchObject({
      title: "一覧：コラボ福祉",
      course_short_name: "コラボ",
      grant_cap_per_year: 300_000,
    });
  });

  it("filters by course and by field, and by both", async () => {
    expect(await listed({ course: "collabo" })).toEqual([ids.collaboWelfare, ids.released]);
    expect(await listed({ course: "future_creation" })).toEqual([ids.futureDigital]);
    expect(await listed({ field: "digital" })).toEqual([ids.futureDigital, ids.released]);
    expect(await listed({ field: "elderly_support" })).toEqual([ids.collaboWelfare]);
    expect(await listed({ course: "collabo", field: "digital" })).toEqual([ids.released]);
    expect(await listed({ course: "future_creation", field: "welfare" })).toEqual([]);
    expect(await listed({ field: "health" })).toEqual([]);
  });
});

describe("questions and answers", () => {
  let themeId: string;
  let otherThemeId: string;
  let asker: User;
  let someoneElse: User;

  beforeAll(async () => {
    themeId = await newTheme({ title: "質問を受けるテーマ" });
    otherThemeId = await newTheme({ title: "別のテーマ" });
    asker = await member("質問 する人");
    someoneElse = await member("ほかの 人");
  });

  it("keeps a question private until staff answer it, then publishes it and tells the asker", async () => {
    const questionId = await askQuestion(
      handle.db,
      {
        themeId,
        userId: asker.id,
        question: "区外の団体も参加できますか？",
        now: new Date("2026-12-02T00:00:00.000Z"),
      },
      mailContext(),
    );
    expect(await publishedQuestions(handle.db, themeId)).toEqual([]);
    expect((await questionsForStaff(handle.db, themeId)).map((q) => [q.id, q.answer])).toEqual([[questionId, null]]);
    expect((await myQuestions(handle.db, themeId, asker.id)).map((q) => q.id)).toEqual([questionId]);
    expect(await myQuestions(handle.db, themeId, someoneElse.id)).toEqual([]);
    expect(await notificationsOf(asker.id)).toEqual([]);
    // Staff are told at once, by e-mail and in the app, with the question itself.
    expect((await notificationsOf(staff.id)).map((n) => [n.message_key, n.link])).toContainEqual([
      "notice.questionAsked",
      `/staff/themes/${themeId}/questions`,
    ]);
    const toStaff = await handle.db
      .selectFrom("mail_outbox")
      .select(["subject", "text"])
      .where("to_address", "=", staff.email)
      .where("subject", "=", "【ねりま協働ラボ】テーマへの質問（質問を受けるテーマ）")
      .execute();
    expect(toStaff).toHaveLength(1);
    expect(toStaff[0].text).toContain("区外の団体も参加できますか？");

    const answeredAt = new Date("2026-12-03T00:00:00.000Z");
    const answered = await answerQuestion(handle.db, {
      questionId,
      themeId,
      staffId: staff.id,
      answer: "区内で活動していれば参加できます。",
      now: answeredAt,
    });
    expect(answered).toBe(true);

    const published = await publishedQuestions(handle.db, themeId);
    expect(published.map((q) => [q.id, q.question, q.answer, q.published_at?.toISOString()])).toEqual([
      [questionId, "区外の団体も参加できますか？", "区内で活動していれば参加できます。", answeredAt.toISOString()],
    ]);
    const notes = await notificationsOf(asker.id);
    expect(notes.map((n) => [n.message_key, n.link])).toEqual([["notice.questionAnswered", `/themes/${themeId}#qa`]]);
    expect(await notificationsOf(someoneElse.id)).toEqual([]);
    const trail = await auditTrail(handle.db, "theme", themeId);
    expect(trail.at(-1)).toMatchObject({ action: "theme.question_answered", actor_id: staff.id });
  });

  it("refuses an answer that names a question of another theme", async () => {
    const questionId = await askQuestion(
      handle.db,
      {
        themeId,
        userId: someoneElse.id,
        question: "補助金はいつ支払われますか？",
        now: new Date("2026-12-04T00:00:00.000Z"),
      },
      mailContext(),
    );
    const answered = await answerQuestion(handle.db, {
      questionId,
      themeId: otherThemeId,
      staffId: staff.id,
      answer: "別のテーマの画面からの回答",
      now: new Date("2026-12-05T00:00:00.000Z"),
    });
    expect(answered).toBe(false);
    expect((await publishedQuestions(handle.db, themeId)).map((q) => q.id)).not.toContain(questionId);
    expect(await publishedQuestions(handle.db, otherThemeId)).toEqual([]);
    const stored = (await questionsForStaff(handle.db, themeId)).find((q) => q.id === questionId);
    expect(stored).toMatchObject({ answer: null, published_at: null });
    expect(await notificationsOf(someoneElse.id)).toEqual([]);
    expect(
      (await auditTrail(handle.db, "theme", otherThemeId)).filter((e) => e.action === "theme.question_answered"),
    ).toEqual([]);
  });

  it("refuses an answer to a question that does not exist", async () => {
    const answered = await answerQuestion(handle.db, {
      questionId: "00000000-0000-4000-8000-000000000000",
      themeId,
      staffId: staff.id,
      answer: "回答",
      now: new Date(),
    });
    expect(answered).toBe(false);
  });
});

describe("the window stored in the database", () => {
  const justBeforeMidnight = new Date("2026-12-24T14:59:59.500Z"); // 24 Dec 23:59:59.5 in Japan
  const midnight = new Date("2026-12-24T15:00:00.000Z"); // 25 Dec 00:00:00 in Japan

  it("keeps a theme closing at 23:59:59 Japan time open through that second and closed at 00:00:00", async () => {
    const closesAt = parseTokyoDateTime("2026-12-24T23:59:59");
    expect(closesAt).not.toBeNull();
    const direct = await createTheme(handle.db, {
      staffId: staff.id,
      values: { ...themeInput({ title: "締切境界（直接）" }), closesAt: closesAt! },
      criteria: CRITERIA,
      now: new Date("2026-11-10T00:00:00.000Z"),
    });
    const viaForm = await newTheme({ title: "締切境界（フォーム）", closesAt: "2026-12-24T23:59:59" });
    for (const id of [direct, viaForm]) {
      await publishTheme(handle.db, { themeId: id, staffId: staff.id }, ctx());
      const theme = await getTheme(handle.db, id);
      if (!theme) throw new Error("theme not found");
      expect(theme.closes_at.toISOString()).toBe("2026-12-24T14:59:59.000Z");
      expect(themePhase(theme, justBeforeMidnight)).toBe("open");
      expect(themePhase(theme, midnight)).toBe("closed");
      expect(themePhase(theme, new Date("2026-11-30T14:59:59.999Z"))).toBe("upcoming");
      expect(themePhase(theme, new Date("2026-11-30T15:00:00.000Z"))).toBe("open");
      // What the database itself holds, read in Japan time by the database.
      const stored = await sql<{ local: string }>`
        select to_char(closes_at at time zone 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI:SS') as local from themes where id = ${id}
      `.execute(handle.db);
      expect(stored.rows[0].local).toBe("2026-12-24 23:59:59");
    }
  });
});
