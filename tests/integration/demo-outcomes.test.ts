import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as projectPage from "~/routes/projects.$id";
import * as reportPdf from "~/routes/projects.$id_.report[.pdf]";
import * as noticePdf from "~/routes/proposals.$id.notice[.pdf]";
import * as proposalPdf from "~/routes/proposals.$id[.pdf]";
import * as sheetPdf from "~/routes/reviews.$proposalId_.sheet[.pdf]";
import * as resultsPdf from "~/routes/staff.themes.$id.results[.pdf]";
import * as staffSheetPdf from "~/routes/staff.themes.$id.reviews.$proposalId_.sheet[.pdf]";
import * as themesPage from "~/routes/themes._index";
import { installServices } from "~/services.server";
import type { TestDatabase } from "../support/database";
import { demoDatabase, sessionCookieFor } from "../support/fixtures";
import { makeRequest } from "../support/routes";

let handle: TestDatabase;

const call = <T>(loader: (args: never) => Promise<T>, path: string, params: Record<string, string> = {}) =>
  (loader as (args: unknown) => Promise<T>)({
    request: new Request(`http://localhost${path}`),
    params,
    context: { clientAddress: null },
  });

beforeAll(async () => {
  handle = await demoDatabase();
}, 120_000);

afterAll(async () => {
  installServices(null);
  await handle.cleanup();
});

describe("the demo", () => {
  it("states each theme's phase from its window and release, never in its summary's text", async () => {
    const data = await call<Awaited<ReturnType<typeof themesPage.loader>>>(themesPage.loader, "/themes");
    const cards = [...data.open, ...data.upcoming, ...data.closed];
    for (const card of cards) expect(card.summary, card.title).not.toMatch(/審査中|結果発表済み|実施中|募集中/);
    const phaseOf = (title: string) => cards.find((c) => c.title.startsWith(title))?.phase;
    expect(phaseOf("外国人住民と地域をつなぐ")).toBe("closed");
    expect(phaseOf("地域の見守りネットワークづくり")).toBe("results_released");
  });

  it("shows a completed project's outcomes and spending, and each photo described by its team", async () => {
    const { id } = await handle.db
      .selectFrom("projects")
      .select("id")
      .where("title", "=", "町会会館の放課後こども食堂")
      .executeTakeFirstOrThrow();
    const page = await call<Awaited<ReturnType<typeof projectPage.loader>>>(projectPage.loader, `/projects/${id}`, {
      id,
    });
    expect(page.outcomes?.outcomes.map((o) => [o.indicator, o.target, o.achieved])).toContainEqual([
      "見守り世帯数",
      "40世帯",
      "45世帯",
    ]);
    expect(page.outcomes?.totals).toEqual({ planned: 400_000, spent: 380_000, difference: -20_000 });
    const photos = page.reports.flatMap((r) => r.photos);
    expect(photos.length).toBeGreaterThan(1);
    for (const photo of photos) expect(photo.description).toMatch(/様子$/);
  });
});

const cookieOf = async (email: string) =>
  sessionCookieFor(
    await handle.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow(),
  );
const proposalId = async (title: string) =>
  (await handle.db.selectFrom("proposals").select("id").where("title", "=", title).executeTakeFirstOrThrow()).id;

/** The text of the PDF `email` downloads from `path`, spaces left out. */
async function textOf(
  loader: typeof proposalPdf.loader,
  path: string,
  email: string,
  params: Record<string, string>,
): Promise<string> {
  const response = (await loader({
    request: makeRequest(path, await cookieOf(email)),
    params,
    context: { clientAddress: null },
  })) as Response;
  expect(response.headers.get("Content-Type")).toBe("application/pdf");
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(await response.arrayBuffer())), {
    mergePages: true,
  });
  return text.replace(/\s+/g, "");
}

// The README says which demo account downloads which document: each one, for the demo's records.
describe("the demo's documents", () => {
  it("gives each demo account the PDFs the README names", async () => {
    const funded = await proposalId("町会とNPOの見守りネットワーク");
    const notFunded = await proposalId("上石神井の見守り訪問");
    const { theme_id: themeId } = await handle.db
      .selectFrom("proposals")
      .select("theme_id")
      .where("id", "=", funded)
      .executeTakeFirstOrThrow();
    const reviewer = await handle.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "reviewer@example.jp")
      .executeTakeFirstOrThrow();
    const project = await handle.db
      .selectFrom("projects")
      .select("id")
      .where("title", "=", "町会会館の放課後こども食堂")
      .executeTakeFirstOrThrow();

    expect(await textOf(proposalPdf.loader, `/proposals/${funded}.pdf`, "chokai@example.jp", { id: funded })).toContain(
      "町会とNPOの見守りネットワーク",
    );
    expect(
      await textOf(noticePdf.loader, `/proposals/${funded}/notice.pdf`, "npo@example.jp", { id: funded }),
    ).toContain("採択通知書");
    expect(
      await textOf(noticePdf.loader, `/proposals/${notFunded}/notice.pdf`, "fureai@example.jp", { id: notFunded }),
    ).toContain("不採択通知書");
    expect(
      await textOf(sheetPdf.loader, `/reviews/${funded}/sheet.pdf`, "reviewer@example.jp", { proposalId: funded }),
    ).toContain("評価シート");
    const results = await textOf(resultsPdf.loader, `/staff/themes/${themeId}/results.pdf`, "kakaricho@example.jp", {
      id: themeId,
    });
    expect(results).toContain("250,000円");
    // The officer who belongs to 上石神井ふれあい自治会 is on record as kept out of its proposal.
    expect(results).toContain("提案団体「上石神井ふれあい自治会」に所属");
    expect(
      await textOf(
        staffSheetPdf.loader,
        `/staff/themes/${themeId}/reviews/${funded}/sheet.pdf?reviewer=${reviewer.id}`,
        "staff@example.jp",
        { id: themeId, proposalId: funded },
      ),
    ).toContain("評価シート");
    expect(
      await textOf(reportPdf.loader, `/projects/${project.id}/report.pdf`, "chokai@example.jp", { id: project.id }),
    ).toContain("45世帯");
  });
});
