import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVerifiedUser } from "~/models/accounts.server";
import { auditTrail } from "~/models/audit.server";
import {
  closeConsultation,
  consultationsForStaff,
  consultationsOf,
  getConsultation,
  replyToConsultation,
  requestConsultation,
} from "~/models/consultations.server";
import { themeSchema } from "~/models/theme-schemas";
import { createTheme } from "~/models/themes.server";
import type { User } from "../../db/schema";
import { createTestDatabase, dropTestDatabase } from "../support/database";
import { mailContext as ctx, mailSentTo, notificationsFor } from "../support/fixtures";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let staffA: User;
let staffB: User;
let requester: User;
let otherMember: User;
let reviewer: User;
let themeId: string;

const T0 = new Date("2026-12-02T01:00:00.000Z");
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

beforeAll(async () => {
  handle = await createTestDatabase();
  const user = (email: string, name: string, role: "member" | "staff" | "reviewer") =>
    createVerifiedUser(handle.db, { email, name, password: "long enough password", role });
  staffA = await user("consult-staff-a@example.jp", "職員 甲", "staff");
  staffB = await user("consult-staff-b@example.jp", "職員 乙", "staff");
  requester = await user("consult-member@example.jp", "相談 する人", "member");
  otherMember = await user("consult-other@example.jp", "ほかの 会員", "member");
  reviewer = await user("consult-reviewer@example.jp", "審査 委員", "reviewer");
  themeId = await createTheme(handle.db, {
    staffId: staffA.id,
    values: v.parse(themeSchema, {
      courseId: "collabo",
      title: "商店街のにぎわいづくり",
      summary: "商店会と町会の協働事業を募集します。",
      background: "空き店舗が増えています。",
      expectations: "空き店舗を使った交流の場を期待します。",
      department: "産業経済部 商工観光課",
      contact: "商工観光課 電話 03-5984-1111",
      grantCapPerYear: "300000",
      grantCapTotal: "300000",
      subsidyRatePercent: "100",
      durationYears: "1",
      awardsPlanned: "3",
      minOrganizations: "2",
      declaration: "政治活動・宗教活動を目的とする団体ではありません。",
      opensAt: "2026-12-01T00:00",
      closesAt: "2027-01-29T17:00",
    }),
    criteria: [{ name: "地域性", description: "", weight: 100, maxScore: 5 }],
    now: T0,
  });
});
afterAll(() => dropTestDatabase(handle));

const mailTo = (address: string) => mailSentTo(handle.db, address);

const notificationsOf = (userId: string) => notificationsFor(handle.db, userId);

const asMember = (u: User) => ({ id: u.id, isStaff: false });
const asStaff = (u: User) => ({ id: u.id, isStaff: true });

describe("consultations", () => {
  let consultationId: string;

  it("records the request with its first message and tells every staff account, in the app and by e-mail", async () => {
    consultationId = await requestConsultation(
      handle.db,
      { themeId, userId: requester.id, subject: "予算の組み方", message: "人件費は対象になりますか？" },
      ctx(T0),
    );

    for (const staff of [staffA, staffB]) {
      const notes = await notificationsOf(staff.id);
      expect(
        notes.map((n) => [n.message_key, n.params, n.link]),
        staff.name,
      ).toEqual([["notice.consultationRequested", { subject: "予算の組み方" }, `/consultations/${consultationId}`]]);
      const mail = await mailTo(staff.email);
      expect(mail, staff.name).toHaveLength(1);
      expect(mail[0].template).toBe("notice");
      expect(mail[0].subject).toBe("【ねりま協働ラボ】事前相談：予算の組み方");
      expect(mail[0].text).toContain("人件費は対象になりますか？");
      expect(mail[0].text).toContain(`http://lab.test/consultations/${consultationId}`);
    }
    // Nobody else hears of it: not the member who asked, another member or a reviewer.
    for (const person of [requester, otherMember, reviewer]) {
      expect(await notificationsOf(person.id), person.name).toEqual([]);
      expect(await mailTo(person.email), person.name).toEqual([]);
    }
    expect((await auditTrail(handle.db, "consultation", consultationId)).map((e) => [e.action, e.actor_id])).toEqual([
      ["consultation.requested", requester.id],
    ]);
  });

  it("shows the thread to its requester and to staff, and to no other member", async () => {
    const mine = await getConsultation(handle.db, consultationId, asMember(requester));
    expect(mine?.consultation).toMatchObject({
      id: consultationId,
      subject: "予算の組み方",
      status: "open",
      requested_by: requester.id,
      theme_id: themeId,
      theme_title: "商店街のにぎわいづくり",
      department: "産業経済部 商工観光課",
      requester_name: "相談 する人",
    });
    expect(mine?.messages.map((m) => [m.body, m.from_staff, m.author_name])).toEqual([
      ["人件費は対象になりますか？", false, "相談 する人"],
    ]);
    expect((await getConsultation(handle.db, consultationId, asStaff(staffB)))?.consultation.id).toBe(consultationId);
    expect(await getConsultation(handle.db, consultationId, asMember(otherMember))).toBeNull();
    expect(await getConsultation(handle.db, consultationId, asMember(reviewer))).toBeNull();
    expect(await getConsultation(handle.db, "no-such-consultation", asStaff(staffA))).toBeNull();
  });

  it("lists the request for staff and for its requester only", async () => {
    expect((await consultationsForStaff(handle.db)).map((c) => [c.id, c.status, c.requester_name])).toEqual([
      [consultationId, "open", "相談 する人"],
    ]);
    expect((await consultationsOf(handle.db, requester.id)).map((c) => c.id)).toEqual([consultationId]);
    expect(await consultationsOf(handle.db, otherMember.id)).toEqual([]);
  });

  it("tells the requester, and only them, when staff reply", async () => {
    const staffNotesBefore = (await notificationsOf(staffB.id)).length;
    const ok = await replyToConsultation(
      handle.db,
      { id: consultationId, author: asStaff(staffA), message: "人件費も対象です。上限は補助額の3割です。" },
      ctx(later(30)),
    );
    expect(ok).toBe(true);

    const notes = await notificationsOf(requester.id);
    expect(notes.map((n) => [n.message_key, n.link])).toEqual([
      ["notice.consultationReply", `/consultations/${consultationId}`],
    ]);
    const mail = await mailTo(requester.email);
    expect(mail).toHaveLength(1);
    expect(mail[0].template).toBe("notice");
    expect(mail[0].text).toContain("人件費も対象です。");
    expect((await notificationsOf(staffB.id)).length).toBe(staffNotesBefore);
    expect((await notificationsOf(staffA.id)).length).toBe(1);

    const thread = await getConsultation(handle.db, consultationId, asMember(requester));
    expect(thread?.messages.map((m) => [m.from_staff, m.author_name])).toEqual([
      [false, "相談 する人"],
      [true, "職員 甲"],
    ]);
  });

  it("tells every staff account again when the requester answers", async () => {
    const ok = await replyToConsultation(
      handle.db,
      { id: consultationId, author: asMember(requester), message: "ありがとうございます。もう一点…" },
      ctx(later(60)),
    );
    expect(ok).toBe(true);
    for (const staff of [staffA, staffB]) {
      const notes = await notificationsOf(staff.id);
      expect(
        notes.map((n) => n.message_key),
        staff.name,
      ).toEqual(["notice.consultationRequested", "notice.consultationRequested"]);
      expect(await mailTo(staff.email), staff.name).toHaveLength(2);
    }
    expect(await notificationsOf(requester.id)).toHaveLength(1);
  });

  it("refuses a reply from a member who is not the requester, and writes nothing", async () => {
    const before = await getConsultation(handle.db, consultationId, asStaff(staffA));
    const ok = await replyToConsultation(
      handle.db,
      { id: consultationId, author: asMember(otherMember), message: "横から失礼します" },
      ctx(later(90)),
    );
    expect(ok).toBe(false);
    const after = await getConsultation(handle.db, consultationId, asStaff(staffA));
    expect(after?.messages).toHaveLength(before?.messages.length ?? -1);
    expect((await notificationsOf(staffA.id)).length).toBe(2);
  });

  it("closes the consultation and audits who closed it", async () => {
    await closeConsultation(handle.db, { id: consultationId, staffId: staffB.id, now: later(120) });
    const thread = await getConsultation(handle.db, consultationId, asMember(requester));
    expect(thread?.consultation.status).toBe("closed");
    expect((await consultationsOf(handle.db, requester.id))[0]).toMatchObject({ id: consultationId, status: "closed" });
    const trail = await auditTrail(handle.db, "consultation", consultationId);
    expect(trail.at(-1)).toMatchObject({ action: "consultation.closed", actor_id: staffB.id });
  });

  it("reopens a closed consultation when a new message arrives", async () => {
    const ok = await replyToConsultation(
      handle.db,
      { id: consultationId, author: asMember(requester), message: "追加で質問があります。" },
      ctx(later(180)),
    );
    expect(ok).toBe(true);
    const thread = await getConsultation(handle.db, consultationId, asStaff(staffA));
    expect(thread?.consultation.status).toBe("open");
    expect(thread?.messages).toHaveLength(4);
  });
});
