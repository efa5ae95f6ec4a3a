import { randomUUID } from "node:crypto";
import { parseWithValibot } from "@conform-to/valibot";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ManageAnswer } from "~/components/milestone-report";
import { decideFinalReport, submitFinalReport } from "~/models/project-final-report.server";
import { adjustMilestone, recordContinuation, staffProjectList } from "~/models/project-oversight.server";
import { sendDueReminders } from "~/models/project-reminders.server";
import { decideReport, projectWork, submitReport } from "~/models/project-reports.server";
import {
  continuationSchema,
  finalDecisionSchema,
  finalReportSchema,
  milestoneAdjustSchema,
  milestoneReportSchema,
  reportDecisionSchema,
} from "~/models/project-schemas";
import { createProject } from "~/models/projects.server";
import * as file from "~/routes/files.$id";
import * as publicPage from "~/routes/projects.$id";
import * as manage from "~/routes/projects.$id_.manage";
import * as staffProjects from "~/routes/staff.projects";
import * as staffProjectsCsv from "~/routes/staff.projects[.csv]";
import { installServices } from "~/services.server";
import * as photoDescriptions from "../../db/migrations/2026-12-01-019-photo-descriptions";
import type { User } from "../../db/schema";
import { tinyPng } from "../../db/seed-themes";
import { createTestDatabase } from "../support/database";
import {
  DAY,
  DURING,
  finishedSections,
  fundedProject,
  installTestServices,
  leadAndUnverifiedPartner,
  mailContext as mail,
  NOW,
  registeredOrganization,
  signedInUsers,
} from "../support/fixtures";
import { actionAnswer, callAction, callLoader, outcome } from "../support/routes";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let user: Record<string, User>;
let cookie: Record<string, string>;
let projectId = "";
let milestones: { id: string; due_on: string }[] = [];
/** The ward's officer approves or returns a report of this test's project. */
const staffDecides = (reportId: string, approve: boolean, comment = "") =>
  decideReport(handle.db, { projectId, reportId, staffId: user.staff.id, approve, comment }, mail(NOW));
/** The public project page's data, as a visitor gets it. */
const publicLoad = async () =>
  (await publicPage.loader({
    request: new Request(`http://localhost/projects/${projectId}`),
    params: { id: projectId },
    context: { clientAddress: null },
  })) as Awaited<ReturnType<typeof publicPage.loader>>;
const day = (offset: number) => new Date(NOW.getTime() + offset * DAY + 9 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  handle = await createTestDatabase();
  installTestServices(handle);
  ({ user, cookie } = await signedInUsers(
    handle.db,
    { lead: "member", partner: "member", other: "member", staff: "staff" },
    (key) => `利用者${key}`,
  ));
  const [leadOrg, partnerOrg] = await leadAndUnverifiedPartner(handle.db, {
    lead: user.lead,
    partner: user.partner,
    staff: user.staff,
    names: ["見守り町会", "NPO法人 つなぐ"],
    now: DURING,
  });
  // The unrelated organisation is registered, never verified.
  await registeredOrganization(handle.db, {
    representative: user.other,
    name: "無関係の会",
    kind: "other",
    now: DURING,
  });
  ({ projectId, milestones } = await fundedProject(handle.db, {
    staff: user.staff,
    themeTitle: "事業のテスト",
    amount: 180_000,
    lead: { organizationId: leadOrg, user: user.lead },
    partners: [{ organizationId: partnerOrg, user: user.partner }],
    sections: finishedSections([leadOrg, partnerOrg], {
      title: "見守りの輪",
      outcomes: { text: "成果", indicators: [{ name: "指標", target: "10" }] },
      schedule: {
        milestones: [
          { title: "一週間後", date: day(7), deliverable: "記録" },
          { title: "先週", date: day(-3), deliverable: "写真" },
          { title: "明日", date: day(1), deliverable: "" },
        ],
      },
      budget: {
        lines: [{ item: "会場費", category: "rental", amount: 200_000, note: "" }],
        ownFunds: 0,
        requested: 200_000,
      },
    }),
  }));
}, 60_000);

afterAll(async () => {
  installServices(null);
  await handle.cleanup();
});

describe("a funded proposal becomes a project", () => {
  it("with its grant and its milestones in date order", async () => {
    const project = await handle.db
      .selectFrom("projects")
      .selectAll()
      .where("id", "=", projectId)
      .executeTakeFirstOrThrow();
    expect(project).toMatchObject({ title: "見守りの輪", grant_amount: 180_000, status: "active" });
    expect(milestones.map((m) => m.due_on)).toEqual([day(-3), day(1), day(7)]);
  });
});

describe("reminders", () => {
  it("go 7 days and 1 day before and on the overdue day, each exactly once whatever restarts happen", async () => {
    const outbox = async () =>
      (
        await handle.db
          .selectFrom("mail_outbox")
          .select("subject")
          .where("to_address", "in", ["lead@example.jp", "partner@example.jp"])
          .execute()
      ).map((m) => m.subject);
    const before = await outbox();
    expect(await sendDueReminders(handle.db, mail(NOW))).toBe(3);
    expect(await sendDueReminders(handle.db, mail(NOW))).toBe(0);
    expect(await sendDueReminders(handle.db, mail(new Date(NOW.getTime() + 60_000)))).toBe(0);
    const sent = (await outbox()).slice(before.length);
    // Three reminders, each to both members of the team.
    expect(sent).toHaveLength(6);
    expect(sent.filter((s) => s.includes("期限を過ぎています"))).toHaveLength(2);
  });
});

describe("progress reports", () => {
  it("are sent only by the team, returned and approved only by staff", async () => {
    const path = `/projects/${projectId}/manage`;
    const params = { id: projectId };
    expect((await callLoader(manage.loader, path, null, params)).status).toBe(302);
    expect((await callLoader(manage.loader, path, cookie.other, params)).status).toBe(404);
    expect((await callLoader(manage.loader, path, cookie.partner, params)).status).toBe(200);
    expect((await callLoader(manage.loader, path, cookie.staff, params)).status).toBe(200);
    const form = {
      milestoneId: milestones[0].id,
      body: "説明会を開きました。",
      excerpt: "20人が参加しました。",
      spent: "30,000",
    };
    expect((await callAction(manage.action, path, cookie.other, form, params)).status).toBe(404);
    expect((await callAction(manage.action, path, cookie.staff, form, params)).status).toBe(403);
    expect((await callAction(manage.action, path, cookie.lead, { ...form, body: " " }, params)).status).toBe(400);
  });

  it("go from submitted to returned to approved, with a public photo shown only once approved", async () => {
    const sent = await submitReport(
      handle.db,
      { milestoneId: milestones[0].id, userId: user.lead.id, body: "初回", publicExcerpt: "", spent: 0 },
      mail(NOW),
    );
    if (!sent.ok) throw new Error(sent.problem);
    expect(
      await submitReport(
        handle.db,
        { milestoneId: milestones[0].id, userId: user.lead.id, body: "二重", publicExcerpt: "", spent: 0 },
        mail(NOW),
      ),
    ).toEqual({ ok: false, problem: "waiting" });
    // Security (review #3): a report is decided only through its own project's URL.
    expect(
      await decideReport(
        handle.db,
        {
          projectId: "00000000-0000-0000-0000-000000000000",
          reportId: sent.reportId,
          staffId: user.staff.id,
          approve: true,
          comment: "",
        },
        mail(NOW),
      ),
    ).toBe(false);
    expect(await staffDecides(sent.reportId, false, "写真を添えてください")).toBe(true);

    const reportWithPhoto = (photoDescription: string) => {
      const body = new FormData();
      body.set("milestoneId", milestones[0].id);
      body.set("body", "写真を添えて報告します。");
      body.set("excerpt", "公園で20人が活動しました。");
      body.set("spent", "50000");
      body.set("photo", new File([Buffer.from(tinyPng())], "IMG_0412.png"));
      body.set("photoPublic", "on");
      body.set("photoDescription", photoDescription);
      const request = new Request(`http://localhost/projects/${projectId}/manage`, {
        method: "POST",
        headers: { Cookie: cookie.partner },
        body,
      });
      return manage.action({ request, params: { id: projectId }, context: { clientAddress: null } });
    };
    // A photo without its description is refused at that field; what was typed comes back; nothing is stored.
    const reportsBefore = await handle.db.selectFrom("milestone_reports").select("id").execute();
    const refused = (await reportWithPhoto("  ")) as { data: ManageAnswer; init: { status: number } };
    expect(refused.init.status).toBe(400);
    expect(refused.data).toMatchObject({ section: milestones[0].id, form: `report-${milestones[0].id}` });
    expect(refused.data.result?.error).toEqual({ photoDescription: ["validation.photoDescription"] });
    expect(refused.data.result?.initialValue).toMatchObject({
      body: "写真を添えて報告します。",
      excerpt: "公園で20人が活動しました。",
      photoPublic: "on",
    });
    expect(await handle.db.selectFrom("milestone_reports").select("id").execute()).toHaveLength(reportsBefore.length);
    expect((await outcome(() => reportWithPhoto("公園の花壇に苗を植える参加者たち"))).status).toBe(302);
    const second = await handle.db
      .selectFrom("milestone_reports")
      .select(["id", "status"])
      .where("milestone_id", "=", milestones[0].id)
      .orderBy("submitted_at", "desc")
      .executeTakeFirstOrThrow();
    const [photo] = await handle.db
      .selectFrom("files")
      .select(["id", "is_public", "description"])
      .where("owner_type", "=", "report")
      .where("owner_id", "=", second.id)
      .execute();
    expect(photo).toMatchObject({ is_public: true, description: "公園の花壇に苗を植える参加者たち" });
    // Not public before approval.
    expect((await callLoader(file.loader, `/files/${photo.id}`, null, { id: photo.id })).status).toBe(404);
    expect((await callLoader(file.loader, `/files/${photo.id}`, cookie.lead, { id: photo.id })).status).toBe(200);
    expect(await staffDecides(second.id, true)).toBe(true);
    expect((await callLoader(file.loader, `/files/${photo.id}`, null, { id: photo.id })).status).toBe(200);
    const shown = await publicLoad();
    // The team's description is the photo's alt text, never its file name.
    expect(shown.reports.flatMap((r) => r.photos)).toEqual([
      { id: photo.id, description: "公園の花壇に苗を植える参加者たち" },
    ]);
    const page = JSON.stringify(shown);
    expect(page).not.toContain("IMG_0412");
    expect(page).toContain("公園で20人が活動しました。");
    expect(page).not.toContain("写真を添えて報告します。");
    expect(page).not.toContain("利用者lead");
  });
});

describe("the staff dashboard", () => {
  it("is for staff only and gives each project a state", async () => {
    expect((await callLoader(staffProjects.loader, "/staff/projects", cookie.lead)).status).toBe(403);
    expect((await callLoader(staffProjects.loader, "/staff/projects", null)).status).toBe(302);
    expect((await callLoader(staffProjectsCsv.loader, "/staff/projects.csv", null)).status).toBe(302);
    expect((await callLoader(staffProjectsCsv.loader, "/staff/projects.csv", cookie.partner)).status).toBe(403);
    const csv = await staffProjectsCsv.loader({
      request: new Request("http://localhost/staff/projects.csv", { headers: { Cookie: cookie.staff } }),
      params: {},
      context: { clientAddress: null },
    });
    expect(await (csv as Response).text()).toContain("見守りの輪");
    const data = (await staffProjects.loader({
      request: new Request("http://localhost/staff/projects", { headers: { Cookie: cookie.staff } }),
      params: {},
      context: { clientAddress: null },
    })) as { rows: { state: string }[] };
    expect(data.rows.map((r) => r.state)).toEqual(["at_risk"]);
  });

  it("states follow the milestones (overdue, at risk, on track, completed), and the list filters and pages by them", async () => {
    // Each case set on the project's milestones inside a transaction that is then undone.
    const stateWith = (
      statuses: { status: "planned" | "submitted" | "returned" | "approved"; due_on: string }[],
      projectStatus: "active" | "completed" = "active",
    ) =>
      handle.db
        .transaction()
        .execute(async (trx) => {
          await trx.updateTable("projects").set({ status: projectStatus }).where("id", "=", projectId).execute();
          for (const [i, m] of milestones.entries()) {
            const set = statuses[i] ?? { status: "approved" as const, due_on: day(-100) };
            await trx
              .updateTable("milestones")
              .set({ status: set.status, due_on: set.due_on })
              .where("id", "=", m.id)
              .execute();
          }
          const all = await staffProjectList(trx, {}, NOW, null);
          const overdueOnly = await staffProjectList(trx, { state: "overdue" }, NOW, { page: 1, pageSize: 10 });
          throw new Answer(all.rows.find((r) => r.id === projectId)?.state, overdueOnly);
        })
        .catch((thrown: unknown) => {
          if (thrown instanceof Answer) return thrown;
          throw thrown;
        });
    const overdue = await stateWith([{ status: "planned", due_on: day(-1) }]);
    expect(overdue.state).toBe("overdue");
    expect(overdue.overdueOnly.rows.map((r) => r.id)).toEqual([projectId]);
    expect(overdue.overdueOnly.total).toBe(1);
    // Due today is not yet overdue (the day in Japan); a submitted report past its day still is.
    expect((await stateWith([{ status: "planned", due_on: day(0) }])).state).toBe("at_risk");
    expect((await stateWith([{ status: "submitted", due_on: day(-1) }])).state).toBe("overdue");
    expect((await stateWith([{ status: "planned", due_on: day(7) }])).state).toBe("at_risk");
    expect((await stateWith([{ status: "planned", due_on: day(8) }])).state).toBe("on_track");
    expect((await stateWith([{ status: "returned", due_on: day(30) }])).state).toBe("at_risk");
    const onTrack = await stateWith([{ status: "planned", due_on: day(30) }]);
    expect(onTrack.state).toBe("on_track");
    expect(onTrack.overdueOnly).toMatchObject({ rows: [], total: 0 });
    expect((await stateWith([], "completed")).state).toBe("completed");
  });
});

class Answer {
  constructor(
    readonly state: string | undefined,
    readonly overdueOnly: Awaited<ReturnType<typeof staffProjectList>>,
  ) {}
}

describe("closing a project", () => {
  const finalReport = {
    outcomes: [{ indicator: "指標", target: "10", achieved: "12" }],
    spending: [
      { item: "会場費", planned: 200_000, spent: 150_000 },
      { item: "印刷費", planned: 30_000, spent: 42_500 },
    ],
    selfEvaluation: "目標を上回りました。",
  };

  it("lets staff move a milestone only while nothing is reported on it, and its reminders start afresh", async () => {
    const last = milestones[milestones.length - 1];
    const reminded = await handle.db
      .selectFrom("milestone_reminders")
      .select("kind")
      .where("milestone_id", "=", last.id)
      .execute();
    expect(reminded.length).toBeGreaterThan(0);
    expect(
      await adjustMilestone(handle.db, {
        projectId,
        milestoneId: last.id,
        staffId: user.staff.id,
        title: "延期した報告会",
        dueOn: day(40),
      }),
    ).toBe(true);
    expect(
      await handle.db.selectFrom("milestone_reminders").select("kind").where("milestone_id", "=", last.id).execute(),
    ).toEqual([]);
    // The first milestone was approved above: it stays as reported.
    expect(
      await adjustMilestone(handle.db, {
        projectId,
        milestoneId: milestones[0].id,
        staffId: user.staff.id,
        title: "書き換え",
        dueOn: day(40),
      }),
    ).toBe(false);
    // A milestone of another project cannot be reached through this one.
    expect(
      await adjustMilestone(handle.db, {
        projectId: "00000000-0000-0000-0000-000000000000",
        milestoneId: last.id,
        staffId: user.staff.id,
        title: "x",
        dueOn: day(40),
      }),
    ).toBe(false);
  });

  it("takes the final report only once every milestone is approved; staff return it, then accept it", async () => {
    expect(
      await submitFinalReport(handle.db, { projectId, userId: user.lead.id, report: finalReport }, mail(NOW)),
    ).toEqual({ ok: false, problem: "milestones_open" });
    for (const m of milestones.slice(1)) {
      const sent = await submitReport(
        handle.db,
        { milestoneId: m.id, userId: user.lead.id, body: "報告", publicExcerpt: "", spent: 0 },
        mail(NOW),
      );
      if (!sent.ok) throw new Error(sent.problem);
      await staffDecides(sent.reportId, true);
    }
    // Approving every milestone does not close the project by itself: the final report does.
    expect((await projectWork(handle.db, projectId))?.project.status).toBe("active");
    expect(
      await submitFinalReport(handle.db, { projectId, userId: user.lead.id, report: finalReport }, mail(NOW)),
    ).toEqual({ ok: true });
    // Submitted, not yet accepted: the public sees nothing of it.
    expect((await publicLoad()).outcomes).toBeNull();
    expect(
      await submitFinalReport(handle.db, { projectId, userId: user.lead.id, report: finalReport }, mail(NOW)),
    ).toEqual({ ok: false, problem: "not_open" });
    expect(
      await decideFinalReport(
        handle.db,
        { projectId, staffId: user.staff.id, accept: false, comment: "支出の内訳を" },
        mail(NOW),
      ),
    ).toBe(true);
    const returned = await projectWork(handle.db, projectId);
    expect(returned?.project).toMatchObject({
      status: "active",
      final_status: "returned",
      final_comment: "支出の内訳を",
    });
    expect((await publicLoad()).outcomes).toBeNull();
    expect(
      await submitFinalReport(handle.db, { projectId, userId: user.lead.id, report: finalReport }, mail(NOW)),
    ).toEqual({ ok: true });
    expect(
      await decideFinalReport(handle.db, { projectId, staffId: user.staff.id, accept: true, comment: "" }, mail(NOW)),
    ).toBe(true);
    // A second decision on the same report is refused (double submit).
    expect(
      await decideFinalReport(handle.db, { projectId, staffId: user.staff.id, accept: false, comment: "" }, mail(NOW)),
    ).toBe(false);
    const done = await projectWork(handle.db, projectId);
    expect(done?.project).toMatchObject({ status: "completed", final_status: "accepted" });
    expect(done?.project.final_report).toEqual(finalReport);
    expect(done?.indicators).toEqual([{ name: "指標", target: "10" }]);
    expect(done?.budgetLines.map((l) => l.item)).toEqual(["会場費"]);
    // Accepted: the results and the money spent are public, with their totals; the self-evaluation is not.
    const shown = await publicLoad();
    expect(shown.outcomes).toEqual({
      outcomes: [{ indicator: "指標", target: "10", achieved: "12" }],
      spending: finalReport.spending,
      totals: { planned: 230_000, spent: 192_500, difference: -37_500 },
    });
    expect(JSON.stringify(shown)).not.toContain("目標を上回りました。");
    // The team was told in the final report's own words, not as a progress report on a milestone.
    const told = await handle.db
      .selectFrom("mail_outbox")
      .select(["subject", "text"])
      .where("to_address", "=", user.lead.email)
      .where("subject", "like", "%完了報告%")
      .orderBy("id")
      .execute();
    expect(told.map((m) => m.subject)).toEqual([
      "【ねりま協働ラボ】完了報告の差し戻し（見守りの輪）",
      "【ねりま協働ラボ】完了報告が受理されました（見守りの輪）",
    ]);
    expect(told[0].text).toContain("支出の内訳を");
    expect(told.map((m) => m.text).join("")).not.toContain("進捗報告");
  });

  it("records a yearly continuation decision; stopping ends the project", async () => {
    const decideYear2 = (decision: "continue" | "stop", note: string) =>
      recordContinuation(handle.db, { projectId, staffId: user.staff.id, year: 2, decision, note, now: NOW });
    await decideYear2("continue", "順調");
    await decideYear2("stop", "見直し");
    const work = await projectWork(handle.db, projectId);
    expect(work?.continuations.map((c) => [c.year, c.decision, c.note])).toEqual([[2, "stop", "見直し"]]);
    // A project already completed stays completed.
    expect(work?.project.status).toBe("completed");
    await handle.db.updateTable("projects").set({ status: "active" }).where("id", "=", projectId).execute();
    await decideYear2("stop", "見直し");
    expect((await projectWork(handle.db, projectId))?.project.status).toBe("stopped");
  });
});

describe("the final report, continuation and milestone forms", () => {
  const path = () => `/projects/${projectId}/manage`;
  const post = (who: string | null, form: Record<string, string>) =>
    callAction(manage.action, path(), who, form, { id: projectId });

  it("refuse the wrong role, other organisations and visitors", async () => {
    expect((await post(cookie.lead, { intent: "acceptFinal" })).status).toBe(403);
    expect((await post(cookie.lead, { intent: "continuation", year: "2", decision: "stop" })).status).toBe(403);
    expect(
      (await post(cookie.partner, { intent: "adjust", milestoneId: milestones[1].id, title: "x", dueOn: day(5) }))
        .status,
    ).toBe(403);
    expect((await post(cookie.staff, { intent: "final", selfEvaluation: "区が書く" })).status).toBe(403);
    expect((await post(cookie.other, { intent: "final", selfEvaluation: "部外者" })).status).toBe(404);
    const visitor = await post(null, { intent: "final", selfEvaluation: "訪問者" });
    expect(visitor.status).toBe(302);
    expect(visitor.location).toContain("/login");
  });

  it("give back what was typed with the error next to it", async () => {
    const answerTo = (who: string, form: Record<string, string>) =>
      actionAnswer<ManageAnswer>(manage.action, path(), who, form, { id: projectId });
    const result = await answerTo(cookie.lead, { intent: "final", selfEvaluation: " ", "spent[0]": "百円" });
    expect(result.status).toBe(400);
    expect(result.data).toMatchObject({ section: "final", form: "final" });
    expect(result.data.result?.error).toEqual({
      selfEvaluation: ["final.validation.selfEvaluation"],
      "spent[0]": ["proposal.validation.amount"],
    });
    expect(result.data.result?.initialValue).toMatchObject({ spent: ["百円"] });
    const noYear = await answerTo(cookie.staff, { intent: "continuation", year: "9", decision: "continue" });
    expect(noYear.data).toMatchObject({ section: "continuation", form: "continuation" });
    expect(noYear.data.result?.error).toEqual({ year: ["continuation.validation"] });
  });

  it("give each staff form's refusal back to that form, the reason at its field, what was typed kept", async () => {
    const answerTo = (form: Record<string, string>) =>
      actionAnswer<ManageAnswer>(manage.action, path(), cookie.staff, form, { id: projectId });
    const milestoneId = milestones[1].id;
    // Returning a report needs its reason (the ids are checked before the report is looked up).
    const returned = await answerTo({ intent: "return", reportId: randomUUID(), milestoneId, comment: " " });
    expect(returned.status).toBe(400);
    expect(returned.data).toMatchObject({ section: milestoneId, form: `decide-${milestoneId}` });
    expect(returned.data.result?.error).toEqual({ comment: ["validation.comment"] });
    expect((await post(cookie.staff, { intent: "return", reportId: "1", milestoneId, comment: "x" })).status).toBe(400);
    const adjusted = await answerTo({ intent: "adjust", milestoneId, title: " ", dueOn: "2027年3月末" });
    expect(adjusted.data).toMatchObject({ section: milestoneId, form: `adjust-${milestoneId}` });
    expect(adjusted.data.result?.error).toEqual({ title: ["adjust.validation"], dueOn: ["adjust.validation"] });
    expect(adjusted.data.result?.initialValue).toMatchObject({ dueOn: "2027年3月末" });
    const finalReturned = await answerTo({ intent: "returnFinal", comment: "" });
    expect(finalReturned.data).toMatchObject({ section: "final", form: "final-decision" });
    expect(finalReturned.data.result?.error).toEqual({ comment: ["validation.comment"] });
    const milestone = await handle.db
      .selectFrom("milestones")
      .select(["title", "due_on"])
      .where("id", "=", milestoneId)
      .executeTakeFirstOrThrow();
    expect(milestone.title).not.toBe(" ");
  });

  it("are read by the same schemas in the browser as on the server", async () => {
    const sent = (fields: Record<string, string>) => new URLSearchParams(fields);
    const report = new FormData();
    for (const [name, value] of Object.entries({
      milestoneId: milestones[0].id,
      body: "説明会を開きました。",
      excerpt: "",
      spent: "３０，０００円",
      photoDescription: "説明会の会場の様子",
      photoPublic: "on",
    }))
      report.set(name, value);
    report.set("photo", new File([Buffer.from(tinyPng())], "会場.png"));
    expect(parseWithValibot(report, { schema: milestoneReportSchema })).toMatchObject({
      status: "success",
      value: { spent: 30000, photoDescription: "説明会の会場の様子" },
    });
    const decided = { intent: "approve", reportId: randomUUID(), milestoneId: milestones[0].id, comment: "" };
    expect(parseWithValibot(sent(decided), { schema: reportDecisionSchema }).status).toBe("success");
    expect(
      parseWithValibot(
        sent({ intent: "adjust", milestoneId: milestones[1].id, title: "報告会", dueOn: "2027-03-31" }),
        {
          schema: milestoneAdjustSchema,
        },
      ).status,
    ).toBe("success");
    const final = sent({ intent: "final", "achieved[0]": " 45世帯 ", "spent[0]": "", selfEvaluation: "よくできた" });
    expect(parseWithValibot(final, { schema: finalReportSchema })).toMatchObject({
      status: "success",
      value: { achieved: ["45世帯"], spent: [0], selfEvaluation: "よくできた" },
    });
    expect(parseWithValibot(sent({ intent: "acceptFinal", comment: "" }), { schema: finalDecisionSchema }).status).toBe(
      "success",
    );
    const continued = sent({ intent: "continuation", year: "2", decision: "stop", note: "" });
    expect(parseWithValibot(continued, { schema: continuationSchema(2) }).status).toBe("success");
    expect(parseWithValibot(continued, { schema: continuationSchema(1) }).status).toBe("error");
  });
});

describe("a progress report sent through one project's page", () => {
  it("is refused with 404 for a milestone of another project, and no report is stored for it", async () => {
    // Project B: a funded proposal of the unrelated organisation, with a milestone of its own. Raw
    // SQL, as the domain would refuse to start it: that organisation is unverified and the call closed.
    const { organization_id: otherOrg } = await handle.db
      .selectFrom("organization_members")
      .select("organization_id")
      .where("user_id", "=", user.other.id)
      .executeTakeFirstOrThrow();
    const { theme_id: themeId } = await handle.db
      .selectFrom("projects")
      .select("theme_id")
      .where("id", "=", projectId)
      .executeTakeFirstOrThrow();
    const otherProposal = randomUUID();
    await handle.db
      .insertInto("proposals")
      .values({ id: otherProposal, theme_id: themeId, lead_organization_id: otherOrg, status: "funded" })
      .execute();
    await handle.db
      .insertInto("proposal_sections")
      .values({
        proposal_id: otherProposal,
        section: "schedule",
        content: JSON.stringify({ milestones: [{ title: "別事業の報告", date: day(5), deliverable: "" }] }),
      })
      .execute();
    const otherProject = await createProject(handle.db, { proposalId: otherProposal, grantAmount: 100_000, now: NOW });
    const [foreign] = await handle.db
      .selectFrom("milestones")
      .select(["id", "status"])
      .where("project_id", "=", otherProject)
      .execute();
    expect(foreign.status).toBe("planned");
    const reportsOn = async (milestoneId: string) =>
      (await handle.db.selectFrom("milestone_reports").select("id").where("milestone_id", "=", milestoneId).execute())
        .length;
    const ownReports = await reportsOn(milestones[0].id);

    // The lead and the partner are on project A's team, not B's: the form names B's milestone, the URL names A.
    const form = { milestoneId: foreign.id, body: "よその事業の報告", excerpt: "", spent: "0" };
    for (const who of ["lead", "partner"]) {
      expect(
        (await callAction(manage.action, `/projects/${projectId}/manage`, cookie[who], form, { id: projectId })).status,
        who,
      ).toBe(404);
    }
    expect(await reportsOn(foreign.id)).toBe(0);
    expect(
      (await handle.db.selectFrom("milestones").select("status").where("id", "=", foreign.id).executeTakeFirstOrThrow())
        .status,
    ).toBe("planned");
    expect(await reportsOn(milestones[0].id)).toBe(ownReports);
  });
});

describe("photos stored before the team described them", () => {
  it("are given 「<マイルストーン名>の写真」 by the migration, and nothing else is", async () => {
    const { id: themeDocument } = await handle.db
      .insertInto("files")
      .values({
        id: randomUUID(),
        owner_type: "theme",
        owner_id: randomUUID(),
        label: "募集要項.pdf",
        filename: "募集要項.pdf",
        content_type: "application/pdf",
        size: 1,
        data: new Uint8Array([1]),
        uploaded_by: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const db = handle.db as unknown as Kysely<unknown>;
    await photoDescriptions.down(db);
    await photoDescriptions.up(db);
    const files = await handle.db.selectFrom("files").select(["id", "owner_type", "description"]).execute();
    expect(files.filter((f) => f.owner_type === "report").map((f) => f.description)).toEqual(["先週の写真"]);
    expect(files.find((f) => f.id === themeDocument)?.description).toBeNull();
  });
});
