import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVerifiedUser } from "~/models/accounts.server";
import { auditTrail } from "~/models/audit.server";
import { type OrganizationInput, organizationSchema } from "~/models/organization-schemas";
import { createOrganization } from "~/models/organizations.server";
import { type ListingInput, listingSchema } from "~/models/partner-schemas";
import {
  closeListing,
  createListing,
  getListing,
  listingsOfOrganization,
  searchListings,
} from "~/models/partners.server";
import {
  decideRequest,
  getRequestThread,
  REQUESTS_PER_DAY,
  replyToRequest,
  requestInbox,
  sendPartnershipRequest,
} from "~/models/partnership-requests.server";
import type { User } from "../../db/schema";
import { createTestDatabase, dropTestDatabase } from "../support/database";
import { mailContext as ctx, mailSentTo, notificationsFor } from "../support/fixtures";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;

const DAY = 24 * 3600_000;
const later = (base: Date, ms: number) => new Date(base.getTime() + ms);

// Four organisations: A (町会: alice representative, bob member), B (NPO: carol, dan),
// C (a third organisation: dave), D (a business: frank, grace). eve belongs to none.
const people: Record<"alice" | "bob" | "carol" | "dan" | "dave" | "eve" | "frank" | "grace", User> = {} as never;
const org = { A: "", B: "", C: "", D: "" };
const ORG_NAMES = {
  A: "石神井台三丁目町会",
  B: "NPO法人 ねりま子ども応援団",
  C: "光が丘グリーンクラブ",
  D: "株式会社ねりまデジタル",
};

function orgInput(values: Record<string, unknown>): OrganizationInput {
  return v.parse(organizationSchema, {
    areas: ["nerima"],
    fields: ["welfare"],
    description: "区内で活動しています。",
    contactEmail: "info@example.jp",
    ...values,
  });
}

/** What the listing form gives after valibot, as in the route. */
function listingInput(organizationId: string, values: Record<string, unknown> = {}): ListingInput {
  return v.parse(listingSchema, {
    organizationId,
    title: "いっしょに活動する団体を募集します",
    offers: "会場と人手を用意できます。",
    seeks: "企画の得意な団体を探しています。",
    areas: ["nerima"],
    fields: ["community_development"],
    endsOn: "2027-01-31",
    ...values,
  });
}

async function post(user: User, organizationId: string, now: Date, values: Record<string, unknown> = {}) {
  const result = await createListing(handle.db, { userId: user.id, values: listingInput(organizationId, values), now });
  if (!result.ok) throw new Error(`listing refused: ${result.message}`);
  return result.id;
}

function request(listingId: string, from: keyof typeof org, user: User, now: Date, message = "ご一緒しませんか。") {
  return sendPartnershipRequest(
    handle.db,
    { listingId, fromOrganizationId: org[from], user: { id: user.id }, message },
    ctx(now),
  );
}

const mailTo = (address: string) => mailSentTo(handle.db, address);

const notificationsOf = (user: User) => notificationsFor(handle.db, user.id);

async function countRows(table: "partnership_requests" | "partnership_messages" | "partner_listings") {
  const row = await handle.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

beforeAll(async () => {
  handle = await createTestDatabase();
  for (const name of Object.keys({
    alice: 0,
    bob: 0,
    carol: 0,
    dan: 0,
    dave: 0,
    eve: 0,
    frank: 0,
    grace: 0,
  }) as (keyof typeof people)[]) {
    people[name] = await createVerifiedUser(handle.db, {
      email: `${name}@example.jp`,
      name: `${name} さん`,
      password: "long enough password",
      role: "member",
    });
  }
  const created = new Date("2026-11-01T00:00:00Z");
  const make = async (key: keyof typeof org, rep: User, kana: string, kind: string, members: User[]) => {
    org[key] = (
      await createOrganization(handle.db, rep.id, orgInput({ name: ORG_NAMES[key], nameKana: kana, kind }), created)
    ).id;
    for (const member of members) {
      await handle.db
        .insertInto("organization_members")
        .values({ organization_id: org[key], user_id: member.id, role: "member" })
        .execute();
    }
  };
  await make("A", people.alice, "シャクジイダイサンチョウメチョウカイ", "neighborhood_association", [people.bob]);
  await make("B", people.carol, "ネリマコドモオウエンダン", "npo", [people.dan]);
  await make("C", people.dave, "ヒカリガオカグリーンクラブ", "volunteer_group", []);
  await make("D", people.frank, "カブシキガイシャネリマデジタル", "business", [people.grace]);
});
afterAll(() => dropTestDatabase(handle));

// Runs first, on a board that holds exactly these listings.
describe("searching the board", () => {
  const L: Record<string, string> = {};
  const now = new Date("2026-12-01T03:00:00Z"); // 12:00 in Tokyo

  beforeAll(async () => {
    L.bousai = await post(people.alice, org.A, new Date("2026-11-20T00:00:00Z"), {
      title: "防災訓練の協力団体を募集",
      offers: "会場と参加者を用意します。",
      seeks: "地域の子ども食堂と一緒に炊き出し訓練をしたいと考えています。",
      areas: ["shakujii"],
      fields: ["disaster_safety"],
      endsOn: "2026-12-20",
    });
    L.shokudo = await post(people.carol, org.B, new Date("2026-11-21T00:00:00Z"), {
      title: "子ども食堂のボランティア募集",
      offers: "食材を集めるノウハウがあります。",
      seeks: "調理を手伝ってくれる町会の方",
      areas: ["nerima"],
      fields: ["childcare"],
      endsOn: "2027-03-31",
    });
    L.kadan = await post(people.dave, org.C, new Date("2026-11-22T00:00:00Z"), {
      title: "花壇の手入れ仲間",
      offers: "苗と道具を貸し出します。",
      seeks: "コドモ向けの自然教室を一緒に開ける団体",
      areas: ["hikarigaoka"],
      fields: ["environment", "education"],
      endsOn: "2026-12-10",
    });
    L.sumaho = await post(people.frank, org.D, new Date("2026-11-23T00:00:00Z"), {
      title: "スマホ教室の会場を探しています",
      offers: "講師を派遣します（参加費は50%引き）。",
      seeks: "会場を貸してくれる団体",
      areas: ["whole_ward"],
      fields: ["digital", "elderly_support"],
      endsOn: "2027-01-31",
    });
    // Two listings that match the same words but are no longer open.
    L.closed = await post(people.dan, org.B, new Date("2026-11-24T00:00:00Z"), {
      title: "子ども食堂の送迎ボランティア",
      areas: ["nerima"],
      fields: ["childcare"],
    });
    expect(await closeListing(handle.db, { listingId: L.closed, userId: people.carol.id, now: later(now, -DAY) })).toBe(
      true,
    );
    L.past = await post(people.bob, org.A, new Date("2026-11-25T00:00:00Z"), {
      title: "子ども食堂の場所探し（終了）",
      areas: ["shakujii"],
      fields: ["disaster_safety"],
      endsOn: "2026-11-30",
    });
  });

  const board = async (filters: Parameters<typeof searchListings>[1], at = now, page = 1, pageSize = 20) => {
    const result = await searchListings(handle.db, filters, at, page, pageSize);
    return { found: result.rows.map((r) => r.id), total: result.total };
  };

  it("shows open listings only, newest first, with their organisation", async () => {
    expect(await board({})).toEqual({ found: [L.sumaho, L.kadan, L.shokudo, L.bousai], total: 4 });
    const rows = (await searchListings(handle.db, {}, now, 1, 20)).rows;
    expect(rows[0]).toMatchObject({
      title: "スマホ教室の会場を探しています",
      organization_id: org.D,
      organization_name: ORG_NAMES.D,
      organization_kind: "business",
      areas: ["whole_ward"],
      fields: ["digital", "elderly_support"],
    });
    expect(rows[0].ends_at.toISOString()).toBe("2027-01-31T14:59:59.000Z");
  });

  it("keeps a listing up to the end of its last day in Japan, then hides it", async () => {
    // 花壇 ends on 2026-12-10: 23:59:59 in Tokyo is 14:59:59 UTC.
    expect((await board({}, new Date("2026-12-10T14:59:58.999Z"))).found).toContain(L.kadan);
    expect((await board({}, new Date("2026-12-10T15:00:00Z"))).found).not.toContain(L.kadan);
    expect((await board({}, new Date("2026-12-10T15:00:00Z"))).total).toBe(3);
    expect((await listingsOfOrganization(handle.db, org.C, new Date("2026-12-10T15:00:00Z"))).length).toBe(0);
    expect((await listingsOfOrganization(handle.db, org.A, now)).map((l) => l.id)).toEqual([L.bousai]);
  });

  it("pages the results and counts them all", async () => {
    expect(await board({}, now, 1, 3)).toEqual({ found: [L.sumaho, L.kadan, L.shokudo], total: 4 });
    expect(await board({}, now, 2, 3)).toEqual({ found: [L.bousai], total: 4 });
    expect(await board({}, now, 3, 3)).toEqual({ found: [], total: 4 });
  });

  it("filters by the organisation's kind, by area and by field", async () => {
    expect(await board({ kind: "npo" })).toEqual({ found: [L.shokudo], total: 1 });
    expect(await board({ kind: "neighborhood_association" })).toEqual({ found: [L.bousai], total: 1 });
    expect(await board({ kind: "school_pta" })).toEqual({ found: [], total: 0 });
    expect(await board({ area: "hikarigaoka" })).toEqual({ found: [L.kadan], total: 1 });
    expect(await board({ area: "nerima" })).toEqual({ found: [L.shokudo], total: 1 });
    expect(await board({ field: "childcare" })).toEqual({ found: [L.shokudo], total: 1 });
    expect(await board({ field: "education", kind: "volunteer_group", area: "hikarigaoka" })).toEqual({
      found: [L.kadan],
      total: 1,
    });
    expect(await board({ field: "education", kind: "npo" })).toEqual({ found: [], total: 0 });
  });

  it("finds words inside Japanese sentences in the title, the offer and the wish", async () => {
    // In 防災's wish, inside a sentence, and in 子ども食堂's title; never the closed or past ones.
    expect(await board({ q: "子ども食堂" })).toEqual({ found: [L.shokudo, L.bousai], total: 2 });
    expect(await board({ q: "炊き出し" })).toEqual({ found: [L.bousai], total: 1 });
    expect(await board({ q: "食材" })).toEqual({ found: [L.shokudo], total: 1 });
    expect(await board({ q: "子ども食堂", kind: "npo" })).toEqual({ found: [L.shokudo], total: 1 });
    expect(await board({ q: "会場 講師" })).toEqual({ found: [L.sumaho], total: 1 });
    expect(await board({ q: "会場 花壇" })).toEqual({ found: [], total: 0 });
  });

  it("matches katakana with hiragana and treats % as a plain character", async () => {
    expect(await board({ q: "こども" })).toEqual({ found: [L.kadan], total: 1 });
    expect(await board({ q: "ｺﾄﾞﾓ" })).toEqual({ found: [L.kadan], total: 1 });
    expect(await board({ q: "%" })).toEqual({ found: [L.sumaho], total: 1 });
    expect(await board({ q: "５０％" })).toEqual({ found: [L.sumaho], total: 1 });
  });
});

describe("posting and closing listings", () => {
  it("lets any member of the organisation post, and records it", async () => {
    const now = new Date("2026-12-01T03:00:00Z");
    const result = await createListing(handle.db, {
      userId: people.bob.id,
      values: listingInput(org.A, { title: "夜回りの仲間を募集", endsOn: "2026-12-24" }),
      now,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const listing = (await getListing(handle.db, result.id))!;
    expect(listing).toMatchObject({
      organization_id: org.A,
      organization_name: ORG_NAMES.A,
      organization_kind: "neighborhood_association",
      title: "夜回りの仲間を募集",
      closed_at: null,
      verification_status: "unverified",
    });
    expect(listing.ends_at.toISOString()).toBe("2026-12-24T14:59:59.000Z");
    expect(listing.created_at.getTime()).toBe(now.getTime());
    expect((await auditTrail(handle.db, "partner_listing", result.id)).map((e) => [e.action, e.actor_id])).toEqual([
      ["listing.created", people.bob.id],
    ]);
  });

  it("refuses someone who does not belong to the organisation", async () => {
    const before = await countRows("partner_listings");
    for (const user of [people.eve, people.carol]) {
      expect(
        await createListing(handle.db, { userId: user.id, values: listingInput(org.A), now: new Date("2026-12-01") }),
      ).toEqual({ ok: false, field: "organizationId", message: "validation.listing.organization" });
    }
    expect(await countRows("partner_listings")).toBe(before);
  });

  it("takes today and the future in Japan time as the closing date, up to a year ahead", async () => {
    const attempt = (endsOn: string, now: Date) =>
      createListing(handle.db, { userId: people.alice.id, values: listingInput(org.A, { endsOn }), now });
    const refused = { ok: false, field: "endsOn", message: "validation.listing.endsOn" };

    // 2026-12-01 15:30 UTC is already 2 December, 00:30, in Tokyo: 1 December has passed there.
    const afterMidnight = new Date("2026-12-01T15:30:00Z");
    expect(await attempt("2026-12-01", afterMidnight)).toEqual(refused);
    const today = await attempt("2026-12-02", afterMidnight);
    expect(today.ok).toBe(true);
    if (today.ok) {
      expect((await getListing(handle.db, today.id))!.ends_at.toISOString()).toBe("2026-12-02T14:59:59.000Z");
    }

    // 2026-12-01 14:59:59 UTC is still 1 December (23:59:59) in Tokyo.
    expect((await attempt("2026-12-01", new Date("2026-12-01T14:59:59Z"))).ok).toBe(true);

    expect((await attempt("2027-12-02", afterMidnight)).ok).toBe(true);
    expect(await attempt("2027-12-31", afterMidnight)).toEqual(refused);
    expect(await attempt("2030-01-01", afterMidnight)).toEqual(refused);
  });

  it("refuses a closing date one year and one day ahead (2026-12-02 → 2027-12-03)", async () => {
    const now = new Date("2026-12-01T15:30:00Z");
    const attempt = (endsOn: string) =>
      createListing(handle.db, { userId: people.alice.id, values: listingInput(org.A, { endsOn }), now });
    expect(await attempt("2027-12-03")).toEqual({ ok: false, field: "endsOn", message: "validation.listing.endsOn" });
    expect((await attempt("2027-12-02")).ok).toBe(true);
  });

  it("is closed by a member of the organisation only, and then leaves the board", async () => {
    const now = new Date("2026-12-02T00:00:00Z");
    const id = await post(people.carol, org.B, now, { title: "閉じる予定の募集" });
    expect((await searchListings(handle.db, { q: "閉じる予定" }, now, 1, 20)).total).toBe(1);

    for (const outsider of [people.alice, people.eve]) {
      expect(await closeListing(handle.db, { listingId: id, userId: outsider.id, now })).toBe(false);
    }
    expect((await getListing(handle.db, id))!.closed_at).toBeNull();
    expect(await closeListing(handle.db, { listingId: "no-such-listing", userId: people.carol.id, now })).toBe(false);

    const closedAt = later(now, 3600_000);
    expect(await closeListing(handle.db, { listingId: id, userId: people.dan.id, now: closedAt })).toBe(true);
    expect((await getListing(handle.db, id))!.closed_at?.getTime()).toBe(closedAt.getTime());
    expect((await searchListings(handle.db, { q: "閉じる予定" }, closedAt, 1, 20)).total).toBe(0);
    expect((await auditTrail(handle.db, "partner_listing", id)).at(-1)).toMatchObject({
      action: "listing.closed",
      actor_id: people.dan.id,
    });

    // Closing again keeps the first closing time.
    await closeListing(handle.db, { listingId: id, userId: people.carol.id, now: later(closedAt, DAY) });
    expect((await getListing(handle.db, id))!.closed_at?.getTime()).toBe(closedAt.getTime());
  });
});

describe("partnership requests", () => {
  const t0 = new Date("2026-12-03T01:00:00Z");
  let listing: string;
  let requestId: string;

  beforeAll(async () => {
    listing = await post(people.alice, org.A, new Date("2026-12-02T00:00:00Z"), {
      title: "防災倉庫の整理を手伝ってください",
    });
  });

  it("refuses unknown listings, people acting for an organisation they are not in, and one's own listing", async () => {
    const requests = await countRows("partnership_requests");
    const outbox = await handle.db.selectFrom("mail_outbox").select("id").execute();
    expect(await request("no-such-listing", "B", people.carol, t0)).toEqual({ ok: false, problem: "not_found" });
    expect(await request(listing, "B", people.eve, t0)).toEqual({ ok: false, problem: "not_member" });
    expect(await request(listing, "C", people.carol, t0)).toEqual({ ok: false, problem: "not_member" });
    expect(await request(listing, "A", people.bob, t0)).toEqual({ ok: false, problem: "own_listing" });
    expect(await countRows("partnership_requests")).toBe(requests);
    expect(await handle.db.selectFrom("mail_outbox").select("id").execute()).toHaveLength(outbox.length);
  });

  it("refuses a listing that was closed or whose closing day has passed in Japan", async () => {
    const closed = await post(people.alice, org.A, new Date("2026-12-02T00:00:00Z"), { title: "締め切った募集" });
    await closeListing(handle.db, { listingId: closed, userId: people.alice.id, now: t0 });
    expect(await request(closed, "B", people.carol, later(t0, 1000))).toEqual({
      ok: false,
      problem: "listing_closed",
    });

    const ending = await post(people.alice, org.A, new Date("2026-12-02T00:00:00Z"), { endsOn: "2026-12-03" });
    // 2026-12-03 23:59:58 in Tokyo: still open.
    const lastSecond = new Date("2026-12-03T14:59:58Z");
    const ok = await request(ending, "C", people.dave, lastSecond);
    expect(ok.ok).toBe(true);
    // 2026-12-04 00:00 in Tokyo: closed.
    expect(await request(ending, "B", people.carol, new Date("2026-12-03T15:00:00Z"))).toEqual({
      ok: false,
      problem: "listing_closed",
    });
  });

  it("stores the request with its message and tells every member of the receiving organisation", async () => {
    const message = "<b>防災倉庫</b>の整理、ぜひお手伝いさせてください。\n土曜日の午前なら伺えます。";
    const before = {
      alice: (await notificationsOf(people.alice)).length,
      bob: (await notificationsOf(people.bob)).length,
      carol: (await notificationsOf(people.carol)).length,
      dan: (await notificationsOf(people.dan)).length,
      dave: (await notificationsOf(people.dave)).length,
    };
    const carolMail = (await mailTo("carol@example.jp")).length;
    const result = await request(listing, "B", people.carol, t0, message);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    requestId = result.requestId;

    const stored = await handle.db
      .selectFrom("partnership_requests")
      .selectAll()
      .where("id", "=", requestId)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      listing_id: listing,
      from_organization_id: org.B,
      to_organization_id: org.A,
      status: "pending",
      created_by: people.carol.id,
      decided_at: null,
    });
    expect(stored.created_at.getTime()).toBe(t0.getTime());

    for (const member of [people.alice, people.bob]) {
      const notices = await notificationsOf(member);
      expect(notices).toHaveLength(before[member === people.alice ? "alice" : "bob"] + 1);
      expect(notices.at(-1)).toMatchObject({
        message_key: "notice.requestReceived",
        params: { from: ORG_NAMES.B, to: ORG_NAMES.A, message },
        link: `/requests/${requestId}`,
        read_at: null,
      });
      const mail = (await mailTo(member.email)).at(-1)!;
      expect(mail.subject).toBe(`【ねりま協働ラボ】「${ORG_NAMES.B}」からパートナーの申し込み`);
      expect(mail.status).toBe("pending");
      expect(mail.text).toContain(`${member.name} 様`);
      expect(mail.text).toContain(`「${ORG_NAMES.A}」あてに、「${ORG_NAMES.B}」からパートナーの申し込みが届きました。`);
      expect(mail.text).toContain("土曜日の午前なら伺えます。");
      expect(mail.text).toContain(`http://lab.test/requests/${requestId}`);
      // The sender's text is escaped in the HTML, never markup.
      expect(mail.html).not.toContain("<b>防災倉庫</b>");
      expect(mail.html).toContain("&lt;b&gt;防災倉庫&lt;/b&gt;");
    }
    expect(await notificationsOf(people.carol)).toHaveLength(before.carol);
    expect(await notificationsOf(people.dan)).toHaveLength(before.dan);
    expect(await notificationsOf(people.dave)).toHaveLength(before.dave);
    expect(await mailTo("carol@example.jp")).toHaveLength(carolMail);

    expect((await auditTrail(handle.db, "partnership_request", requestId)).map((e) => e.action)).toEqual([
      "partnership.requested",
    ]);
    expect((await requestInbox(handle.db, org.A)).map((r) => r.id)).toContain(requestId);
    expect((await requestInbox(handle.db, org.B)).map((r) => r.id)).toContain(requestId);
    expect((await requestInbox(handle.db, org.C)).map((r) => r.id)).not.toContain(requestId);
  });

  it("refuses a second pending request from the same organisation to the same listing", async () => {
    const requests = await countRows("partnership_requests");
    expect(await request(listing, "B", people.carol, later(t0, 60_000))).toEqual({ ok: false, problem: "duplicate" });
    expect(await request(listing, "B", people.dan, later(t0, 60_000))).toEqual({ ok: false, problem: "duplicate" });
    expect(await countRows("partnership_requests")).toBe(requests);
  });

  it("shows the thread to the two organisations only", async () => {
    const forAlice = await getRequestThread(handle.db, requestId, people.alice.id);
    expect(forAlice?.side).toBe("to");
    expect(forAlice?.request).toMatchObject({
      id: requestId,
      status: "pending",
      from_name: ORG_NAMES.B,
      to_name: ORG_NAMES.A,
      listing_id: listing,
      listing_title: "防災倉庫の整理を手伝ってください",
    });
    expect(forAlice?.messages.map((m) => [m.organization_name, m.author_name])).toEqual([[ORG_NAMES.B, "carol さん"]]);
    expect((await getRequestThread(handle.db, requestId, people.bob.id))?.side).toBe("to");
    expect((await getRequestThread(handle.db, requestId, people.carol.id))?.side).toBe("from");
    expect((await getRequestThread(handle.db, requestId, people.dan.id))?.side).toBe("from");

    // A member of a third organisation, someone in no organisation, and an unknown id: nothing.
    expect(await getRequestThread(handle.db, requestId, people.dave.id)).toBeNull();
    expect(await getRequestThread(handle.db, requestId, people.eve.id)).toBeNull();
    expect(await getRequestThread(handle.db, "no-such-request", people.alice.id)).toBeNull();
  });

  it("tells the other side about a reply, never the side that wrote it", async () => {
    const count = async (users: User[]) => Promise.all(users.map(async (u) => (await notificationsOf(u)).length));
    const [a, b, c, d] = await count([people.alice, people.bob, people.carol, people.dan]);

    expect(
      await replyToRequest(
        handle.db,
        { requestId, user: { id: people.bob.id }, message: "ありがとうございます。土曜日にお願いします。" },
        ctx(later(t0, 3600_000)),
      ),
    ).toBe(true);
    expect(await count([people.alice, people.bob, people.carol, people.dan])).toEqual([a, b, c + 1, d + 1]);
    expect((await notificationsOf(people.carol)).at(-1)).toMatchObject({
      message_key: "notice.requestReply",
      params: { from: ORG_NAMES.A, message: "ありがとうございます。土曜日にお願いします。" },
      link: `/requests/${requestId}`,
    });
    const mail = (await mailTo("dan@example.jp")).at(-1)!;
    expect(mail.subject).toBe(`【ねりま協働ラボ】「${ORG_NAMES.A}」から返信がありました`);
    expect(mail.text).toContain("土曜日にお願いします。");

    expect(
      await replyToRequest(
        handle.db,
        { requestId, user: { id: people.carol.id }, message: "承知しました。" },
        ctx(later(t0, 7200_000)),
      ),
    ).toBe(true);
    expect(await count([people.alice, people.bob, people.carol, people.dan])).toEqual([a + 1, b + 1, c + 1, d + 1]);
    expect((await notificationsOf(people.alice)).at(-1)?.params).toEqual({
      from: ORG_NAMES.B,
      message: "承知しました。",
    });

    const thread = (await getRequestThread(handle.db, requestId, people.carol.id))!;
    expect(thread.messages.map((m) => [m.organization_name, m.author_name, m.body])).toEqual([
      [ORG_NAMES.B, "carol さん", "<b>防災倉庫</b>の整理、ぜひお手伝いさせてください。\n土曜日の午前なら伺えます。"],
      [ORG_NAMES.A, "bob さん", "ありがとうございます。土曜日にお願いします。"],
      [ORG_NAMES.B, "carol さん", "承知しました。"],
    ]);
  });

  it("does not let an outsider reply", async () => {
    const messages = await countRows("partnership_messages");
    const [a, c] = [(await notificationsOf(people.alice)).length, (await notificationsOf(people.carol)).length];
    for (const outsider of [people.dave, people.eve]) {
      expect(
        await replyToRequest(
          handle.db,
          { requestId, user: { id: outsider.id }, message: "横から失礼します。" },
          ctx(later(t0, 9000_000)),
        ),
      ).toBe(false);
    }
    expect(await countRows("partnership_messages")).toBe(messages);
    expect(await notificationsOf(people.alice)).toHaveLength(a);
    expect(await notificationsOf(people.carol)).toHaveLength(c);
  });

  it("is decided by the receiving organisation only, once, and the sender is told", async () => {
    const decide = (user: User, decision: "accepted" | "declined", now = later(t0, DAY)) =>
      decideRequest(handle.db, { requestId, user: { id: user.id }, decision, statusLabel: "お受けします" }, ctx(now));

    expect(await decide(people.carol, "accepted")).toEqual({ ok: false, problem: "forbidden" });
    expect(await decide(people.dave, "accepted")).toEqual({ ok: false, problem: "not_found" });
    expect(await decide(people.eve, "declined")).toEqual({ ok: false, problem: "not_found" });
    expect(
      (
        await handle.db
          .selectFrom("partnership_requests")
          .select("status")
          .where("id", "=", requestId)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe("pending");

    const [a, c, d] = [
      (await notificationsOf(people.alice)).length,
      (await notificationsOf(people.carol)).length,
      (await notificationsOf(people.dan)).length,
    ];
    const decidedAt = later(t0, DAY);
    expect(await decide(people.bob, "accepted", decidedAt)).toEqual({ ok: true });
    const stored = await handle.db
      .selectFrom("partnership_requests")
      .selectAll()
      .where("id", "=", requestId)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: "accepted", decided_by: people.bob.id });
    expect(stored.decided_at?.getTime()).toBe(decidedAt.getTime());

    expect(await notificationsOf(people.alice)).toHaveLength(a);
    expect(await notificationsOf(people.dan)).toHaveLength(d + 1);
    const notices = await notificationsOf(people.carol);
    expect(notices).toHaveLength(c + 1);
    expect(notices.at(-1)).toMatchObject({
      message_key: "notice.requestAccepted",
      params: { from: ORG_NAMES.B, to: ORG_NAMES.A, status: "お受けします" },
      link: `/requests/${requestId}`,
    });
    const mail = (await mailTo("carol@example.jp")).at(-1)!;
    expect(mail.subject).toBe("【ねりま協働ラボ】申し込みへの返事：お受けします");
    expect(mail.text).toContain(`「${ORG_NAMES.A}」が、「${ORG_NAMES.B}」からの申し込みに返事をしました：お受けします`);

    // Only once: a later answer changes nothing and tells no one.
    expect(await decide(people.alice, "declined", later(decidedAt, 60_000))).toEqual({
      ok: false,
      problem: "already_decided",
    });
    expect(
      (
        await handle.db
          .selectFrom("partnership_requests")
          .select("status")
          .where("id", "=", requestId)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe("accepted");
    expect(await notificationsOf(people.carol)).toHaveLength(c + 1);
    expect((await auditTrail(handle.db, "partnership_request", requestId)).map((e) => [e.action, e.actor_id])).toEqual([
      ["partnership.requested", people.carol.id],
      ["partnership.accepted", people.bob.id],
    ]);
  });

  it("sends a declined notice, and allows a new request once the earlier one is decided", async () => {
    const again = await request(listing, "B", people.dan, later(t0, 2 * DAY), "もう一件ご相談です。");
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    expect(
      await decideRequest(
        handle.db,
        {
          requestId: again.requestId,
          user: { id: people.alice.id },
          decision: "declined",
          statusLabel: "お断りします",
        },
        ctx(later(t0, 3 * DAY)),
      ),
    ).toEqual({ ok: true });
    expect((await notificationsOf(people.dan)).at(-1)).toMatchObject({
      message_key: "notice.requestDeclined",
      params: { status: "お断りします" },
    });
  });

  it("lets exactly one of two simultaneous decisions through", async () => {
    const sent = await request(listing, "D", people.grace, later(t0, 4 * DAY));
    if (!sent.ok) throw new Error(sent.problem);
    const results = await Promise.all([
      decideRequest(
        handle.db,
        { requestId: sent.requestId, user: { id: people.alice.id }, decision: "accepted", statusLabel: "お受けします" },
        ctx(later(t0, 5 * DAY)),
      ),
      decideRequest(
        handle.db,
        { requestId: sent.requestId, user: { id: people.bob.id }, decision: "declined", statusLabel: "お断りします" },
        ctx(later(t0, 5 * DAY)),
      ),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, problem: "already_decided" });
    const decidedNotices = await handle.db
      .selectFrom("notifications")
      .select("message_key")
      .where("link", "=", `/requests/${sent.requestId}`)
      .where("message_key", "in", ["notice.requestAccepted", "notice.requestDeclined"])
      .execute();
    expect(decidedNotices).toHaveLength(2); // frank and grace, for the one decision that won
  });
});

describe("the daily request limit", () => {
  const t0 = new Date("2026-12-20T00:00:00Z");
  const listings: string[] = [];

  beforeAll(async () => {
    for (let i = 0; i < REQUESTS_PER_DAY + 3; i++) {
      listings.push(await post(people.alice, org.A, new Date("2026-12-19T00:00:00Z"), { title: `募集その${i + 1}` }));
    }
  });

  const sentBy = async (key: keyof typeof org) => {
    const row = await handle.db
      .selectFrom("partnership_requests")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("from_organization_id", "=", org[key])
      .where("created_at", ">=", t0)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  };

  it(`stops an organisation after ${REQUESTS_PER_DAY} requests in 24 hours, whichever member sends them`, async () => {
    for (let i = 0; i < REQUESTS_PER_DAY; i++) {
      const result = await request(listings[i], "D", i % 2 ? people.grace : people.frank, later(t0, i * 60_000));
      expect(result.ok).toBe(true);
    }
    const aliceMail = (await mailTo("alice@example.jp")).length;
    const limited = await request(listings[REQUESTS_PER_DAY], "D", people.grace, later(t0, 3600_000));
    expect(limited).toEqual({ ok: false, problem: "rate_limited" });
    expect(await sentBy("D")).toBe(REQUESTS_PER_DAY);
    expect(await mailTo("alice@example.jp")).toHaveLength(aliceMail);

    // Another organisation is not affected.
    expect((await request(listings[REQUESTS_PER_DAY], "C", people.dave, later(t0, 3600_000))).ok).toBe(true);
  });

  it("counts a rolling 24 hours", async () => {
    // The first request was sent at t0; a day and a moment later only nine fall within the window.
    const nextDay = later(t0, DAY + 1);
    expect((await request(listings[REQUESTS_PER_DAY], "D", people.frank, nextDay)).ok).toBe(true);
    expect(await request(listings[REQUESTS_PER_DAY + 1], "D", people.frank, nextDay)).toEqual({
      ok: false,
      problem: "rate_limited",
    });
    // The second one (t0 + 1 min) leaves the window a minute later.
    expect((await request(listings[REQUESTS_PER_DAY + 1], "D", people.frank, later(t0, DAY + 60_001))).ok).toBe(true);
  });

  it("holds the limit when many requests arrive at the same moment", async () => {
    const burstAt = later(t0, 10 * DAY);
    const fresh: string[] = [];
    for (let i = 0; i < REQUESTS_PER_DAY + 2; i++) {
      fresh.push(await post(people.carol, org.B, later(burstAt, -DAY), { title: `同時募集${i + 1}` }));
    }
    const results = await Promise.all(fresh.map((id) => request(id, "A", people.bob, burstAt)));
    expect(results.filter((r) => r.ok)).toHaveLength(REQUESTS_PER_DAY);
    expect(results.filter((r) => !r.ok)).toEqual([
      { ok: false, problem: "rate_limited" },
      { ok: false, problem: "rate_limited" },
    ]);
  });
});
