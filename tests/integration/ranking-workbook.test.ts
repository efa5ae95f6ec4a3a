import { beforeAll, describe, expect, it } from "vitest";
import { fullRanking } from "~/models/ranking.server";
import { recordDecision } from "~/models/review-decisions.server";
import { saveReview, themeCriteria } from "~/models/reviews.server";
import * as rankingWorkbook from "~/routes/staff.themes.$id.ranking[.xlsx]";
import { countingQueries } from "../support/counting";
import {
  APPLICANT_NAMES,
  addMember,
  applicantOrganizations,
  assignedReviewers,
  closedTheme,
  DURING,
  NOW,
  REVIEW_PEOPLE,
  routeTestSite,
  submittedProposal,
} from "../support/fixtures";
import { callLoader, makeRequest } from "../support/routes";
import { firstSheet } from "../support/workbook";

const site = routeTestSite({ ...REVIEW_PEOPLE, late: "reviewer", admin: "admin" });
const context = { clientAddress: "127.0.0.1" };

let themeId = "";
const proposals = { funded: "", other: "" };
let org: Record<"assoc" | "npo" | "outsider", string>;

async function review(proposalId: string, reviewerId: string, a: number, b: number) {
  const criteria = await themeCriteria(site.handle.db, themeId);
  const saved = await saveReview(site.handle.db, {
    proposalId,
    reviewerId,
    review: {
      scores: { [criteria[0].id]: a, [criteria[1].id]: b },
      comments: {},
      overallComment: "",
      recommendation: "fund",
    },
    submit: true,
    criteria,
    now: NOW,
  });
  if (!saved.ok) throw new Error(JSON.stringify(saved));
}

/**
 * Two proposals and three reviewers: `reviewer` scores both, `conflicted` belongs to the NPO and is
 * kept out of its proposal (scores the other), `late` has submitted nothing. Totals are 8a + 6b.
 */
beforeAll(async () => {
  const db = site.handle.db;
  const { user } = site;
  org = await applicantOrganizations(db, user, user.staff);
  await addMember(db, org.npo, user.npoRep, user.conflicted);
  themeId = await closedTheme(db, user.staff, "見守りの輪");
  proposals.funded = await submittedProposal(db, {
    themeId,
    lead: { user: user.assocRep, organizationId: org.assoc },
    partners: [{ user: user.npoRep, organizationId: org.npo }],
    title: "見守りの輪をひろげる",
    requested: 250_000,
    at: DURING,
  });
  proposals.other = await submittedProposal(db, {
    themeId,
    lead: { user: user.outsiderRep, organizationId: org.outsider },
    title: "大泉の防災マップ",
    requested: 100_000,
    at: DURING,
  });
  await assignedReviewers(db, {
    themeId,
    staffId: user.staff.id,
    reviewers: [user.reviewer, user.conflicted, user.late],
  });
  await review(proposals.funded, user.reviewer.id, 4, 9); // 86
  await review(proposals.other, user.reviewer.id, 2, 3); // 34
  await review(proposals.other, user.conflicted.id, 3, 3); // 42
  const decided = await recordDecision(db, {
    themeId,
    proposalId: proposals.funded,
    staffId: user.staff.id,
    decision: "funded",
    amount: 240_000,
    conditions: "",
    feedback: "",
    now: NOW,
  });
  if (!decided.ok) throw new Error(decided.problem);
}, 120_000);

async function workbook(cookie: string) {
  const response = (await rankingWorkbook.loader({
    request: makeRequest(`/staff/themes/${themeId}/ranking.xlsx`, cookie),
    params: { id: themeId },
    context,
  })) as Response;
  return firstSheet(response);
}

describe("the ranking as Excel, a column per reviewer", () => {
  it("gives each proposal's standing, decision and amount, then every reviewer's own total", async () => {
    const sheet = await workbook(site.cookie.staff);
    expect(sheet.name).toBe("順位表");
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      "順位",
      "受付番号",
      "提案名",
      "提案団体",
      "平均点",
      "標準偏差",
      "審査数",
      "決定",
      "交付額",
      // The theme's reviewers by name.
      "conflicted（合計点）",
      "late（合計点）",
      "reviewer（合計点）",
    ]);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    const receipts = await site.handle.db
      .selectFrom("proposals")
      .select(["id", "receipt_number"])
      .where("theme_id", "=", themeId)
      .execute();
    const receipt = (id: string) => receipts.find((r) => r.id === id)?.receipt_number;

    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toBe(1);
    expect(first.getCell(2).value).toBe(receipt(proposals.funded));
    expect(first.getCell(3).value).toBe("見守りの輪をひろげる");
    expect(first.getCell(4).value).toBe(`${APPLICANT_NAMES.assoc}、${APPLICANT_NAMES.npo}`);
    expect(first.getCell(5).value).toBe(86);
    expect(first.getCell(5).numFmt).toBe("0.0");
    expect(first.getCell(6).value).toBe(0);
    expect(first.getCell(7).value).toBe(1);
    expect(first.getCell(8).value).toBe("採択");
    expect(first.getCell(9).value).toBe(240_000);
    expect(first.getCell(9).numFmt).toBe('#,##0"円"');
    // Kept out by membership of the NPO; nothing submitted; the reviewer's own total.
    expect(first.getCell(10).value).toBe("除外（利害関係）");
    expect(first.getCell(11).value).toBeNull();
    expect(first.getCell(12).value).toBe(86);

    const second = sheet.getRow(3);
    expect(second.getCell(1).value).toBe(2);
    expect(second.getCell(2).value).toBe(receipt(proposals.other));
    expect(second.getCell(4).value).toBe(APPLICANT_NAMES.outsider);
    expect(second.getCell(5).value).toBe(38);
    expect(second.getCell(6).value).toBe(4);
    expect(second.getCell(7).value).toBe(2);
    expect(second.getCell(8).value).toBe("未決定");
    expect(second.getCell(9).value).toBeNull();
    expect([10, 11, 12].map((n) => second.getCell(n).value)).toEqual([42, null, 34]);
  });

  it("reads the ranking and every reviewer's totals in a fixed number of queries", async () => {
    const counting = countingQueries(site.handle.db);
    const counted = counting.db;
    await fullRanking(counted, themeId);
    const before = counting.count();
    // One more proposal with two more reviews.
    const third = await submittedProposal(site.handle.db, {
      themeId,
      lead: { user: site.user.outsiderRep, organizationId: org.outsider },
      title: "三つ目の提案",
      at: DURING,
    });
    await review(third, site.user.reviewer.id, 5, 10);
    await review(third, site.user.late.id, 1, 1);
    const after = await fullRanking(counted, themeId);
    expect(counting.count() - before).toBe(before);
    expect(after?.ranking).toHaveLength(3);
  });

  it("is for staff and admins: a visitor logs in, a member and a reviewer are refused, an unknown theme is 404", async () => {
    const path = `/staff/themes/${themeId}/ranking.xlsx`;
    const params = { id: themeId };
    expect((await callLoader(rankingWorkbook.loader, path, null, params)).status).toBe(302);
    expect((await callLoader(rankingWorkbook.loader, path, site.cookie.assocRep, params)).status).toBe(403);
    expect((await callLoader(rankingWorkbook.loader, path, site.cookie.reviewer, params)).status).toBe(403);
    expect((await callLoader(rankingWorkbook.loader, path, site.cookie.admin, params)).status).toBe(200);
    const unknown = crypto.randomUUID();
    expect(
      (
        await callLoader(rankingWorkbook.loader, `/staff/themes/${unknown}/ranking.xlsx`, site.cookie.staff, {
          id: unknown,
        })
      ).status,
    ).toBe(404);
  });
});
