import { extractText, getDocumentProxy, getMeta } from "unpdf";
import { beforeAll, describe, expect, it } from "vitest";
import { decideFinalReport, submitFinalReport } from "~/models/project-final-report.server";
import { decideReport, submitReport } from "~/models/project-reports.server";
import { recordDecision, releaseResults } from "~/models/review-decisions.server";
import { saveReview, themeCriteria } from "~/models/reviews.server";
import * as reportPdf from "~/routes/projects.$id_.report[.pdf]";
import * as noticePdf from "~/routes/proposals.$id.notice[.pdf]";
import * as proposalPdf from "~/routes/proposals.$id[.pdf]";
import * as sheetPdf from "~/routes/reviews.$proposalId_.sheet[.pdf]";
import * as resultsPdf from "~/routes/staff.themes.$id.results[.pdf]";
import * as staffSheetPdf from "~/routes/staff.themes.$id.reviews.$proposalId_.sheet[.pdf]";
import { formatEraDate, formatWesternDate } from "~/utils/japan-time";
import { localeCookie } from "~/utils/locale.server";
import {
  APPLICANT_NAMES,
  addMember,
  applicantOrganizations,
  assignedReviewers,
  closedTheme,
  DURING,
  fundedProject,
  mailContext,
  NOW,
  REVIEW_PEOPLE,
  routeTestSite,
  submittedProposal,
} from "../support/fixtures";
import { callLoader, makeRequest } from "../support/routes";

const site = routeTestSite(REVIEW_PEOPLE);
const context = { clientAddress: "127.0.0.1" };

type Loader = typeof proposalPdf.loader;
type Who = keyof typeof site.cookie;

let org: Record<"assoc" | "npo" | "outsider", string>;
/** A theme whose results were released at NOW: one proposal funded, one not. */
const released = { themeId: "", funded: "", notFunded: "" };
/** A theme that hides applicants' names from reviewers, still in review. */
const hidden = { themeId: "", proposalId: "" };
/** A project whose final report staff accepted. */
let completedProject = "";
/** A project whose final report waits for staff. */
let waitingProject = "";

const CONDITIONS = "参加者数を完了報告に記載すること。";
const FEEDBACK = "交流会の計画をより具体的にしてください。";
const OVERALL = "町会とNPOの役割分担が具体的です。";
const CONTACT = { name: "練馬 花子", email: "hanako@example.jp" };

/** What a loader answered, as a Response (a refusal is thrown as one). */
async function download(loader: Loader, path: string, who: Who | null, params: Record<string, string>, lang = "") {
  const cookies = [who ? site.cookie[who] : "", lang].filter(Boolean).join("; ");
  try {
    return (await loader({ request: makeRequest(path, cookies || null), params, context })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** A PDF's text as a reader would copy it (line breaks and spaces left out) and its metadata. */
async function readPdf(response: Response) {
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/pdf");
  expect(response.headers.get("Cache-Control")).toBe("private, no-store");
  const pdf = await getDocumentProxy(new Uint8Array(await response.arrayBuffer()));
  const { text } = await extractText(pdf, { mergePages: true });
  const { info } = await getMeta(pdf);
  return { text: text.replace(/\s+/g, ""), info: info as Record<string, unknown>, pages: pdf.numPages };
}

/** The same text with its spaces left out, as readPdf gives the PDF's. */
const squeeze = (s: string) => s.replace(/\s+/g, "");
const englishCookie = async () => (await localeCookie.serialize("en")).split(";")[0];

beforeAll(async () => {
  const db = site.handle.db;
  const { user } = site;
  org = await applicantOrganizations(db, user, user.staff);
  // A reviewer who belongs to the NPO: kept out of its proposals.
  await addMember(db, org.npo, user.npoRep, user.conflicted);
  const team = {
    lead: { user: user.assocRep, organizationId: org.assoc },
    partners: [{ user: user.npoRep, organizationId: org.npo }],
  };

  released.themeId = await closedTheme(db, user.staff, "見守りの輪");
  released.funded = await submittedProposal(db, {
    themeId: released.themeId,
    ...team,
    title: "見守りの輪をひろげる",
    requested: 250_000,
    at: DURING,
  });
  released.notFunded = await submittedProposal(db, {
    themeId: released.themeId,
    lead: { user: user.outsiderRep, organizationId: org.outsider },
    title: "大泉の防災マップ",
    requested: 100_000,
    at: DURING,
  });
  await assignedReviewers(db, {
    themeId: released.themeId,
    staffId: user.staff.id,
    reviewers: [user.reviewer, user.conflicted],
  });
  const criteria = await themeCriteria(db, released.themeId);
  const review = (proposalId: string, reviewerId: string, a: number, b: number) =>
    saveReview(db, {
      proposalId,
      reviewerId,
      review: {
        scores: { [criteria[0].id]: a, [criteria[1].id]: b },
        comments: { [criteria[0].id]: "地域の実情をよく捉えている" },
        overallComment: OVERALL,
        recommendation: "fund",
      },
      submit: true,
      criteria,
      now: NOW,
    });
  // 8a + 6b: 86.0 and 34.0.
  await review(released.funded, user.reviewer.id, 4, 9);
  await review(released.notFunded, user.reviewer.id, 2, 3);
  await review(released.notFunded, user.conflicted.id, 3, 3);
  for (const [proposalId, decision, amount, conditions, feedback] of [
    [released.funded, "funded", 250_000, CONDITIONS, "役割分担が明確です。"],
    [released.notFunded, "not_funded", 0, "", FEEDBACK],
  ] as const) {
    const decided = await recordDecision(db, {
      themeId: released.themeId,
      proposalId,
      staffId: user.staff.id,
      decision,
      amount,
      conditions,
      feedback,
      now: NOW,
    });
    if (!decided.ok) throw new Error(decided.problem);
  }
  await releaseResults(db, { themeId: released.themeId, staffId: user.staff.id }, mailContext(NOW));

  hidden.themeId = await closedTheme(db, user.staff, "名前を伏せるテーマ", { hideNames: true });
  hidden.proposalId = await submittedProposal(db, {
    themeId: hidden.themeId,
    ...team,
    title: "子どもの居場所",
    at: DURING,
  });
  await assignedReviewers(db, { themeId: hidden.themeId, staffId: user.staff.id, reviewers: [user.reviewer] });
  const hiddenCriteria = await themeCriteria(db, hidden.themeId);
  await saveReview(db, {
    proposalId: hidden.proposalId,
    reviewerId: user.reviewer.id,
    review: {
      scores: { [hiddenCriteria[0].id]: 3 },
      comments: {},
      overallComment: "下書きの総評",
      recommendation: null,
    },
    submit: false,
    criteria: hiddenCriteria,
    now: NOW,
  });
  // Decided, not yet released: the team must not learn it from a notice.
  const decided = await recordDecision(db, {
    themeId: hidden.themeId,
    proposalId: hidden.proposalId,
    staffId: user.staff.id,
    decision: "funded",
    amount: 100_000,
    conditions: "",
    feedback: "",
    now: NOW,
  });
  if (!decided.ok) throw new Error(decided.problem);

  // Every milestone approved, then the final report: accepted for one project, only sent for another.
  const finalReport = {
    outcomes: [{ indicator: "参加者", target: "100人", achieved: "132人" }],
    spending: [{ item: "講師謝礼", planned: 120_000, spent: 98_500 }],
    selfEvaluation: "参加者が予定を上回りました。",
  };
  const reportFinally = async (projectId: string, accept: boolean) => {
    const milestones = await db.selectFrom("milestones").select("id").where("project_id", "=", projectId).execute();
    for (const m of milestones) {
      const sent = await submitReport(
        db,
        { milestoneId: m.id, userId: user.assocRep.id, body: "開催しました", publicExcerpt: "", spent: 0 },
        mailContext(NOW),
      );
      if (!sent.ok) throw new Error(sent.problem);
      await decideReport(
        db,
        { projectId, reportId: sent.reportId, staffId: user.staff.id, approve: true, comment: "" },
        mailContext(NOW),
      );
    }
    const sent = await submitFinalReport(
      db,
      { projectId, userId: user.assocRep.id, report: finalReport },
      mailContext(NOW),
    );
    if (!sent.ok) throw new Error(sent.problem);
    if (accept)
      await decideFinalReport(
        db,
        { projectId, staffId: user.staff.id, accept: true, comment: "よくまとまっています。" },
        mailContext(NOW),
      );
  };
  completedProject = (
    await fundedProject(db, {
      ...team,
      staff: user.staff,
      themeTitle: "居場所づくり",
      title: "町会会館のこども食堂",
      amount: 120_000,
      requested: 120_000,
    })
  ).projectId;
  await reportFinally(completedProject, true);
  const waiting = await db
    .selectFrom("projects")
    .select("id")
    .where("proposal_id", "=", released.funded)
    .executeTakeFirstOrThrow();
  waitingProject = waiting.id;
  await reportFinally(waitingProject, false);
});

/** Who is refused, and how: 404 for a signed-in person who may not read it, the log-in page for a visitor. */
async function expectRefused(loader: Loader, path: string, params: Record<string, string>, who: Who[], status = 404) {
  for (const person of who)
    expect((await callLoader(loader, path, site.cookie[person], params)).status, person).toBe(status);
  const visitor = await callLoader(loader, path, null, params);
  expect(visitor.status).toBe(302);
  expect(visitor.location).toMatch(/^\/login\?redirectTo=/);
}

describe("the proposal as the ward's application form (PDF)", () => {
  const path = () => `/proposals/${released.funded}.pdf`;
  const params = () => ({ id: released.funded });

  it("gives the team and staff the whole application, Japanese text extractable", async () => {
    const response = await download(proposalPdf.loader, path(), "assocRep", params());
    expect(response.headers.get("Content-Disposition")).toContain(`filename*=UTF-8''${encodeURIComponent("提案書")}_`);
    const { text, info } = await readPdf(response);
    for (const needle of [
      "協働事業提案書",
      "見守りの輪",
      "見守りの輪をひろげる",
      APPLICANT_NAMES.assoc,
      APPLICANT_NAMES.npo,
      // The lead's representative (代表者) and the contact person.
      "代表者",
      "assocRep",
      CONTACT.name,
      "役割分担",
      "収支予算書",
      "250,000円",
      formatEraDate(DURING),
    ]) {
      expect(text, needle).toContain(squeeze(needle));
    }
    // Every page carries the ward's header, the date it was made and its number.
    const { pages } = await readPdf(await download(proposalPdf.loader, path(), "assocRep", params()));
    expect(text).toContain(`作成日${formatEraDate(new Date())}`);
    expect(text).toContain(`1/${pages}`);
    expect(info.Title).toBe("協働事業提案書");
    expect(info.Author).toBe("練馬区");
    for (const who of ["npoRep", "staff"] as const) {
      expect((await download(proposalPdf.loader, path(), who, params())).status, who).toBe(200);
    }
  });

  it("is refused to another organisation, a reviewer and a visitor", async () => {
    await expectRefused(proposalPdf.loader, path(), params(), ["outsiderRep", "reviewer"]);
  });

  it("is written in the reader's language", async () => {
    const { text } = await readPdf(
      await download(proposalPdf.loader, path(), "assocRep", params(), await englishCookie()),
    );
    expect(text).toContain("Jointprojectproposal");
    expect(text).toContain("¥250,000");
  });
});

describe("the notice to an applicant (PDF)", () => {
  const path = (id: string) => `/proposals/${id}/notice.pdf`;

  it("tells a funded team 採択 with the amount and conditions, dated in 和暦 and the Western calendar", async () => {
    const response = await download(noticePdf.loader, path(released.funded), "npoRep", { id: released.funded });
    expect(response.headers.get("Content-Disposition")).toContain(encodeURIComponent("採択通知書"));
    const { text } = await readPdf(response);
    for (const needle of [
      "採択通知書",
      "第",
      "号",
      "練馬区長",
      formatEraDate(NOW),
      formatWesternDate(NOW, "ja"),
      APPLICANT_NAMES.assoc,
      "代表者assocRep様",
      "見守りの輪をひろげる",
      "交付予定額",
      "250,000円",
      CONDITIONS,
    ]) {
      expect(text, needle).toContain(squeeze(needle));
    }
    expect(formatEraDate(NOW)).toMatch(/^令和/);
    expect(text).not.toContain("不採択");
  });

  it("tells the other team 不採択 with the feedback, and no amount", async () => {
    const { text } = await readPdf(
      await download(noticePdf.loader, path(released.notFunded), "outsiderRep", { id: released.notFunded }),
    );
    expect(text).toContain("不採択通知書");
    expect(text).toContain(squeeze(FEEDBACK));
    expect(text).toContain(APPLICANT_NAMES.outsider);
    expect(text).not.toContain("交付予定額");
  });

  it("is for the team and staff only, and for nobody before the results are released", async () => {
    expect(
      (await download(noticePdf.loader, path(released.notFunded), "staff", { id: released.notFunded })).status,
    ).toBe(200);
    await expectRefused(noticePdf.loader, path(released.funded), { id: released.funded }, ["outsiderRep", "reviewer"]);
    for (const who of ["assocRep", "staff"] as const) {
      expect(
        (await download(noticePdf.loader, path(hidden.proposalId), who, { id: hidden.proposalId })).status,
        who,
      ).toBe(404);
    }
  });

  it("is written in English for an English reader", async () => {
    const response = await download(
      noticePdf.loader,
      path(released.funded),
      "assocRep",
      { id: released.funded },
      await englishCookie(),
    );
    expect(response.headers.get("Content-Disposition")).toContain("notice-of-selection");
    const { text } = await readPdf(response);
    expect(text).toContain("Noticeofselection");
    expect(text).toContain(formatEraDate(NOW));
    expect(text).toContain(squeeze(formatWesternDate(NOW, "en")));
  });
});

describe("a reviewer's score sheet (PDF)", () => {
  const path = (id: string) => `/reviews/${id}/sheet.pdf`;

  it("gives the reviewer their own scores, comments, total and recommendation", async () => {
    const { text } = await readPdf(
      await download(sheetPdf.loader, path(released.funded), "reviewer", { proposalId: released.funded }),
    );
    for (const needle of [
      "評価シート",
      "地域課題の理解",
      "4/5",
      "協働の体制",
      "9/10",
      "地域の実情をよく捉えている",
      "86.0",
      OVERALL,
      "採択",
      APPLICANT_NAMES.assoc,
      "reviewer",
    ]) {
      expect(text, needle).toContain(squeeze(needle));
    }
  });

  it("is refused to a reviewer kept out by a conflict, an applicant, staff not on the panel and a visitor", async () => {
    await expectRefused(sheetPdf.loader, path(released.funded), { proposalId: released.funded }, [
      "conflicted",
      "assocRep",
      "staff",
    ]);
  });

  it("names nobody where the theme hides names: no organisation, person, id or address, in the text or the metadata", async () => {
    const response = await download(sheetPdf.loader, path(hidden.proposalId), "reviewer", {
      proposalId: hidden.proposalId,
    });
    const disposition = response.headers.get("Content-Disposition") ?? "";
    const { text, info } = await readPdf(response);
    expect(text).toContain("団体A");
    expect(text).toContain("団体B");
    expect(text).toContain("子どもの居場所");
    expect(text).toContain("下書きの総評");
    const metadata = Object.values(info)
      .filter((v) => typeof v === "string")
      .join("\n");
    const forbidden = [
      ...Object.values(APPLICANT_NAMES),
      org.assoc,
      org.npo,
      hidden.proposalId,
      site.user.assocRep.name,
      site.user.npoRep.name,
      site.user.reviewer.name,
      site.user.assocRep.email,
      CONTACT.name,
      CONTACT.email,
    ];
    for (const word of forbidden) {
      expect(text, word).not.toContain(squeeze(word));
      expect(squeeze(metadata), word).not.toContain(squeeze(word));
      expect(decodeURIComponent(disposition), word).not.toContain(word);
    }
  });
});

describe("staff's copy of each reviewer's score sheet (PDF)", () => {
  const path = (themeId: string, proposalId: string, reviewerId: string) =>
    `/staff/themes/${themeId}/reviews/${proposalId}/sheet.pdf?reviewer=${reviewerId}`;

  it("names the reviewer and the organisations, even where reviewers see letters", async () => {
    const { text } = await readPdf(
      await download(staffSheetPdf.loader, path(hidden.themeId, hidden.proposalId, site.user.reviewer.id), "staff", {
        id: hidden.themeId,
        proposalId: hidden.proposalId,
      }),
    );
    expect(text).toContain(APPLICANT_NAMES.assoc);
    expect(text).toContain("reviewer");
    expect(text).toContain("下書き");
  });

  it("answers 404 for a proposal of another theme or someone not on the panel; staff only", async () => {
    const other = path(released.themeId, hidden.proposalId, site.user.reviewer.id);
    expect(
      (await download(staffSheetPdf.loader, other, "staff", { id: released.themeId, proposalId: hidden.proposalId }))
        .status,
    ).toBe(404);
    const stranger = path(released.themeId, released.funded, site.user.assocRep.id);
    expect(
      (await download(staffSheetPdf.loader, stranger, "staff", { id: released.themeId, proposalId: released.funded }))
        .status,
    ).toBe(404);
    const mine = path(released.themeId, released.funded, site.user.reviewer.id);
    await expectRefused(
      staffSheetPdf.loader,
      mine,
      { id: released.themeId, proposalId: released.funded },
      ["reviewer", "assocRep"],
      403,
    );
  });
});

describe("the results list for 決裁 (PDF)", () => {
  const path = () => `/staff/themes/${released.themeId}/results.pdf`;

  it("gives staff the ranking with scores, decisions and amounts, and the record of conflicts", async () => {
    const { text } = await readPdf(await download(resultsPdf.loader, path(), "staff", { id: released.themeId }));
    for (const needle of [
      "審査結果一覧",
      "見守りの輪",
      "86.0",
      "34.0",
      "250,000円",
      "採択1件・不採択1件・未決定0件",
      "利益相反の記録",
      // The NPO's member was kept out of the NPO's proposal.
      `conflicted`,
      `提案団体「${APPLICANT_NAMES.npo}」に所属`,
      "決裁欄",
    ]) {
      expect(text, needle).toContain(squeeze(needle));
    }
    // Ranked by the mean: the funded proposal first.
    expect(text.indexOf("見守りの輪をひろげる")).toBeLessThan(text.indexOf("大泉の防災マップ"));
  });

  it("is for staff only", async () => {
    await expectRefused(resultsPdf.loader, path(), { id: released.themeId }, ["assocRep", "reviewer"], 403);
  });
});

describe("a project's completion report (PDF)", () => {
  const path = (id: string) => `/projects/${id}/report.pdf`;

  it("gives the team and staff each indicator's target and result, and the budget against spending", async () => {
    const { text } = await readPdf(
      await download(reportPdf.loader, path(completedProject), "assocRep", { id: completedProject }),
    );
    for (const needle of [
      "実績報告書",
      "町会会館のこども食堂",
      "参加者",
      "100人",
      "132人",
      "講師謝礼",
      "120,000円",
      "98,500円",
      "-21,500円",
      "参加者が予定を上回りました。",
      "よくまとまっています。",
    ]) {
      expect(text, needle).toContain(squeeze(needle));
    }
    expect((await download(reportPdf.loader, path(completedProject), "staff", { id: completedProject })).status).toBe(
      200,
    );
  });

  it("is refused to others, and to everyone until the final report is accepted", async () => {
    await expectRefused(reportPdf.loader, path(completedProject), { id: completedProject }, [
      "outsiderRep",
      "reviewer",
    ]);
    for (const who of ["assocRep", "staff"] as const) {
      expect((await download(reportPdf.loader, path(waitingProject), who, { id: waitingProject })).status, who).toBe(
        404,
      );
    }
  });
});
