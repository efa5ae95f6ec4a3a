import { describe, expect, it } from "vitest";
import * as projectsWorkbook from "~/routes/staff.projects[.xlsx]";
import * as workbook from "~/routes/staff.themes.$id.proposals[.xlsx]";
import {
  CLOSED,
  DURING,
  fundedProject,
  OPENED,
  publishedTheme,
  routeTestSite,
  submittedProposal,
  verifiedOrganization,
} from "../support/fixtures";
import { callLoader, makeRequest } from "../support/routes";
import { firstSheet } from "../support/workbook";

const site = routeTestSite({ lead: "member", staff: "staff", reviewer: "reviewer" });
const context = { clientAddress: null };

describe("the staff proposal list for Excel", () => {
  it("has Japanese headings, yen amounts, Japan times, a frozen filterable header; staff only", async () => {
    const db = site.handle.db;
    const themeId = await publishedTheme(db, {
      staffId: site.user.staff.id,
      title: "見守りの輪",
      values: { awardsPlanned: 1, minOrganizations: 1, opensAt: OPENED, closesAt: CLOSED },
      now: DURING,
    });
    const lead = await verifiedOrganization(db, {
      representative: site.user.lead,
      staff: site.user.staff,
      name: "北町町会",
    });
    const proposalId = await submittedProposal(db, {
      themeId,
      lead: { user: site.user.lead, organizationId: lead },
      title: "見守りの輪をひろげる",
      requested: 180_000,
      at: DURING,
    });
    const submitted = await db
      .selectFrom("proposals")
      .select(["submitted_at", "receipt_number"])
      .where("id", "=", proposalId)
      .executeTakeFirstOrThrow();

    const path = `/staff/themes/${themeId}/proposals.xlsx`;
    const params = { id: themeId };
    expect((await callLoader(workbook.loader, path, null, params)).status).toBe(302);
    expect((await callLoader(workbook.loader, path, site.cookie.lead, params)).status).toBe(403);
    expect((await callLoader(workbook.loader, path, site.cookie.reviewer, params)).status).toBe(403);

    const response = (await workbook.loader({
      request: makeRequest(path, site.cookie.staff),
      params,
      context,
    })) as Response;
    const sheet = await firstSheet(response);
    expect(sheet.name).toBe("提案の一覧");
    expect(sheet.getRow(1).values).toEqual([undefined, "受付番号", "提案名", "状態", "提案団体", "申請額", "提出日時"]);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    const row = sheet.getRow(2);
    expect(row.getCell(1).value).toBe(submitted.receipt_number);
    expect(row.getCell(2).value).toBe("見守りの輪をひろげる");
    expect(row.getCell(5).value).toBe(180_000);
    expect(row.getCell(5).numFmt).toBe('#,##0"円"');
    // The wall clock in Tokyo: nine hours after the stored UTC instant.
    const time = row.getCell(6).value as Date;
    expect(time.getTime()).toBe((submitted.submitted_at as Date).getTime() + 9 * 3600_000);
  });

  it("lists the projects with their grant in yen and their state in words; staff only", async () => {
    const db = site.handle.db;
    const lead = await verifiedOrganization(db, {
      representative: site.user.lead,
      staff: site.user.staff,
      name: "南町町会",
    });
    await fundedProject(db, {
      staff: site.user.staff,
      themeTitle: "防災の輪",
      amount: 150_000,
      requested: 150_000,
      lead: { user: site.user.lead, organizationId: lead },
      title: "防災マップをつくる",
    });
    const path = "/staff/projects.xlsx";
    expect((await callLoader(projectsWorkbook.loader, path, null)).status).toBe(302);
    expect((await callLoader(projectsWorkbook.loader, path, site.cookie.lead)).status).toBe(403);
    const response = (await projectsWorkbook.loader({
      request: makeRequest(path, site.cookie.staff),
      params: {},
      context,
    })) as Response;
    const sheet = await firstSheet(response);
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      "採択事業",
      "テーマ",
      "交付額",
      "状態",
      "完了したマイルストーン",
      "マイルストーン",
    ]);
    const row = sheet.getRow(2);
    expect(row.getCell(1).value).toBe("防災マップをつくる");
    expect(row.getCell(3).value).toBe(150_000);
    expect(row.getCell(3).numFmt).toBe('#,##0"円"');
    expect(["順調", "要注意", "期限超過", "完了"]).toContain(row.getCell(4).value);
  });
});
