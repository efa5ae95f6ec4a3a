import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVerifiedUser, signUp } from "~/models/accounts.server";
import { auditTrail } from "~/models/audit.server";
import {
  acceptInvitation,
  findInvitationByToken,
  INVITATION_DAYS,
  inviteMember,
  pendingInvitationsFor,
  pendingInvitationsOf,
} from "~/models/organization-invitations.server";
import { removeMember, transferRepresentative } from "~/models/organization-members.server";
import { type OrganizationInput, organizationSchema } from "~/models/organization-schemas";
import { decideVerification, verificationQueue } from "~/models/organization-verification.server";
import {
  createOrganization,
  getOrganization,
  membershipOf,
  membersOf,
  organizationsOfUser,
  searchOrganizations,
  updateOrganization,
} from "~/models/organizations.server";
import type { User } from "../../db/schema";
import { createTestDatabase, dropTestDatabase } from "../support/database";
import { mailContext as ctx, mailSentTo, notificationsFor, numberedMembers } from "../support/fixtures";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => dropTestDatabase(handle));

const DAY = 24 * 3600_000;
const later = (base: Date, ms: number) => new Date(base.getTime() + ms);

/** What the registration form gives after valibot: the same parsing as the route. */
function orgInput(overrides: Record<string, unknown> = {}): OrganizationInput {
  return v.parse(organizationSchema, {
    name: "ねりま協働テスト会",
    nameKana: "ネリマキョウドウテストカイ",
    kind: "npo",
    areas: ["nerima"],
    fields: ["welfare"],
    description: "区内で活動しています。",
    contactEmail: "info@example.jp",
    ...overrides,
  });
}

const verifiedUser = numberedMembers(() => handle.db, "org-user", "long enough password");

const asInvitee = (user: User) => ({ id: user.id, email: user.email, emailVerified: user.email_verified_at !== null });

const mailTo = (address: string) => mailSentTo(handle.db, address);

const notificationsOf = (userId: string) => notificationsFor(handle.db, userId);

/** The token in the newest invitation e-mailed to `address`. */
async function invitationToken(address: string): Promise<string> {
  const mail = await mailTo(address);
  const match = mail.at(-1)?.text.match(/http:\/\/lab\.test\/invitations\/([\w-]+)/);
  if (!match) throw new Error(`no invitation link in mail to ${address}`);
  return match[1];
}

async function invitationFor(organizationId: string, email: string, inviter: User, now: Date) {
  const result = await inviteMember(
    handle.db,
    { organizationId, email, inviter: { id: inviter.id, name: inviter.name } },
    ctx(now),
  );
  expect(result).toEqual({ ok: true });
  const invitation = await findInvitationByToken(handle.db, await invitationToken(email.toLowerCase()));
  if (!invitation) throw new Error("invitation not found by its token");
  return invitation;
}

// Runs first, on a directory that holds exactly these six organisations.
describe("directory search", () => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const owner = await verifiedUser("名簿 登録者");
    const orgs: Record<string, Record<string, unknown>> = {
      shakujii: {
        name: "石神井台三丁目町会",
        nameKana: "シャクジイダイサンチョウメチョウカイ",
        kind: "neighborhood_association",
        areas: ["shakujii"],
        fields: ["disaster_safety", "community_development"],
        description: "防災訓練と夏祭りを行っています。",
      },
      ouendan: {
        name: "NPO法人 ねりま子ども応援団",
        nameKana: "ネリマコドモオウエンダン",
        kind: "npo",
        areas: ["nerima", "sakuradai"],
        fields: ["childcare", "education"],
        description: "毎週土曜日に子ども食堂を開いています。学習支援も行います。",
      },
      oizumi: {
        name: "大泉こども食堂ネットワーク",
        nameKana: "オオイズミコドモショクドウネットワーク",
        kind: "volunteer_group",
        areas: ["oizumi"],
        fields: ["childcare", "welfare"],
        description: "地域のボランティアで運営しています。",
      },
      green: {
        name: "光が丘グリーンクラブ",
        nameKana: "ヒカリガオカグリーンクラブ",
        kind: "volunteer_group",
        areas: ["hikarigaoka"],
        fields: ["environment"],
        description: "公園の花壇づくりをしています。",
      },
      digital: {
        name: "株式会社ねりまデジタル",
        nameKana: "カブシキガイシャネリマデジタル",
        kind: "business",
        areas: ["whole_ward"],
        fields: ["digital"],
        description: "高齢者向けスマホ教室。受講料は50%引きです。",
      },
      sakuradai: {
        name: "桜台子育てサークル",
        nameKana: "サクラダイコソダテサークル",
        kind: "volunteer_group",
        areas: ["sakuradai"],
        fields: ["childcare"],
        // Holds every bigram of 子ども食堂 (子ど, ども, も食, 食堂) but not the word itself.
        description: "子どもと一緒にお菓子も食べる会です。会場は区民館の食堂です。",
      },
    };
    let minute = 0;
    for (const [key, values] of Object.entries(orgs)) {
      minute += 1;
      const org = await createOrganization(
        handle.db,
        owner.id,
        orgInput(values),
        new Date(`2026-11-01T09:${String(minute).padStart(2, "0")}:00Z`),
      );
      ids[key] = org.id;
    }
  });

  const search = async (filters: Parameters<typeof searchOrganizations>[1], page = 1, pageSize = 20) => {
    const result = await searchOrganizations(handle.db, filters, page, pageSize);
    return { found: result.rows.map((r) => r.id), total: result.total };
  };

  it("lists every organisation in フリガナ order when nothing is asked", async () => {
    const result = await search({});
    expect(result.found).toEqual([
      ids.oizumi, // オオイズミ…
      ids.digital, // カブシキ…
      ids.sakuradai, // サクラダイ…
      ids.shakujii, // シャクジイ…
      ids.ouendan, // ネリマ…
      ids.green, // ヒカリガオカ…
    ]);
    expect(result.total).toBe(6);
  });

  it("pages through the list and counts all matches on every page", async () => {
    expect(await search({}, 1, 4)).toEqual({
      found: [ids.oizumi, ids.digital, ids.sakuradai, ids.shakujii],
      total: 6,
    });
    expect(await search({}, 2, 4)).toEqual({ found: [ids.ouendan, ids.green], total: 6 });
    expect(await search({}, 3, 4)).toEqual({ found: [], total: 6 });
    expect(await search({ kind: "volunteer_group" }, 2, 2)).toEqual({ found: [ids.green], total: 3 });
  });

  it("filters by kind, by area and by field, alone or together", async () => {
    expect(await search({ kind: "volunteer_group" })).toEqual({
      found: [ids.oizumi, ids.sakuradai, ids.green],
      total: 3,
    });
    expect(await search({ area: "sakuradai" })).toEqual({ found: [ids.sakuradai, ids.ouendan], total: 2 });
    expect(await search({ field: "childcare" })).toEqual({
      found: [ids.oizumi, ids.sakuradai, ids.ouendan],
      total: 3,
    });
    expect(await search({ kind: "npo", area: "sakuradai", field: "education" })).toEqual({
      found: [ids.ouendan],
      total: 1,
    });
    expect(await search({ kind: "business", field: "childcare" })).toEqual({ found: [], total: 0 });
    expect(await search({ area: "tagara" })).toEqual({ found: [], total: 0 });
  });

  it("finds 子ども食堂 inside a sentence, and not where its bigrams are only scattered", async () => {
    expect(await search({ q: "子ども食堂" })).toEqual({ found: [ids.ouendan], total: 1 });
    expect(await search({ q: "食堂" })).toEqual({ found: [ids.oizumi, ids.sakuradai, ids.ouendan], total: 3 });
    expect(await search({ q: "花壇" })).toEqual({ found: [ids.green], total: 1 });
    expect(await search({ q: "図書館" })).toEqual({ found: [], total: 0 });
  });

  it("folds katakana, hiragana, half-width and full-width forms together", async () => {
    // The フリガナ オオイズミコドモショクドウ… is found in hiragana, katakana and half-width katakana.
    expect(await search({ q: "こどもしょくどう" })).toEqual({ found: [ids.oizumi], total: 1 });
    expect(await search({ q: "コドモショクドウ" })).toEqual({ found: [ids.oizumi], total: 1 });
    expect(await search({ q: "ｺﾄﾞﾓｼｮｸﾄﾞｳ" })).toEqual({ found: [ids.oizumi], total: 1 });
    // ねりま is in two names (hiragana) and in two readings (katakana).
    expect(await search({ q: "ネリマ" })).toEqual({ found: [ids.digital, ids.ouendan], total: 2 });
    expect(await search({ q: "ｎｐｏ" })).toEqual({ found: [ids.ouendan], total: 1 });
  });

  it("requires every word of a query, each anywhere in the text", async () => {
    expect(await search({ q: "子ども　学習" })).toEqual({ found: [ids.ouendan], total: 1 });
    expect(await search({ q: "子ども 防災" })).toEqual({ found: [], total: 0 });
    expect(await search({ q: "町 防災" })).toEqual({ found: [ids.shakujii], total: 1 });
  });

  it("treats % and _ in a query as plain characters", async () => {
    expect(await search({ q: "%" })).toEqual({ found: [ids.digital], total: 1 });
    expect(await search({ q: "５０％" })).toEqual({ found: [ids.digital], total: 1 });
    expect(await search({ q: "_" })).toEqual({ found: [], total: 0 });
  });

  it("combines free text with the filters, and a blank query filters nothing", async () => {
    expect(await search({ q: "子ども", kind: "volunteer_group" })).toEqual({ found: [ids.sakuradai], total: 1 });
    expect(await search({ q: "子ども", area: "nerima" })).toEqual({ found: [ids.ouendan], total: 1 });
    expect((await search({ q: " \u3000 " })).total).toBe(6);
  });
});

describe("registering and editing an organisation", () => {
  let rep: User;
  let organizationId: string;

  beforeAll(async () => {
    rep = await verifiedUser("代表 一郎");
  });

  it("makes the creator its representative, stores a normalised contact and awaits verification", async () => {
    const now = new Date("2026-12-01T01:00:00Z");
    const org = await createOrganization(
      handle.db,
      rep.id,
      orgInput({
        name: "関町みどりの会",
        nameKana: "セキマチミドリノカイ",
        areas: ["sekimachi"],
        contactEmail: " Midori@Example.JP ",
      }),
      now,
    );
    organizationId = org.id;
    expect(org.name).toBe("関町みどりの会");

    const row = (await getOrganization(handle.db, org.id))!;
    expect(row).toMatchObject({
      contact_email: "midori@example.jp",
      verification_status: "unverified",
      version: 1,
      created_by: rep.id,
      contact_phone: null,
      website: null,
    });
    expect(row.created_at.getTime()).toBe(now.getTime());
    expect(await membershipOf(handle.db, org.id, rep.id)).toBe("representative");
    expect(await organizationsOfUser(handle.db, rep.id)).toEqual([
      {
        id: org.id,
        name: "関町みどりの会",
        kind: "npo",
        verification_status: "unverified",
        role: "representative",
      },
    ]);
    expect((await auditTrail(handle.db, "organization", org.id)).map((e) => e.action)).toEqual([
      "organization.created",
    ]);
  });

  it("saves an edit made on the current version and refuses one made on a stale copy", async () => {
    // Two representatives opened the edit page at version 1; the first one saves.
    const first = await updateOrganization(handle.db, {
      organizationId,
      actorId: rep.id,
      values: orgInput({ name: "関町みどりの会（改）", nameKana: "セキマチミドリノカイ", description: "緑道の清掃。" }),
      expectedVersion: 1,
      now: new Date("2026-12-02T01:00:00Z"),
    });
    expect(first).toEqual({ ok: true });

    const second = await updateOrganization(handle.db, {
      organizationId,
      actorId: rep.id,
      values: orgInput({ name: "上書きしてはいけない名前", nameKana: "ウワガキ" }),
      expectedVersion: 1,
      now: new Date("2026-12-02T01:05:00Z"),
    });
    expect(second).toMatchObject({ ok: false, problem: "stale" });

    const row = (await getOrganization(handle.db, organizationId))!;
    expect(row.name).toBe("関町みどりの会（改）");
    expect(row.version).toBe(2);
    expect(row.updated_at.getTime()).toBe(new Date("2026-12-02T01:00:00Z").getTime());
    expect((await auditTrail(handle.db, "organization", organizationId)).map((e) => e.action)).toEqual([
      "organization.created",
      "organization.updated",
    ]);

    // Reloaded at version 2, the edit goes through.
    expect(
      await updateOrganization(handle.db, {
        organizationId,
        actorId: rep.id,
        values: orgInput({ name: "関町みどりの会", nameKana: "セキマチミドリノカイ", description: "緑道の清掃。" }),
        expectedVersion: 2,
        now: new Date("2026-12-02T02:00:00Z"),
      }),
    ).toEqual({ ok: true });
    expect((await getOrganization(handle.db, organizationId))!.version).toBe(3);
  });

  it("lets exactly one of two simultaneous edits of the same version win", async () => {
    const edit = (name: string) =>
      updateOrganization(handle.db, {
        organizationId,
        actorId: rep.id,
        values: orgInput({ name, nameKana: "セキマチミドリノカイ", description: "緑道の清掃。" }),
        expectedVersion: 3,
        now: new Date("2026-12-03T01:00:00Z"),
      });
    const results = await Promise.all([edit("同時編集A"), edit("同時編集B")]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, problem: "stale" });
    expect((await getOrganization(handle.db, organizationId))!.version).toBe(4);
  });

  it("reindexes the text on every edit, so the directory finds the new words and not the old", async () => {
    await updateOrganization(handle.db, {
      organizationId,
      actorId: rep.id,
      values: orgInput({
        name: "関町みどりの会",
        nameKana: "セキマチミドリノカイ",
        description: "生け垣の手入れ講習。",
      }),
      expectedVersion: 4,
      now: new Date("2026-12-04T01:00:00Z"),
    });
    expect((await searchOrganizations(handle.db, { q: "生け垣" }, 1, 20)).rows.map((r) => r.id)).toEqual([
      organizationId,
    ]);
    expect((await searchOrganizations(handle.db, { q: "緑道" }, 1, 20)).total).toBe(0);
  });
});

describe("invitations", () => {
  let rep: User;
  let organizationId: string;
  const t0 = new Date("2026-12-05T03:00:00Z");

  beforeAll(async () => {
    rep = await verifiedUser("代表 花子");
    organizationId = (
      await createOrganization(
        handle.db,
        rep.id,
        orgInput({ name: "貫井地区防災会", nameKana: "ヌクイチクボウサイカイ", kind: "neighborhood_association" }),
        t0,
      )
    ).id;
  });

  it("e-mails a one-week link, notifies an existing account and lists the invitation as pending", async () => {
    const jiro = await verifiedUser("会員 次郎");
    const invitation = await invitationFor(organizationId, jiro.email.toUpperCase(), rep, t0);
    expect(invitation).toMatchObject({
      email: jiro.email,
      organization_id: organizationId,
      organization_name: "貫井地区防災会",
      accepted_at: null,
      revoked_at: null,
    });
    expect(invitation.expires_at.getTime()).toBe(t0.getTime() + INVITATION_DAYS * DAY);

    const [mail] = await mailTo(jiro.email);
    expect(mail.subject).toBe("【ねりま協働ラボ】「貫井地区防災会」への招待");
    expect(mail.text).toContain("会員 次郎 様");
    expect(mail.text).toContain("代表 花子さんから");
    expect(mail.text).toContain("この招待の有効期限は7日間です。");

    const notices = await notificationsOf(jiro.id);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ message_key: "notice.invited", params: { org: "貫井地区防災会" }, link: "/me" });

    expect((await pendingInvitationsOf(handle.db, organizationId, t0)).map((i) => i.email)).toEqual([jiro.email]);
    expect((await pendingInvitationsFor(handle.db, jiro.email, t0)).map((i) => i.organization_id)).toEqual([
      organizationId,
    ]);
    expect(await findInvitationByToken(handle.db, "not-a-token")).toBeUndefined();
    expect((await auditTrail(handle.db, "organization", organizationId)).map((e) => e.action)).toContain(
      "organization.member_invited",
    );
  });

  it("invites an address with no account yet, greeting the reader without a name", async () => {
    await invitationFor(organizationId, "newcomer@example.jp", rep, t0);
    const [mail] = await mailTo("newcomer@example.jp");
    expect(mail.text).toContain("ご担当者 様");
    expect(
      await handle.db.selectFrom("notifications").select("id").where("message_key", "=", "notice.invited").execute(),
    ).toHaveLength(1); // only the one for 会員 次郎 above
  });

  it("is accepted once, by the invited and verified account only", async () => {
    const jiro = (await handle.db
      .selectFrom("users")
      .selectAll()
      .where("name", "=", "会員 次郎")
      .executeTakeFirstOrThrow()) as User;
    const stranger = await verifiedUser("別の 人");
    const [invitation] = await pendingInvitationsFor(handle.db, jiro.email, t0);
    const now = later(t0, DAY);

    expect(await acceptInvitation(handle.db, { invitationId: invitation.id, user: asInvitee(stranger), now })).toEqual({
      ok: false,
      problem: "wrong_account",
    });
    expect(await membershipOf(handle.db, organizationId, stranger.id)).toBeNull();

    expect(await acceptInvitation(handle.db, { invitationId: invitation.id, user: asInvitee(jiro), now })).toEqual({
      ok: true,
      organizationId,
      organizationName: "貫井地区防災会",
      asHelper: false,
    });
    expect(await membershipOf(handle.db, organizationId, jiro.id)).toBe("member");
    expect((await membersOf(handle.db, organizationId)).map((m) => [m.name, m.role])).toEqual([
      ["代表 花子", "representative"],
      ["会員 次郎", "member"],
    ]);
    expect(await pendingInvitationsFor(handle.db, jiro.email, now)).toEqual([]);
    const stored = await findInvitationByToken(handle.db, await invitationToken(jiro.email));
    expect(stored?.accepted_at?.getTime()).toBe(now.getTime());

    expect(
      await acceptInvitation(handle.db, { invitationId: invitation.id, user: asInvitee(jiro), now: later(now, 1000) }),
    ).toEqual({ ok: false, problem: "used" });
    expect(
      await acceptInvitation(handle.db, { invitationId: "no-such-invitation", user: asInvitee(jiro), now }),
    ).toEqual({ ok: false, problem: "invalid" });
    expect((await auditTrail(handle.db, "organization", organizationId)).map((e) => e.action)).toContain(
      "organization.member_joined",
    );
  });

  it("refuses an account whose e-mail address is not verified yet", async () => {
    const signed = await signUp(
      handle.db,
      { name: "未確認 三郎", email: "saburo@example.jp", password: "long enough password" },
      ctx(t0),
    );
    if (!signed.ok) throw new Error("sign-up failed");
    const invitation = await invitationFor(organizationId, "saburo@example.jp", rep, t0);
    expect(
      await acceptInvitation(handle.db, { invitationId: invitation.id, user: asInvitee(signed.user), now: t0 }),
    ).toEqual({ ok: false, problem: "unverified" });
    expect(await membershipOf(handle.db, organizationId, signed.user.id)).toBeNull();
    // The invitation is not used up: once verified, the same person can accept it.
    expect(
      await acceptInvitation(handle.db, {
        invitationId: invitation.id,
        user: { ...asInvitee(signed.user), emailVerified: true },
        now: t0,
      }),
    ).toMatchObject({ ok: true });
  });

  it("expires after seven days", async () => {
    const shiro = await verifiedUser("期限 四郎");
    const invitation = await invitationFor(organizationId, shiro.email, rep, t0);
    const deadline = later(t0, INVITATION_DAYS * DAY);
    expect((await pendingInvitationsOf(handle.db, organizationId, later(deadline, -1))).map((i) => i.id)).toContain(
      invitation.id,
    );
    expect((await pendingInvitationsOf(handle.db, organizationId, deadline)).map((i) => i.id)).not.toContain(
      invitation.id,
    );
    expect(
      await acceptInvitation(handle.db, { invitationId: invitation.id, user: asInvitee(shiro), now: deadline }),
    ).toEqual({ ok: false, problem: "expired" });
    expect(await membershipOf(handle.db, organizationId, shiro.id)).toBeNull();
    expect(
      await acceptInvitation(handle.db, {
        invitationId: invitation.id,
        user: asInvitee(shiro),
        now: later(deadline, -1),
      }),
    ).toMatchObject({ ok: true });
  });

  it("does not invite a current member, and a second invitation cannot make a member join twice", async () => {
    const goro = await verifiedUser("二重 五郎");
    const first = await invitationFor(organizationId, goro.email, rep, t0);
    const second = await invitationFor(organizationId, goro.email, rep, later(t0, 60_000));
    expect(await acceptInvitation(handle.db, { invitationId: first.id, user: asInvitee(goro), now: t0 })).toMatchObject(
      { ok: true },
    );
    expect(
      await acceptInvitation(handle.db, { invitationId: second.id, user: asInvitee(goro), now: later(t0, 120_000) }),
    ).toEqual({ ok: false, problem: "already_member" });

    const before = (await mailTo(goro.email)).length;
    expect(
      await inviteMember(
        handle.db,
        { organizationId, email: ` ${goro.email.toUpperCase()} `, inviter: { id: rep.id, name: rep.name } },
        ctx(t0),
      ),
    ).toEqual({ ok: false, problem: "already_member" });
    expect(await mailTo(goro.email)).toHaveLength(before);
  });

  it("accepting two invitations of the same person at once joins once and answers already_member", async () => {
    const shichiro = await verifiedUser("二通 七郎");
    const first = await invitationFor(organizationId, shichiro.email, rep, t0);
    const second = await invitationFor(organizationId, shichiro.email, rep, later(t0, 1000));
    const results = await Promise.all(
      [first, second].map((invitation) =>
        acceptInvitation(handle.db, { invitationId: invitation.id, user: asInvitee(shichiro), now: later(t0, 2000) }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, problem: "already_member" });
    expect(await membershipOf(handle.db, organizationId, shichiro.id)).toBe("member");
  });

  it("lets exactly one of two simultaneous acceptances of one invitation through", async () => {
    const rokuro = await verifiedUser("同時 六郎");
    const invitation = await invitationFor(organizationId, rokuro.email, rep, t0);
    const accept = () =>
      acceptInvitation(handle.db, { invitationId: invitation.id, user: asInvitee(rokuro), now: later(t0, 1000) });
    const results = await Promise.all([accept(), accept()]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, problem: "used" });
    const rows = await handle.db
      .selectFrom("organization_members")
      .select("user_id")
      .where("organization_id", "=", organizationId)
      .where("user_id", "=", rokuro.id)
      .execute();
    expect(rows).toHaveLength(1);
  });
});

describe("leaving, removing and handing over", () => {
  let rep: User;
  let member: User;
  let other: User;
  let organizationId: string;

  async function join(user: User, role: "member" | "representative" = "member") {
    await handle.db
      .insertInto("organization_members")
      .values({ organization_id: organizationId, user_id: user.id, role })
      .execute();
  }

  beforeAll(async () => {
    rep = await verifiedUser("代表 七子");
    member = await verifiedUser("会員 八子");
    other = await verifiedUser("会員 九子");
    organizationId = (
      await createOrganization(
        handle.db,
        rep.id,
        orgInput({ name: "富士見台子育てネット", nameKana: "フジミダイコソダテネット" }),
        new Date("2026-12-06T00:00:00Z"),
      )
    ).id;
    await join(member);
    await join(other);
  });

  it("lets a representative remove a member, and a member leave", async () => {
    expect(await removeMember(handle.db, { organizationId, userId: other.id, actorId: rep.id })).toEqual({
      ok: true,
    });
    expect(await membershipOf(handle.db, organizationId, other.id)).toBeNull();
    expect(await removeMember(handle.db, { organizationId, userId: other.id, actorId: rep.id })).toEqual({
      ok: false,
      problem: "not_member",
    });

    await join(other);
    expect(await removeMember(handle.db, { organizationId, userId: other.id, actorId: other.id })).toEqual({
      ok: true,
    });
    expect(await membershipOf(handle.db, organizationId, other.id)).toBeNull();

    const trail = await auditTrail(handle.db, "organization", organizationId);
    expect(trail.filter((e) => e.action.startsWith("organization.member_")).map((e) => [e.action, e.actor_id])).toEqual(
      [
        ["organization.member_removed", rep.id],
        ["organization.member_left", other.id],
      ],
    );
    expect(trail.at(-1)?.details).toEqual({ user: other.id });
  });

  it("keeps the last representative: they can neither leave nor be removed", async () => {
    expect(await removeMember(handle.db, { organizationId, userId: rep.id, actorId: rep.id })).toEqual({
      ok: false,
      problem: "last_representative",
    });
    expect(await removeMember(handle.db, { organizationId, userId: rep.id, actorId: member.id })).toEqual({
      ok: false,
      problem: "last_representative",
    });
    expect(await membershipOf(handle.db, organizationId, rep.id)).toBe("representative");
  });

  it("hands the representative role to a member only", async () => {
    expect(await transferRepresentative(handle.db, { organizationId, fromUserId: rep.id, toUserId: other.id })).toEqual(
      { ok: false, problem: "not_member" },
    );
    expect(await membershipOf(handle.db, organizationId, rep.id)).toBe("representative");

    expect(
      await transferRepresentative(handle.db, { organizationId, fromUserId: rep.id, toUserId: member.id }),
    ).toEqual({ ok: true });
    expect(await membershipOf(handle.db, organizationId, member.id)).toBe("representative");
    expect(await membershipOf(handle.db, organizationId, rep.id)).toBe("member");
    const trail = await auditTrail(handle.db, "organization", organizationId);
    expect(trail.at(-1)).toMatchObject({
      action: "organization.representative_transferred",
      actor_id: rep.id,
      details: { to: member.id },
    });

    // Now the former representative may leave, and the new one is the last.
    expect(await removeMember(handle.db, { organizationId, userId: member.id, actorId: member.id })).toEqual({
      ok: false,
      problem: "last_representative",
    });
    expect(await removeMember(handle.db, { organizationId, userId: rep.id, actorId: rep.id })).toEqual({ ok: true });
    expect((await membersOf(handle.db, organizationId)).map((m) => [m.id, m.role])).toEqual([
      [member.id, "representative"],
    ]);
  });

  it("refuses a hand-over from someone who is no longer the representative (two at once leave one)", async () => {
    // member is the representative now; two newcomers join as plain members.
    const x = await verifiedUser("引継 十子");
    const y = await verifiedUser("引継 十一子");
    await join(x);
    await join(y);
    const results = await Promise.all([
      transferRepresentative(handle.db, { organizationId, fromUserId: member.id, toUserId: x.id }),
      transferRepresentative(handle.db, { organizationId, fromUserId: member.id, toUserId: y.id }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, problem: "not_representative" });
    const representatives = (await membersOf(handle.db, organizationId)).filter((m) => m.role === "representative");
    expect(representatives).toHaveLength(1);
    const winner = representatives[0].id === x.id ? x : y;
    const loser = winner === x ? y : x;
    // A plain member cannot promote themself either.
    expect(
      await transferRepresentative(handle.db, { organizationId, fromUserId: loser.id, toUserId: loser.id }),
    ).toMatchObject({ ok: false });
    expect(await membershipOf(handle.db, organizationId, loser.id)).toBe("member");
    // Back to the state the next test expects: member alone, as representative.
    await transferRepresentative(handle.db, { organizationId, fromUserId: winner.id, toUserId: member.id });
    for (const u of [x, y]) await removeMember(handle.db, { organizationId, userId: u.id, actorId: u.id });
    expect((await membersOf(handle.db, organizationId)).map((m) => [m.id, m.role])).toEqual([
      [member.id, "representative"],
    ]);
  });

  it("lets one of two representatives leave, but not both at the same moment", async () => {
    // member is the representative now; a second representative joins.
    await join(other, "representative");
    const results = await Promise.all([
      removeMember(handle.db, { organizationId, userId: member.id, actorId: member.id }),
      removeMember(handle.db, { organizationId, userId: other.id, actorId: other.id }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, problem: "last_representative" });
    const left = await membersOf(handle.db, organizationId);
    expect(left).toHaveLength(1);
    expect(left[0].role).toBe("representative");
  });
});

describe("verification by ward staff", () => {
  let staff: User;
  let repA: User;
  let repB: User;
  let plain: User;
  let first: string;
  let second: string;
  let third: string;

  beforeAll(async () => {
    staff = await createVerifiedUser(handle.db, {
      email: "staff@example.jp",
      name: "区職員",
      password: "long enough password",
      role: "staff",
    });
    repA = await verifiedUser("代表 甲");
    repB = await verifiedUser("代表 乙");
    plain = await verifiedUser("会員 丙");
    // Created out of name order, so the queue's order can only come from the creation time.
    third = (
      await createOrganization(
        handle.db,
        repA.id,
        orgInput({ name: "あとの会", nameKana: "アトノカイ" }),
        new Date("2026-12-07T03:00:00Z"),
      )
    ).id;
    first = (
      await createOrganization(
        handle.db,
        repA.id,
        orgInput({ name: "田柄ふれあい会", nameKana: "タガラフレアイカイ", areas: ["tagara"] }),
        new Date("2026-12-07T01:00:00Z"),
      )
    ).id;
    second = (
      await createOrganization(
        handle.db,
        repB.id,
        orgInput({ name: "中ほどの会", nameKana: "ナカホドノカイ" }),
        new Date("2026-12-07T02:00:00Z"),
      )
    ).id;
    await handle.db
      .insertInto("organization_members")
      .values([
        { organization_id: first, user_id: repB.id, role: "representative" },
        { organization_id: first, user_id: plain.id, role: "member" },
      ])
      .execute();
  });

  const queueIds = async () => {
    const mine = new Set([first, second, third]);
    return (await verificationQueue(handle.db)).map((o) => o.id).filter((id) => mine.has(id));
  };

  it("queues unverified organisations, oldest first", async () => {
    expect(await queueIds()).toEqual([first, second, third]);
  });

  it("verifies once, telling every representative in the app and by e-mail, and not plain members", async () => {
    const now = new Date("2026-12-08T00:30:00Z");
    const beforeA = (await mailTo(repA.email)).length;
    const beforeB = (await mailTo(repB.email)).length;
    expect(
      await decideVerification(handle.db, { organizationId: first, staffId: staff.id, decision: "verified" }, ctx(now)),
    ).toEqual({ ok: true, name: "田柄ふれあい会" });

    const row = (await getOrganization(handle.db, first))!;
    expect(row.verification_status).toBe("verified");
    expect(row.verified_at?.getTime()).toBe(now.getTime());
    expect(row.verification_note).toBeNull();
    expect(await queueIds()).toEqual([second, third]);

    for (const rep of [repA, repB]) {
      const notices = await notificationsOf(rep.id);
      expect(notices.at(-1)).toMatchObject({
        message_key: "notice.orgVerified",
        params: { org: "田柄ふれあい会" },
        link: `/organizations/${first}`,
      });
      const mail = await mailTo(rep.email);
      expect(mail).toHaveLength((rep === repA ? beforeA : beforeB) + 1);
      expect(mail.at(-1)?.subject).toBe("【ねりま協働ラボ】「田柄ふれあい会」が認証されました");
      expect(mail.at(-1)?.text).toContain(`${rep.name} 様`);
      expect(mail.at(-1)?.text).toContain(`http://lab.test/organizations/${first}`);
    }
    expect(await notificationsOf(plain.id)).toEqual([]);
    expect(await mailTo(plain.email)).toEqual([]);

    expect((await auditTrail(handle.db, "organization", first)).at(-1)).toMatchObject({
      action: "organization.verified",
      actor_id: staff.id,
    });

    // A second decision on the same organisation changes nothing and tells no one.
    expect(
      await decideVerification(
        handle.db,
        { organizationId: first, staffId: staff.id, decision: "returned", note: "遅い判断" },
        ctx(later(now, 60_000)),
      ),
    ).toEqual({ ok: false });
    expect((await getOrganization(handle.db, first))!.verification_status).toBe("verified");
    expect(await mailTo(repA.email)).toHaveLength(beforeA + 1);
  });

  it("returns with a note that reaches the representative, and an edit puts it back in the queue", async () => {
    const now = new Date("2026-12-08T01:00:00Z");
    const note = "活動実績の説明をもう少し詳しく書いてください。";
    expect(
      await decideVerification(
        handle.db,
        { organizationId: second, staffId: staff.id, decision: "returned", note },
        ctx(now),
      ),
    ).toEqual({ ok: true, name: "中ほどの会" });
    const row = (await getOrganization(handle.db, second))!;
    expect(row).toMatchObject({ verification_status: "returned", verification_note: note, verified_at: null });
    expect(await queueIds()).toEqual([third]);

    expect((await notificationsOf(repB.id)).at(-1)).toMatchObject({
      message_key: "notice.orgReturned",
      params: { org: "中ほどの会", note },
      link: `/organizations/${second}/edit`,
    });
    const mail = (await mailTo(repB.email)).at(-1)!;
    expect(mail.subject).toBe("【ねりま協働ラボ】「中ほどの会」の登録内容について");
    expect(mail.text).toContain(note);
    expect(mail.text).toContain(`http://lab.test/organizations/${second}/edit`);
    expect((await auditTrail(handle.db, "organization", second)).at(-1)).toMatchObject({
      action: "organization.returned",
      details: { note },
    });

    expect(
      await updateOrganization(handle.db, {
        organizationId: second,
        actorId: repB.id,
        values: orgInput({ name: "中ほどの会", nameKana: "ナカホドノカイ", description: "活動実績を追記しました。" }),
        expectedVersion: row.version,
        now: later(now, DAY),
      }),
    ).toEqual({ ok: true });
    expect((await getOrganization(handle.db, second))!.verification_status).toBe("unverified");
    expect(await queueIds()).toEqual([second, third]);
  });

  it("keeps a verified organisation verified when it is edited", async () => {
    const row = (await getOrganization(handle.db, first))!;
    await updateOrganization(handle.db, {
      organizationId: first,
      actorId: repA.id,
      values: orgInput({ name: "田柄ふれあい会", nameKana: "タガラフレアイカイ", description: "説明を更新。" }),
      expectedVersion: row.version,
      now: new Date("2026-12-09T00:00:00Z"),
    });
    expect((await getOrganization(handle.db, first))!.verification_status).toBe("verified");
  });
});
