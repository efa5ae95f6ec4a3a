import { beforeAll, describe, expect, it } from "vitest";
import { type ProgrammeCell, programmeStats, statsCell } from "~/models/programme-stats.server";
import { decideFinalReport, submitFinalReport } from "~/models/project-final-report.server";
import { recordContinuation } from "~/models/project-oversight.server";
import { decideReport, submitReport } from "~/models/project-reports.server";
import { withdrawProposal } from "~/models/proposal-submission.server";
import { recordDecision, releaseResults } from "~/models/review-decisions.server";
import * as statsPage from "~/routes/staff.stats";
import * as statsWorkbook from "~/routes/staff.stats[.xlsx]";
import type { OrganizationKind } from "../../db/schema";
import { countingQueries } from "../support/counting";
import {
  draftTheme,
  finishedSections,
  fundedProject,
  mailContext,
  publishedTheme,
  type Representative,
  routeTestSite,
  submittedProposal,
  verifiedOrganization,
} from "../support/fixtures";
import { callLoader, makeRequest } from "../support/routes";
import { firstSheet } from "../support/workbook";

const site = routeTestSite({
  assocRep: "member",
  npoRep: "member",
  bizRep: "member",
  southRep: "member",
  staff: "staff",
  admin: "admin",
  reviewer: "reviewer",
});

/** A wall-clock time in Japan. */
const jst = (local: string) => new Date(`${local}+09:00`);
const NOW = jst("2026-12-01T12:00:00");

/** The figures as counted by hand below, without the shares the model works out from them. */
type Counted = Omit<
  ProgrammeCell,
  "associationRate" | "budgetRate" | "completionRate" | "overdueRate" | "returningRate"
>;

/**
 * Two fiscal years, two courses (A 北町町会, B an NPO, C a business, D 南町自治会):
 *
 * 2025年度 (collabo)
 *   T1 opens 2025-06-01: 2 awards × ¥300,000 planned, 2 slots reserved for a 町会・自治会.
 *     P1 A + B, funded ¥200,000 → project completed (its final report accepted).
 *     P2 C (D invited, declined), funded ¥100,000 → project stopped, its milestone (2025-12-01)
 *        never reported: stopped, so not overdue.
 *     P7 D, not funded: a 町会 that fills no reserved slot.
 *   T2 opens 2026-03-01 (a window across the turn of the year): 1 award × ¥300,000 planned.
 *     P3 B + D, submitted 2026-03-31 23:59 JST → 2025年度, not funded.
 * 2026年度
 *     P4 D on T2, submitted 2026-04-01 00:00 JST → 2026年度 (collabo), funded ¥150,000 → project
 *        with a milestone due 2026-06-01 and never reported: overdue on 2026-12-01.
 *   T3 (future creation) opens 2026-06-01: 1 award × ¥3,000,000 planned.
 *     P5 A + C + D, funded ¥900,000 → project running, due next year (D applies in both courses).
 *     P6 B, submitted and withdrawn: counts nowhere.
 *   T4 a draft (collabo) opening 2026-08-01: not a theme of the year.
 */
beforeAll(async () => {
  const db = site.handle.db;
  const { user } = site;
  const staffId = user.staff.id;
  const verified = async (key: "assocRep" | "npoRep" | "bizRep" | "southRep", name: string, kind: OrganizationKind) =>
    ({
      user: user[key],
      organizationId: await verifiedOrganization(db, {
        representative: user[key],
        staff: user.staff,
        name,
        kind,
        now: jst("2025-01-10T10:00:00"),
      }),
    }) satisfies Representative;
  const A = await verified("assocRep", "北町町会", "neighborhood_association");
  const B = await verified("npoRep", "NPO法人 北町みどり", "npo");
  const C = await verified("bizRep", "株式会社ねりま商会", "business");
  const D = await verified("southRep", "南町自治会", "neighborhood_association");

  const theme = (title: string, values: Record<string, unknown>, created: string) =>
    publishedTheme(db, {
      staffId,
      title,
      values: { minOrganizations: 1, awardsPlanned: 1, ...values },
      now: jst(created),
    });
  const proposal = async (
    themeId: string,
    lead: Representative,
    at: string,
    team: { partners?: Representative[]; declined?: Representative[]; requested: number; due?: string },
  ) => {
    const ids = [lead, ...(team.partners ?? [])].map((r) => r.organizationId);
    return submittedProposal(db, {
      themeId,
      lead,
      partners: team.partners,
      declined: team.declined,
      at: jst(at),
      sections: finishedSections(ids, {
        requested: team.requested,
        ...(team.due ? { schedule: { milestones: [{ title: "開始", date: team.due, deliverable: "" }] } } : {}),
      }),
    });
  };
  const decideAndRelease = async (themeId: string, decisions: [string, number][], at: string) => {
    for (const [proposalId, amount] of decisions) {
      const decided = await recordDecision(db, {
        themeId,
        proposalId,
        staffId,
        decision: amount > 0 ? "funded" : "not_funded",
        amount,
        conditions: "",
        feedback: "",
        now: jst(at),
      });
      if (!decided.ok) throw new Error(decided.problem);
    }
    const released = await releaseResults(db, { themeId, staffId }, mailContext(jst(at)));
    if (!released.ok) throw new Error(released.problem);
  };

  const t1 = await theme(
    "見守りの担い手づくり",
    {
      opensAt: jst("2025-06-01T09:00:00"),
      closesAt: jst("2025-06-30T17:00:00"),
      awardsPlanned: 2,
      reservedSlots: 2,
      reservedForKind: "neighborhood_association",
    },
    "2025-05-20T10:00:00",
  );
  const p1 = await proposal(t1, A, "2025-06-10T10:00:00", { partners: [B], requested: 200_000, due: "2025-10-01" });
  const p2 = await proposal(t1, C, "2025-06-12T10:00:00", { declined: [D], requested: 100_000, due: "2025-12-01" });
  const p7 = await proposal(t1, D, "2025-06-20T10:00:00", { requested: 80_000 });
  await decideAndRelease(
    t1,
    [
      [p1, 200_000],
      [p2, 100_000],
      [p7, 0],
    ],
    "2025-07-15T10:00:00",
  );
  // P1's project: its milestone reported and approved, its final report accepted.
  const project = await db.selectFrom("projects").select("id").where("proposal_id", "=", p1).executeTakeFirstOrThrow();
  const [milestone] = await db.selectFrom("milestones").select("id").where("project_id", "=", project.id).execute();
  const sent = await submitReport(
    db,
    { milestoneId: milestone.id, userId: A.user.id, body: "開始しました", publicExcerpt: "", spent: 100_000 },
    mailContext(jst("2025-09-30T10:00:00")),
  );
  if (!sent.ok) throw new Error(sent.problem);
  await decideReport(
    db,
    { projectId: project.id, reportId: sent.reportId, staffId, approve: true, comment: "" },
    mailContext(jst("2025-10-01T10:00:00")),
  );
  const final = await submitFinalReport(
    db,
    {
      projectId: project.id,
      userId: A.user.id,
      report: {
        outcomes: [{ indicator: "参加者", target: "100人", achieved: "110人" }],
        spending: [{ item: "講師謝礼", planned: 200_000, spent: 200_000 }],
        selfEvaluation: "予定どおりでした。",
      },
    },
    mailContext(jst("2025-10-15T10:00:00")),
  );
  if (!final.ok) throw new Error(final.problem);
  await decideFinalReport(
    db,
    { projectId: project.id, staffId, accept: true, comment: "" },
    mailContext(jst("2025-10-20T10:00:00")),
  );

  // P2's project stopped at its continuation review, its milestone past due and never reported.
  const stopped = await db.selectFrom("projects").select("id").where("proposal_id", "=", p2).executeTakeFirstOrThrow();
  await recordContinuation(db, {
    projectId: stopped.id,
    staffId,
    year: 2,
    decision: "stop",
    note: "",
    now: jst("2025-11-20T10:00:00"),
  });

  const t2 = await theme(
    "年度をまたぐ募集",
    { opensAt: jst("2026-03-01T09:00:00"), closesAt: jst("2026-04-10T17:00:00") },
    "2026-02-20T10:00:00",
  );
  const p3 = await proposal(t2, B, "2026-03-31T23:59:00", { partners: [D], requested: 120_000 });
  const p4 = await proposal(t2, D, "2026-04-01T00:00:00", { requested: 150_000, due: "2026-06-01" });
  await decideAndRelease(
    t2,
    [
      [p3, 0],
      [p4, 150_000],
    ],
    "2026-05-01T10:00:00",
  );

  const t3 = await theme(
    "みどりの担い手（3年間）",
    {
      courseId: "future_creation",
      opensAt: jst("2026-06-01T09:00:00"),
      closesAt: jst("2026-06-30T17:00:00"),
      grantCapPerYear: 1_000_000,
      grantCapTotal: 3_000_000,
      durationYears: 3,
    },
    "2026-05-20T10:00:00",
  );
  const p5 = await proposal(t3, A, "2026-06-10T10:00:00", { partners: [C, D], requested: 900_000 });
  const p6 = await proposal(t3, B, "2026-06-11T10:00:00", { requested: 500_000 });
  const withdrawn = await withdrawProposal(
    db,
    { proposalId: p6, userId: B.user.id },
    mailContext(jst("2026-06-12T10:00:00")),
  );
  if (!withdrawn.ok) throw new Error(withdrawn.problem);
  await decideAndRelease(t3, [[p5, 900_000]], "2026-07-20T10:00:00");

  await draftTheme(db, {
    staffId,
    title: "下書きのテーマ",
    values: { opensAt: jst("2026-08-01T09:00:00"), closesAt: jst("2026-08-31T17:00:00") },
    now: jst("2026-07-01T10:00:00"),
  });
}, 120_000);

const NONE: Counted = {
  year: 0,
  courseId: null,
  themes: 0,
  proposals: 0,
  withAssociation: 0,
  reservedSlots: 0,
  reservedFilled: 0,
  funded: 0,
  fundedAmount: 0,
  plannedAmount: 0,
  projects: 0,
  completed: 0,
  overdue: 0,
  applicants: 0,
  returning: 0,
};

describe("programme statistics per fiscal year and course", () => {
  it("count each year's themes, proposals, funding, projects and returning applicants by hand", async () => {
    const stats = await programmeStats(site.handle.db, NOW);
    expect(stats.years).toEqual([2025, 2026]);
    expect(stats.currentYear).toBe(2026);
    expect(stats.courses.map((c) => c.id)).toEqual(["future_creation", "collabo"]);

    const fy2025: Counted = {
      ...NONE,
      year: 2025,
      courseId: "collabo",
      themes: 2,
      // P1, P2, P7 and P3 (31 March 23:59 in Japan).
      proposals: 4,
      // P1 (its lead), P7 (its lead) and P3 (an accepted partner); not P2, whose 町会 declined.
      withAssociation: 3,
      reservedSlots: 2,
      // P1 fills one; P2 is funded but has no 町会・自治会, P7 has one but was not funded.
      reservedFilled: 1,
      funded: 2,
      fundedAmount: 300_000,
      plannedAmount: 2 * 300_000 + 300_000,
      projects: 2,
      completed: 1,
      // P2's project is stopped: its milestone past due does not make it overdue.
      overdue: 0,
      applicants: 4,
      returning: 0,
    };
    expect(statsCell(stats, 2025, "collabo")).toEqual({
      ...fy2025,
      associationRate: 75,
      budgetRate: 33.3,
      completionRate: 50,
      overdueRate: 0,
      returningRate: 0,
    });
    expect(statsCell(stats, 2025, null)).toMatchObject({ ...fy2025, courseId: null });
    expect(statsCell(stats, 2025, "future_creation")).toEqual({
      ...NONE,
      year: 2025,
      courseId: "future_creation",
      associationRate: null,
      budgetRate: null,
      completionRate: null,
      overdueRate: null,
      returningRate: null,
    });

    // P4 (1 April 00:00 in Japan) on the theme of the year before; D had joined P3 then.
    expect(statsCell(stats, 2026, "collabo")).toEqual({
      ...NONE,
      year: 2026,
      courseId: "collabo",
      proposals: 1,
      withAssociation: 1,
      funded: 1,
      fundedAmount: 150_000,
      projects: 1,
      overdue: 1,
      applicants: 1,
      returning: 1,
      associationRate: 100,
      budgetRate: null,
      completionRate: 0,
      overdueRate: 100,
      returningRate: 100,
    });
    // P5 by A, C and D, who all applied in 2025年度; P6 was withdrawn, so B did not apply again.
    expect(statsCell(stats, 2026, "future_creation")).toEqual({
      ...NONE,
      year: 2026,
      courseId: "future_creation",
      themes: 1,
      proposals: 1,
      withAssociation: 1,
      funded: 1,
      fundedAmount: 900_000,
      plannedAmount: 3_000_000,
      projects: 1,
      applicants: 3,
      returning: 3,
      associationRate: 100,
      budgetRate: 30,
      completionRate: 0,
      overdueRate: 0,
      returningRate: 100,
    });
    expect(statsCell(stats, 2026, null)).toEqual({
      ...NONE,
      year: 2026,
      courseId: null,
      themes: 1,
      proposals: 2,
      withAssociation: 2,
      funded: 2,
      fundedAmount: 1_050_000,
      plannedAmount: 3_000_000,
      projects: 2,
      overdue: 1,
      // D applied in both courses: once in the year's total.
      applicants: 3,
      returning: 3,
      associationRate: 100,
      budgetRate: 35,
      completionRate: 0,
      overdueRate: 50,
      returningRate: 100,
    });
  });

  it("count a milestone overdue only once its due day in Japan has passed", async () => {
    // P4's milestone is due 2026-06-01: on that day in Japan it is not yet overdue.
    const onTheDay = await programmeStats(site.handle.db, jst("2026-06-01T23:59:00"));
    expect(statsCell(onTheDay, 2026, "collabo").overdue).toBe(0);
    const nextDay = await programmeStats(site.handle.db, jst("2026-06-02T00:00:00"));
    expect(statsCell(nextDay, 2026, "collabo").overdue).toBe(1);
  });

  it("run two queries however much data there is", async () => {
    const counting = countingQueries(site.handle.db);
    const counted = counting.db;
    await programmeStats(counted, NOW);
    const before = counting.count();
    expect(before).toBe(2);
    // More themes, proposals, projects and milestones, in the current fiscal year.
    const lead = {
      user: site.user.bizRep,
      organizationId: await verifiedOrganization(site.handle.db, {
        representative: site.user.bizRep,
        staff: site.user.staff,
        name: "株式会社あとから",
        kind: "business",
      }),
    };
    for (const n of [1, 2, 3]) {
      await fundedProject(site.handle.db, {
        staff: site.user.staff,
        themeTitle: `追加のテーマ${n}`,
        amount: 100_000,
        requested: 100_000,
        lead,
        title: `追加の事業${n}`,
      });
    }
    const after = await programmeStats(counted, new Date());
    expect(counting.count() - before).toBe(before);
    expect(after.cells.reduce((sum, c) => sum + (c.courseId === null ? c.projects : 0), 0)).toBe(7);
  });
});

describe("/staff/stats and its Excel file", () => {
  const context = { clientAddress: null };

  it("show the year and course asked for, and fall back to the current year for one without data", async () => {
    const data = (await statsPage.loader({
      request: makeRequest("/staff/stats?year=2025&course=collabo", site.cookie.staff),
      params: {},
      context,
    })) as Awaited<ReturnType<typeof statsPage.loader>>;
    expect(data.year).toBe(2025);
    expect(data.course).toBe("collabo");
    expect(data.columns.map((c) => [c.courseId, c.proposals, c.fundedAmount])).toEqual([["collabo", 4, 300_000]]);
    expect(data.series.map((c) => c.year)).toEqual([2025]);

    const all = (await statsPage.loader({
      request: makeRequest("/staff/stats?year=1999&course=nonsense", site.cookie.admin),
      params: {},
      context,
    })) as Awaited<ReturnType<typeof statsPage.loader>>;
    expect(all.course).toBe("");
    expect(all.columns.map((c) => c.courseId)).toEqual(["future_creation", "collabo", null]);
    expect(all.series.at(-1)?.year).toBe(all.year);
    expect(all.series.map((c) => c.year)).toContain(2025);
  });

  it("give the figures as Excel: Japanese headings, yen, shares, a frozen filterable header", async () => {
    const response = (await statsWorkbook.loader({
      request: makeRequest("/staff/stats.xlsx?course=collabo", site.cookie.staff),
      params: {},
      context,
    })) as Response;
    const sheet = await firstSheet(response);
    expect(sheet.name).toBe("年度別の統計");
    const headings = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headings.slice(0, 4)).toEqual(["年度", "コース", "テーマ数", "提案数"]);
    expect(headings).toContain("予定額（上限額×採択予定件数）");
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    const column = (name: string) => headings.indexOf(name) + 1;
    const fy2025 = sheet.getColumn(1).values.indexOf("令和7年度（2025年度）");
    expect(fy2025).toBeGreaterThan(1);
    const row = sheet.getRow(fy2025);
    expect(row.getCell(column("コース")).value).toBe("コラボチャレンジ");
    expect(row.getCell(column("提案数")).value).toBe(4);
    const funded = row.getCell(column("採択額"));
    expect(funded.value).toBe(300_000);
    expect(funded.numFmt).toBe('#,##0"円"');
    const share = row.getCell(column("町会・自治会を含む提案の割合"));
    expect(share.value).toBe(0.75);
    expect(share.numFmt).toBe("0.0%");
  });

  it("are for staff and admins: a visitor logs in, a member and a reviewer are refused", async () => {
    for (const [loader, path] of [
      [statsPage.loader, "/staff/stats"],
      [statsWorkbook.loader, "/staff/stats.xlsx"],
    ] as const) {
      expect((await callLoader(loader, path, null)).status).toBe(302);
      expect((await callLoader(loader, path, site.cookie.assocRep)).status).toBe(403);
      expect((await callLoader(loader, path, site.cookie.reviewer)).status).toBe(403);
      expect((await callLoader(loader, path, site.cookie.staff)).status).toBe(200);
      expect((await callLoader(loader, path, site.cookie.admin)).status).toBe(200);
    }
  });
});
