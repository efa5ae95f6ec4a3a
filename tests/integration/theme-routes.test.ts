import type { SubmissionResult } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestConsultation } from "~/models/consultations.server";
import { storeFile } from "~/models/files.server";
import { setSubscriptions, subscriptionsOf, unsubscribeToken } from "~/models/subscriptions.server";
import { askQuestion } from "~/models/theme-questions.server";
import { answerSchema } from "~/models/theme-schemas";
import * as consultation from "~/routes/consultations.$id";
import * as file from "~/routes/files.$id";
import * as staffConsultations from "~/routes/staff.consultations";
import * as staffThemes from "~/routes/staff.themes._index";
import * as staffTheme from "~/routes/staff.themes.$id._index";
import * as attachments from "~/routes/staff.themes.$id.attachments";
import * as staffQuestions from "~/routes/staff.themes.$id.questions";
import * as staffNew from "~/routes/staff.themes.new";
import * as themes from "~/routes/themes._index";
import * as themePage from "~/routes/themes.$id";
import * as unsubscribe from "~/routes/unsubscribe";
import { installServices } from "~/services.server";
import type { User } from "../../db/schema";
import { minimalPdf } from "../../db/seed-themes";
import { createTestDatabase } from "../support/database";
import { draftTheme, installTestServices, mailContext, publishedTheme, signedInUsers } from "../support/fixtures";
import { actionAnswer, callAction, callLoader, outcome } from "../support/routes";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let cookie: Record<string, string>;
let user: Record<string, User>;
let draft = "";
let published = "";
let draftFile = "";
let publishedFile = "";
let consultationId = "";

const criteria = [{ name: "地域課題の理解", description: "", weight: 50, maxScore: 5 }];

const validForm = {
  courseId: "collabo",
  title: "新しいテーマ",
  summary: "概要",
  background: "背景",
  expectations: "期待",
  department: "協働推進課",
  contact: "03-0000-0000",
  grantCapPerYear: "300,000",
  grantCapTotal: "300000",
  subsidyRatePercent: "100",
  durationYears: "1",
  awardsPlanned: "5",
  minOrganizations: "2",
  declaration: "誓約",
  opensAt: "2027-01-05T09:00",
  closesAt: "2027-02-26T17:00",
  "criteria[0].name": "協働の体制",
  "criteria[0].weight": "50",
  "criteria[0].maxScore": "5",
};

beforeAll(async () => {
  handle = await createTestDatabase();
  installTestServices(handle);
  ({ user, cookie } = await signedInUsers(handle.db, {
    member: "member",
    other: "member",
    reviewer: "reviewer",
    staff: "staff",
    admin: "admin",
  }));
  const now = new Date();
  const theme = (title: string) => ({ staffId: user.staff.id, title, criteria, now });
  draft = await draftTheme(handle.db, theme("下書きのテーマ"));
  published = await publishedTheme(handle.db, theme("公開中のテーマ"));
  const pdf = minimalPdf("test");
  const stored = (ownerId: string) =>
    storeFile(handle.db, {
      ownerType: "theme",
      ownerId,
      label: "募集要項",
      filename: "募集要項.pdf",
      bytes: pdf,
      contentType: "application/pdf",
      uploadedBy: user.staff.id,
    });
  draftFile = await stored(draft);
  publishedFile = await stored(published);
  consultationId = await requestConsultation(
    handle.db,
    { themeId: published, userId: user.member.id, subject: "相談", message: "相談したいです" },
    mailContext(now),
  );
});

afterAll(async () => {
  installServices(null);
  await handle.cleanup();
});

const countThemes = async () => (await handle.db.selectFrom("themes").select("id").execute()).length;
const countFiles = async () => (await handle.db.selectFrom("files").select("id").execute()).length;

describe("staff theme pages (read and write: staff and admins)", () => {
  it("refuse a visitor, a member and a reviewer, reading and writing", async () => {
    expect((await callLoader(staffThemes.loader, "/staff/themes", null)).status).toBe(302);
    for (const who of ["member", "reviewer"]) {
      expect((await callLoader(staffThemes.loader, "/staff/themes", cookie[who])).status).toBe(403);
      expect((await callLoader(staffNew.loader, "/staff/themes/new", cookie[who])).status).toBe(403);
      expect((await callAction(staffNew.action, "/staff/themes/new", cookie[who], validForm)).status).toBe(403);
      const params = { id: draft };
      expect((await callLoader(staffTheme.loader, `/staff/themes/${draft}`, cookie[who], params)).status).toBe(403);
      expect(
        (await callAction(staffTheme.action, `/staff/themes/${draft}`, cookie[who], { intent: "publish" }, params))
          .status,
      ).toBe(403);
      expect(
        (await callLoader(staffQuestions.loader, `/staff/themes/${draft}/questions`, cookie[who], params)).status,
      ).toBe(403);
      expect((await callLoader(staffConsultations.loader, "/staff/consultations", cookie[who])).status).toBe(403);
    }
    const row = await handle.db.selectFrom("themes").select("status").where("id", "=", draft).executeTakeFirstOrThrow();
    expect(row.status).toBe("draft");
    expect((await callAction(staffNew.action, "/staff/themes/new", null, validForm)).status).toBe(302);
  });

  it("shows the theme's history naming who did what, newest first", async () => {
    const page = (await staffTheme.loader({
      request: new Request(`http://localhost/staff/themes/${draft}`, { headers: { Cookie: cookie.staff } }),
      params: { id: draft },
      context: { clientAddress: null },
    })) as { history: { action: string; actor: string | null }[] };
    expect(page.history[page.history.length - 1]).toMatchObject({ action: "theme.created", actor: "staff" });
  });

  it("let staff and admins in; a theme with errors is refused with 400 and nothing saved", async () => {
    expect((await callLoader(staffThemes.loader, "/staff/themes", cookie.staff)).status).toBe(200);
    expect((await callLoader(staffThemes.loader, "/staff/themes", cookie.admin)).status).toBe(200);
    const before = await countThemes();
    const noCriteria = { ...validForm, "criteria[0].name": "", "criteria[0].weight": "", "criteria[0].maxScore": "" };
    expect((await callAction(staffNew.action, "/staff/themes/new", cookie.staff, noCriteria)).status).toBe(400);
    const badWindow = { ...validForm, closesAt: "2027-01-01T09:00" };
    expect((await callAction(staffNew.action, "/staff/themes/new", cookie.staff, badWindow)).status).toBe(400);
    expect(await countThemes()).toBe(before);
    const created = await callAction(staffNew.action, "/staff/themes/new", cookie.staff, {
      ...validForm,
      minReviewers: "3",
    });
    expect(created.status).toBe(302);
    expect(await countThemes()).toBe(before + 1);
    // The number of reviewers each proposal should have is kept with the theme.
    const newest = await handle.db
      .selectFrom("themes")
      .select("min_reviewers")
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();
    expect(newest.min_reviewers).toBe(3);
  });
});

function upload(who: string | null, themeId: string, name: string, bytes: Uint8Array, label = "資料") {
  const body = new FormData();
  body.set("intent", "upload");
  body.set("label", label);
  body.set("file", new File([Buffer.from(bytes)], name, { type: "application/pdf" }));
  const headers = new Headers();
  if (who) headers.set("Cookie", cookie[who]);
  const request = new Request(`http://localhost/staff/themes/${themeId}/attachments`, {
    method: "POST",
    headers,
    body,
  });
  return outcome(() => attachments.action({ request, params: { id: themeId }, context: { clientAddress: null } }));
}

describe("theme documents (upload: staff)", () => {
  it("refuses a member, and files that are empty, too large or not what their name says", async () => {
    const before = await countFiles();
    expect((await upload("member", draft, "a.pdf", minimalPdf("x"))).status).toBe(403);
    expect((await upload("staff", draft, "empty.pdf", new Uint8Array())).status).toBe(400);
    expect((await upload("staff", draft, "fake.pdf", new TextEncoder().encode("MZ this is a program"))).status).toBe(
      400,
    );
    expect((await upload("staff", draft, "big.pdf", new Uint8Array(10 * 1024 * 1024 + 1).fill(0x25))).status).toBe(413);
    expect((await upload("staff", draft, "a.pdf", minimalPdf("x"), "")).status).toBe(400);
    expect(await countFiles()).toBe(before);
    expect((await upload("staff", draft, "要項.pdf", minimalPdf("x"))).status).toBe(302);
    expect(await countFiles()).toBe(before + 1);
  });

  it("answers 404 to deleting another theme's file through this theme's URL, and keeps the file", async () => {
    const fileIds = async (themeId: string) =>
      (
        await handle.db
          .selectFrom("files")
          .select("id")
          .where("owner_type", "=", "theme")
          .where("owner_id", "=", themeId)
          .orderBy("id")
          .execute()
      ).map((f) => f.id);
    const draftBefore = await fileIds(draft);
    expect(await fileIds(published)).toEqual([publishedFile]);
    // publishedFile belongs to the published theme; the URL names the draft.
    expect(
      (
        await callAction(
          attachments.action,
          `/staff/themes/${draft}/attachments`,
          cookie.staff,
          { intent: "delete", fileId: publishedFile },
          { id: draft },
        )
      ).status,
    ).toBe(404);
    expect(await fileIds(published)).toEqual([publishedFile]);
    expect(await fileIds(draft)).toEqual(draftBefore);

    // A file of the theme in the URL is deleted.
    expect((await upload("staff", draft, "消す資料.pdf", minimalPdf("x"), "消す資料")).status).toBe(302);
    const uploaded = (await fileIds(draft)).filter((id) => !draftBefore.includes(id));
    expect(uploaded).toHaveLength(1);
    expect(
      await callAction(
        attachments.action,
        `/staff/themes/${draft}/attachments`,
        cookie.staff,
        { intent: "delete", fileId: uploaded[0] },
        { id: draft },
      ),
    ).toMatchObject({ status: 302, location: `/staff/themes/${draft}` });
    expect(await fileIds(draft)).toEqual(draftBefore);
    expect(await fileIds(published)).toEqual([publishedFile]);
  });

  it("serves a published theme's document to anyone, with its name, type and nosniff", async () => {
    const response = (await file.loader({
      request: new Request(`http://localhost/files/${publishedFile}`),
      params: { id: publishedFile },
      context: { clientAddress: null },
    })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Content-Disposition")).toContain(
      `filename*=UTF-8''${encodeURIComponent("募集要項.pdf")}`,
    );
    const body = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(body).equals(Buffer.from(minimalPdf("test")))).toBe(true);
  });

  it("hides a draft theme's document from everyone but staff", async () => {
    expect((await callLoader(file.loader, `/files/${draftFile}`, null, { id: draftFile })).status).toBe(404);
    expect((await callLoader(file.loader, `/files/${draftFile}`, cookie.member, { id: draftFile })).status).toBe(404);
    expect((await callLoader(file.loader, `/files/${draftFile}`, cookie.staff, { id: draftFile })).status).toBe(200);
  });
});

describe("public theme pages", () => {
  it("show published themes to anyone, and a draft only to staff", async () => {
    expect((await callLoader(themePage.loader, `/themes/${published}`, null, { id: published })).status).toBe(200);
    expect((await callLoader(themePage.loader, `/themes/${draft}`, null, { id: draft })).status).toBe(404);
    expect((await callLoader(themePage.loader, `/themes/${draft}`, cookie.member, { id: draft })).status).toBe(404);
    expect((await callLoader(themePage.loader, `/themes/${draft}`, cookie.staff, { id: draft })).status).toBe(200);
    const list = (await themes.loader({
      request: new Request("http://localhost/themes"),
      params: {},
      context: { clientAddress: null },
    })) as { open: { id: string }[]; upcoming: unknown[]; closed: unknown[] };
    expect(list.open.map((t) => t.id)).toEqual([published]);
  });

  it("send a visitor who asks a question to log in, and keep an empty question with 400", async () => {
    const ask = { intent: "ask", question: "質問です" };
    expect((await callAction(themePage.action, `/themes/${published}`, null, ask, { id: published })).status).toBe(302);
    expect(
      (
        await callAction(
          themePage.action,
          `/themes/${published}`,
          cookie.member,
          { intent: "ask", question: " " },
          { id: published },
        )
      ).status,
    ).toBe(400);
    expect(
      (await callAction(themePage.action, `/themes/${published}`, cookie.member, ask, { id: published })).status,
    ).toBe(302);
    expect((await callAction(themePage.action, `/themes/${draft}`, cookie.member, ask, { id: draft })).status).toBe(
      404,
    );
  });
});

describe("/staff/themes/:id/questions (read and write: staff)", () => {
  it("gives a refused answer back to its question's form, the problem at the field; a question of another theme is 404", async () => {
    const questionId = await askQuestion(
      handle.db,
      { themeId: published, userId: user.member.id, question: "消耗品は対象ですか。", now: new Date() },
      mailContext(),
    );
    const path = `/staff/themes/${published}/questions`;
    const params = { id: published };
    const tooLong = "対象になります。".repeat(501);
    const sent = { questionId, answer: tooLong };
    const { status, data } = await actionAnswer<{ questionId: string; result: SubmissionResult<string[]> }>(
      staffQuestions.action,
      path,
      cookie.staff,
      sent,
      params,
    );
    expect(status).toBe(400);
    expect(data.questionId).toBe(questionId);
    expect(data.result.error).toEqual({ answer: ["validation.answer"] });
    expect(data.result.initialValue).toMatchObject({ questionId, answer: tooLong });
    // What the form sends with an answer is what the same schema accepts, in the browser and here.
    const answered = { questionId, answer: "消耗品の購入費は対象になります。" };
    expect(parseWithValibot(new URLSearchParams(answered), { schema: answerSchema }).status).toBe("success");
    expect(
      (
        await callAction(staffQuestions.action, `/staff/themes/${draft}/questions`, cookie.staff, answered, {
          id: draft,
        })
      ).status,
    ).toBe(404);
    expect((await callAction(staffQuestions.action, path, cookie.member, answered, params)).status).toBe(403);
    expect((await callAction(staffQuestions.action, path, cookie.staff, answered, params)).status).toBe(302);
  });
});

describe("consultations (the requester and staff)", () => {
  it("hide a consultation from another member, and let only staff close it", async () => {
    const params = { id: consultationId };
    expect(
      (await callLoader(consultation.loader, `/consultations/${consultationId}`, cookie.other, params)).status,
    ).toBe(404);
    expect(
      (
        await callAction(
          consultation.action,
          `/consultations/${consultationId}`,
          cookie.other,
          { message: "横から" },
          params,
        )
      ).status,
    ).toBe(404);
    expect((await callLoader(consultation.loader, `/consultations/${consultationId}`, null, params)).status).toBe(302);
    expect(
      (await callLoader(consultation.loader, `/consultations/${consultationId}`, cookie.member, params)).status,
    ).toBe(200);
    expect(
      (await callLoader(consultation.loader, `/consultations/${consultationId}`, cookie.staff, params)).status,
    ).toBe(200);
    expect(
      (
        await callAction(
          consultation.action,
          `/consultations/${consultationId}`,
          cookie.member,
          { intent: "close" },
          params,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await callAction(
          consultation.action,
          `/consultations/${consultationId}`,
          cookie.staff,
          { intent: "close" },
          params,
        )
      ).status,
    ).toBe(302);
  });
});

describe("/unsubscribe (anyone with the signed link)", () => {
  it("removes the subscriptions of the link's owner only, and refuses a forged link", async () => {
    await setSubscriptions(handle.db, { userId: user.member.id, fields: ["welfare"], courses: ["collabo"] });
    await setSubscriptions(handle.db, { userId: user.other.id, fields: ["welfare"], courses: [] });
    const run = async (token: string) =>
      (await unsubscribe.loader({
        request: new Request(`http://localhost/unsubscribe?token=${token}`),
        params: {},
        context: { clientAddress: null },
      })) as { outcome: string };
    expect((await run(unsubscribeToken(user.member.id, "another-secret"))).outcome).toBe("invalid");
    expect((await subscriptionsOf(handle.db, user.member.id)).fields).toEqual(["welfare"]);
    expect((await run(unsubscribeToken(user.member.id, "test-secret"))).outcome).toBe("done");
    expect(await subscriptionsOf(handle.db, user.member.id)).toEqual({ fields: [], courses: [] });
    expect((await subscriptionsOf(handle.db, user.other.id)).fields).toEqual(["welfare"]);
    expect((await run(unsubscribeToken(user.member.id, "test-secret"))).outcome).toBe("nothing");
  });
});
