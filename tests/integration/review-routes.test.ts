import { randomUUID } from "node:crypto";
import type { SubmissionResult } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assignReviewerSchema,
  conflictSchema,
  decisionSchema,
  presentationSchema,
  reviewDeadlineSchema,
  reviewSheetSchema,
} from "~/models/review-schemas";
import { getReview, themeCriteria } from "~/models/reviews.server";
import * as proposalPage from "~/routes/proposals.$id._index";
import * as reviewList from "~/routes/reviews._index";
import * as reviewPage from "~/routes/reviews.$proposalId";
import * as reviewPrint from "~/routes/reviews.print";
import * as rankingCsv from "~/routes/staff.themes.$id.ranking[.csv]";
import * as staffReview from "~/routes/staff.themes.$id.review";
import * as proposalReviewsPage from "~/routes/staff.themes.$id.reviews.$proposalId";
import * as themePage from "~/routes/themes.$id";
import type { User } from "../../db/schema";
import { createTestDatabase } from "../support/database";
import {
  addMember,
  applicantOrganizations,
  assignedReviewers,
  CLOSED,
  DURING,
  installTestServices,
  OPENED,
  publishedTheme,
  signedInUsers,
  submittedProposal,
  TWO_CRITERIA,
} from "../support/fixtures";
import { actionAnswer, callAction, callLoader, makeRequest } from "../support/routes";

/** What staff's review page answers to a refused form: the form it belongs to and Conform's reply. */
type BoardAnswer = { form: string | null; result: SubmissionResult<string[]> | null };
/** What the score sheet's page answers to a refused form. */
type SheetAnswer = { form: "review" | "conflict"; result: SubmissionResult<string[]> | null; final: boolean };

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
const context = { clientAddress: "127.0.0.1" };

let cookie: Record<string, string>;
let user: Record<string, User>;
let org: Record<string, string>;
let themeA = "";
let themeB = "";
/** Submitted to theme A (closed) by the association with the NPO. */
let proposalA = "";
/** Submitted to theme B (closed) by the same team. */
let proposalB = "";
/** Theme A's criteria ids: [地域課題の理解 (of 5), 協働の体制 (of 10)]. */
let criterionIds: string[] = [];
/** A reviewer's private remark: it must never reach applicants. */
const PRIVATE_REMARK = "審査委員だけが読む所見";

/** A theme with TWO_CRITERIA, open from OPENED to CLOSED. */
const makeTheme = (title: string) =>
  publishedTheme(handle.db, {
    staffId: user.staff.id,
    title,
    values: { awardsPlanned: 1, opensAt: OPENED, closesAt: CLOSED },
    criteria: TWO_CRITERIA,
    now: OPENED,
  });

/** Written by the association with the NPO and submitted while the theme was open. */
const submitted = (themeId: string, title: string) =>
  submittedProposal(handle.db, {
    themeId,
    lead: { organizationId: org.assoc, user: user.assocRep },
    partners: [{ organizationId: org.npo, user: user.npoRep }],
    title,
    at: DURING,
  });

const reviewPath = (id: string) => `/reviews/${id}`;
const openReview = (who: string | null, id = proposalA) =>
  callLoader(reviewPage.loader, reviewPath(id), who ? cookie[who] : null, { proposalId: id });
const postReview = (who: string | null, form: Record<string, string>, id = proposalA) =>
  callAction(reviewPage.action, reviewPath(id), who ? cookie[who] : null, form, { proposalId: id });
const scoreFields = (a?: string, b?: string) => ({
  ...(a === undefined ? {} : { [`scores.${criterionIds[0]}`]: a }),
  ...(b === undefined ? {} : { [`scores.${criterionIds[1]}`]: b }),
});

async function loadData<T>(loader: (args: never) => Promise<T>, path: string, who: string, params: object) {
  return (loader as (args: unknown) => Promise<T>)({ request: makeRequest(path, cookie[who]), params, context });
}

beforeAll(async () => {
  handle = await createTestDatabase();
  installTestServices(handle);
  ({ user, cookie } = await signedInUsers(handle.db, {
    staff: "staff",
    staffConflict: "staff",
    admin: "admin",
    plain: "member",
    assocRep: "member",
    assocMember: "member",
    npoRep: "member",
    rev: "reviewer",
    rev2: "reviewer",
    revB: "reviewer",
    revMember: "reviewer",
    revConflict: "reviewer",
  }));
  const staff = user.staff;
  // The association (with assocMember) and the NPO.
  org = await applicantOrganizations(handle.db, user, staff);
  // A reviewer who also belongs to the partner NPO: excluded from its proposals.
  await addMember(handle.db, org.npo, user.npoRep, user.revMember);

  themeA = await makeTheme("審査中のテーマA");
  themeB = await makeTheme("審査中のテーマB");
  proposalA = await submitted(themeA, "テーマAへの提案");
  proposalB = await submitted(themeB, "テーマBへの提案");
  const assign = (themeId: string, reviewers: User[]) =>
    assignedReviewers(handle.db, { themeId, staffId: staff.id, reviewers, now: CLOSED });
  await assign(themeA, [user.rev, user.rev2, user.revMember, user.revConflict]);
  await assign(themeB, [user.revB]);
  criterionIds = (await themeCriteria(handle.db, themeA)).map((c) => c.id);
});

afterAll(async () => {
  await handle?.cleanup();
});

describe("/reviews", () => {
  it("sends a visitor to log in and refuses members who are not reviewers", async () => {
    const visitor = await callLoader(reviewList.loader, "/reviews", null);
    expect(visitor.status).toBe(302);
    expect(visitor.location).toMatch(/^\/login\?redirectTo=/);
    expect((await callLoader(reviewList.loader, "/reviews", cookie.plain)).status).toBe(403);
    expect((await callLoader(reviewList.loader, "/reviews", cookie.assocRep)).status).toBe(403);
  });

  it("lists a reviewer's own themes, without the proposals they are excluded from", async () => {
    expect((await callLoader(reviewList.loader, "/reviews", cookie.rev)).status).toBe(200);
    const mine = await loadData(reviewList.loader, "/reviews", "rev", {});
    expect(mine.themes.map((t) => [t.id, t.reviewOpen, t.proposals.map((p) => p.id)])).toEqual([
      [themeA, true, [proposalA]],
    ]);
    const member = await loadData(reviewList.loader, "/reviews", "revMember", {});
    expect(member.themes.map((t) => [t.id, t.proposals.length, t.due])).toEqual([[themeA, 0, 0]]);
    const other = await loadData(reviewList.loader, "/reviews", "revB", {});
    expect(other.themes.map((t) => [t.id, t.proposals.map((p) => p.id)])).toEqual([[themeB, [proposalB]]]);

    // Asking for a page of someone else's theme shows nothing of it.
    const peek = await loadData(reviewList.loader, `/reviews?theme=${themeA}&page=2`, "revB", {});
    expect(peek.themes.map((t) => [t.id, t.proposals.map((p) => p.id)])).toEqual([[themeB, [proposalB]]]);
  });
});

describe("/reviews/:proposalId", () => {
  it("answers 404 to a reviewer of another theme, loader and action", async () => {
    expect((await openReview("revB")).status).toBe(404);
    expect((await postReview("revB", { intent: "draft", ...scoreFields("3") })).status).toBe(404);
    // …and the other way round.
    expect((await openReview("rev", proposalB)).status).toBe(404);
    expect(await getReview(handle.db, proposalA, user.revB.id)).toBeUndefined();
  });

  it("answers 404 to a reviewer excluded by membership, loader and action", async () => {
    expect((await openReview("revMember")).status).toBe(404);
    expect((await postReview("revMember", { intent: "draft", ...scoreFields("3") })).status).toBe(404);
    expect(
      (await postReview("revMember", { intent: "submit", ...scoreFields("3", "3"), recommendation: "fund" })).status,
    ).toBe(404);
    expect(await getReview(handle.db, proposalA, user.revMember.id)).toBeUndefined();
  });

  it("answers 404 once a reviewer declared a conflict, loader and action", async () => {
    expect((await openReview("revConflict")).status).toBe(200);
    expect((await postReview("revConflict", { intent: "draft", ...scoreFields("2") })).status).toBe(302);
    expect((await postReview("revConflict", { intent: "conflict", reason: "" })).status).toBe(400);
    const declared = await postReview("revConflict", { intent: "conflict", reason: "代表者と親族です" });
    expect(declared).toMatchObject({ status: 302, location: "/reviews" });
    expect(await getReview(handle.db, proposalA, user.revConflict.id)).toBeUndefined();
    expect((await openReview("revConflict")).status).toBe(404);
    expect((await postReview("revConflict", { intent: "draft", ...scoreFields("2") })).status).toBe(404);
    expect(await getReview(handle.db, proposalA, user.revConflict.id)).toBeUndefined();
  });

  it("answers 404 to applicants, members of the proposal's organisations, and to staff who are not assigned", async () => {
    for (const who of ["assocRep", "assocMember", "npoRep", "plain", "staff"]) {
      expect((await openReview(who)).status, who).toBe(404);
      expect((await postReview(who, { intent: "draft", ...scoreFields("3") })).status, who).toBe(404);
    }
    const visitor = await openReview(null);
    expect(visitor.status).toBe(302);
  });

  it("lets the assigned reviewer open it, without other reviewers' scores", async () => {
    // Another reviewer submits first.
    expect(
      await postReview("rev2", {
        intent: "submit",
        ...scoreFields("5", "10"),
        recommendation: "fund",
        overall: PRIVATE_REMARK,
      }),
    ).toMatchObject({ status: 302, location: "/reviews" });
    expect((await openReview("rev")).status).toBe(200);
    const data = await loadData(reviewPage.loader, reviewPath(proposalA), "rev", { proposalId: proposalA });
    expect(data.id).toBe(proposalA);
    expect(data.review).toBeNull();
    expect(data.criteria.map((c) => c.id)).toEqual(criterionIds);
    expect(JSON.stringify(data)).not.toContain(PRIVATE_REMARK);
  });

  it("gives a refused sheet back as Conform's reply: each problem at its field, everything typed kept", async () => {
    const comment = `comments.${criterionIds[0]}`;
    const sent = { intent: "submit", ...scoreFields("４", "11"), [comment]: "課題をよく捉えている", overall: "途中" };
    const answerTo = (form: Record<string, string>) =>
      actionAnswer<SheetAnswer>(reviewPage.action, reviewPath(proposalA), cookie.rev, form, { proposalId: proposalA });
    const refused = await answerTo(sent);
    expect(refused.status).toBe(400);
    expect(refused.data.form).toBe("review");
    // 11 is over the second criterion's 10; nothing is recommended.
    expect(refused.data.result?.error).toEqual({
      [`scores.${criterionIds[1]}`]: ["review.problem.score"],
      recommendation: ["review.problem.recommendation"],
    });
    expect(refused.data.result?.initialValue).toMatchObject({
      scores: { [criterionIds[0]]: "４", [criterionIds[1]]: "11" },
      comments: { [criterionIds[0]]: "課題をよく捉えている" },
      overall: "途中",
    });
    // A draft may leave scores out, not give one outside its range.
    const draft = await answerTo({ intent: "draft", ...scoreFields("6") });
    expect(draft.data.result?.error).toEqual({ [`scores.${criterionIds[0]}`]: ["review.problem.score"] });
    const conflict = await answerTo({ intent: "conflict", reason: " " });
    expect(conflict.data.form).toBe("conflict");
    expect(conflict.data.result?.error).toEqual({ reason: ["validation.reason"] });
    expect(await getReview(handle.db, proposalA, user.rev.id)).toBeUndefined();
    // What the form sends, complete, is what the same schema accepts, in the browser and here.
    const criteria = await themeCriteria(handle.db, themeA);
    const complete = parseWithValibot(
      new URLSearchParams({
        intent: "submit-next",
        ...scoreFields("５", "10"),
        [comment]: "",
        [`comments.${criterionIds[1]}`]: "体制が明確",
        overall: "",
        recommendation: "fund",
      }),
      { schema: reviewSheetSchema(criteria) },
    );
    expect(complete).toMatchObject({
      status: "success",
      value: {
        submit: true,
        onward: true,
        review: {
          scores: { [criterionIds[0]]: 5, [criterionIds[1]]: 10 },
          comments: { [criterionIds[0]]: "", [criterionIds[1]]: "体制が明確" },
          overallComment: "",
          recommendation: "fund",
        },
      },
    });
    // The browser refuses the same sheet with the same problems before it is sent.
    const inBrowser = parseWithValibot(new URLSearchParams(sent), { schema: reviewSheetSchema(criteria) });
    expect(inBrowser.reply().error).toEqual(refused.data.result?.error);
    expect(
      parseWithValibot(new URLSearchParams({ intent: "conflict", reason: "申請団体の役員です" }), {
        schema: conflictSchema,
      }).status,
    ).toBe("success");
  });

  it("saves a draft, refuses an incomplete submit with 400 storing nothing, then submits", async () => {
    const draft = await postReview("rev", { intent: "draft", ...scoreFields("３"), overall: "途中まで" });
    expect(draft).toMatchObject({ status: 302, location: reviewPath(proposalA) });
    let stored = await getReview(handle.db, proposalA, user.rev.id);
    expect(stored?.status).toBe("draft");
    expect(stored?.scores).toEqual({ [criterionIds[0]]: 3 });
    expect(stored?.overall_comment).toBe("途中まで");

    for (const form of [
      { ...scoreFields("4"), recommendation: "fund" },
      { ...scoreFields("4", "8") },
      { ...scoreFields("4", "11"), recommendation: "fund" },
      { ...scoreFields("4", "8"), recommendation: "maybe" },
    ]) {
      const refused = await postReview("rev", { intent: "submit", overall: "変えた", ...form });
      expect(refused.status, JSON.stringify(form)).toBe(400);
    }
    stored = await getReview(handle.db, proposalA, user.rev.id);
    expect(stored?.status).toBe("draft");
    expect(stored?.submitted_at).toBeNull();
    expect(stored?.scores).toEqual({ [criterionIds[0]]: 3 });
    expect(stored?.overall_comment).toBe("途中まで");

    const done = await postReview("rev", {
      intent: "submit",
      ...scoreFields("2", "5"),
      recommendation: "fund_with_conditions",
      overall: "よい提案です",
    });
    expect(done).toMatchObject({ status: 302, location: "/reviews" });
    stored = await getReview(handle.db, proposalA, user.rev.id);
    expect(stored?.status).toBe("submitted");
    expect(stored?.scores).toEqual({ [criterionIds[0]]: 2, [criterionIds[1]]: 5 });
    expect(stored?.recommendation).toBe("fund_with_conditions");

    // Final: a later save is refused.
    expect((await postReview("rev", { intent: "draft", ...scoreFields("1") })).status).toBe(409);
    expect((await getReview(handle.db, proposalA, user.rev.id))?.scores).toEqual({
      [criterionIds[0]]: 2,
      [criterionIds[1]]: 5,
    });
  });

  it("refuses a conflict declaration on a submitted review, which stays final", async () => {
    expect((await postReview("rev", { intent: "conflict", reason: "後から気づいた関係" })).status).toBe(409);
    expect((await getReview(handle.db, proposalA, user.rev.id))?.status).toBe("submitted");
  });
});

describe("staff review pages", () => {
  const boardPath = () => `/staff/themes/${themeA}/review`;
  const csvPath = () => `/staff/themes/${themeA}/ranking.csv`;

  it("refuse members and reviewers, allow staff", async () => {
    for (const who of ["plain", "assocRep", "rev", "revB"]) {
      expect((await callLoader(staffReview.loader, boardPath(), cookie[who], { id: themeA })).status, who).toBe(403);
      expect(
        (await callAction(staffReview.action, boardPath(), cookie[who], { intent: "remind" }, { id: themeA })).status,
        who,
      ).toBe(403);
      expect((await callLoader(rankingCsv.loader, csvPath(), cookie[who], { id: themeA })).status, who).toBe(403);
    }
    expect((await callLoader(staffReview.loader, boardPath(), null, { id: themeA })).status).toBe(302);
    expect((await callLoader(rankingCsv.loader, csvPath(), null, { id: themeA })).status).toBe(302);
    for (const who of ["staff", "admin"]) {
      expect((await callLoader(staffReview.loader, boardPath(), cookie[who], { id: themeA })).status, who).toBe(200);
      expect((await callLoader(rankingCsv.loader, csvPath(), cookie[who], { id: themeA })).status, who).toBe(200);
    }
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await callLoader(staffReview.loader, "/staff/themes/x/review", cookie.staff, { id: unknown })).status).toBe(
      404,
    );
  });

  it("answers 404 to staff for every intent on a theme that does not exist, and records nothing", async () => {
    const unknown = randomUUID();
    const tables = ["audit_log", "mail_outbox", "notifications", "theme_reviewers", "reviewer_invitations"] as const;
    const counts = () =>
      Promise.all(
        tables.map(
          async (table) =>
            (
              await handle.db
                .selectFrom(table)
                .select((eb) => eb.fn.countAll<number>().as("n"))
                .executeTakeFirstOrThrow()
            ).n,
        ),
      );
    const proposalState = () =>
      handle.db
        .selectFrom("proposals")
        .select(["advanced", "names_flagged_at"])
        .where("id", "=", proposalA)
        .executeTakeFirstOrThrow();
    const before = await counts();
    const proposalBefore = await proposalState();
    const forms: Record<string, string>[] = [
      { intent: "remind" },
      { intent: "assign", email: user.rev.email },
      { intent: "remove-reviewer", reviewerId: user.rev.id },
      { intent: "deadline", deadline: "2030-01-31" },
      { intent: "advance", proposalId: proposalA, advanced: "1" },
      { intent: "flag-names", proposalId: proposalA, flagged: "1" },
      { intent: "release", confirmed: "yes" },
    ];
    for (const form of forms) {
      expect(
        (await callAction(staffReview.action, `/staff/themes/${unknown}/review`, cookie.staff, form, { id: unknown }))
          .status,
        form.intent,
      ).toBe(404);
    }
    expect(await counts()).toEqual(before);
    expect(await proposalState()).toEqual(proposalBefore);
  });

  it("shows staff the progress and ranking", async () => {
    const board = await loadData(staffReview.loader, boardPath(), "staff", { id: themeA });
    const progress = Object.fromEntries(board.reviewers.map((r) => [r.name, `${r.done}/${r.due}`]));
    expect(progress).toEqual({ rev: "1/1", rev2: "1/1", revMember: "0/0", revConflict: "0/0" });
    // rev: 2/5·40 + 5/10·60 = 46; rev2: 100. Mean 73, population SD 27 > 15.
    expect(board.ranking).toHaveLength(1);
    expect(board.ranking[0]).toMatchObject({
      id: proposalA,
      mean: "73.0",
      sd: "27.0",
      min: "46.0",
      max: "100.0",
      count: 2,
      due: 2,
    });
    expect(board.ranking[0].disagreement).toBe(true);
  });

  it("warns of proposals with fewer reviewers who may review them than the theme asks for", async () => {
    // Proposal A has two reviewers who may review it (two others are excluded): enough for two, short of three.
    const setWanted = (n: number) =>
      handle.db.updateTable("themes").set({ min_reviewers: n }).where("id", "=", themeA).execute();
    const warned = async () =>
      (await loadData(staffReview.loader, boardPath(), "staff", { id: themeA })).warnings.filter(
        (w) => w.key === "staffReview.warnShort",
      );
    expect(await warned()).toEqual([]);
    await setWanted(3);
    try {
      expect(await warned()).toEqual([{ key: "staffReview.warnShort", params: { count: 1, wanted: 3 } }]);
      const confirm = await loadData(staffReview.loader, `${boardPath()}?confirm=release`, "staff", { id: themeA });
      expect(confirm.outstanding.short).toBe(1);
      expect(confirm.theme.minReviewers).toBe(3);
    } finally {
      await setWanted(2);
    }
  });

  it("shows staff, and staff only, what each reviewer wrote, and where they disagree", async () => {
    const path = `/staff/themes/${themeA}/reviews/${proposalA}`;
    const params = { id: themeA, proposalId: proposalA };
    expect((await callLoader(proposalReviewsPage.loader, path, null, params)).status).toBe(302);
    for (const who of ["plain", "assocRep", "rev"]) {
      expect((await callLoader(proposalReviewsPage.loader, path, cookie[who], params)).status, who).toBe(403);
    }
    // A proposal of another theme, through this theme's URL: not found.
    expect(
      (
        await callLoader(proposalReviewsPage.loader, `/staff/themes/${themeA}/reviews/${proposalB}`, cookie.staff, {
          id: themeA,
          proposalId: proposalB,
        })
      ).status,
    ).toBe(404);
    const page = await loadData(proposalReviewsPage.loader, path, "staff", params);
    const byName = Object.fromEntries(page.reviews.map((r) => [r.reviewer, r]));
    expect(byName.rev).toMatchObject({ status: "submitted", total: "46.0", excluded: false });
    expect(byName.rev2).toMatchObject({ status: "submitted", total: "100.0" });
    expect(byName.revMember.excluded).toBe(true);
    expect(byName.rev2.overall).toBe(PRIVATE_REMARK);
    // rev gave 2/5 and 5/10, rev2 full marks: the first criterion differs by 60 % of its range.
    expect(page.spread.map((c) => c.spread)).toEqual([60, 50]);
  });

  it("prints a theme's proposals for its own reviewers only", async () => {
    const path = `/reviews/print?theme=${themeA}`;
    expect((await callLoader(reviewPrint.loader, path, null)).status).toBe(302);
    for (const who of ["plain", "assocRep", "revB"]) {
      expect((await callLoader(reviewPrint.loader, path, cookie[who])).status, who).toBe(404);
    }
    expect((await callLoader(reviewPrint.loader, path, cookie.rev)).status).toBe(200);
    // A reviewer excluded by membership does not get the proposal in the bundle.
    const bundle = await loadData(reviewPrint.loader, path, "revMember", {});
    expect(bundle.proposals.map((p) => p.id)).not.toContain(proposalA);
  });

  it("shows a reviewer their own totals, and orders by them on request", async () => {
    const byTotal = await loadData(reviewList.loader, "/reviews?sort=total", "rev", {});
    const theme = byTotal.themes.find((t) => t.id === themeA);
    expect(byTotal.sort).toBe("total");
    // rev scored proposal A 46 (2/5·40 + 5/10·60).
    expect(theme?.proposals.find((p) => p.id === proposalA)?.total).toBeCloseTo(46, 9);
    const totals = (theme?.proposals ?? []).map((p) => p.total ?? -1);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
  });

  it("lets staff set a review deadline that reviewers see, refusing a date that is not one", async () => {
    const post = (who: string, deadline: string) =>
      callAction(staffReview.action, boardPath(), cookie[who], { intent: "deadline", deadline }, { id: themeA });
    expect((await post("rev", "2027-01-15")).status).toBe(403);
    expect((await post("staff", "2027-13-45")).status).toBe(400);
    // The message belongs to the date field of the deadline's form, and what was typed comes back to it.
    const refused = await actionAnswer<BoardAnswer>(
      staffReview.action,
      boardPath(),
      cookie.staff,
      { intent: "deadline", deadline: "2027-13-45" },
      { id: themeA },
    );
    expect(refused.status).toBe(400);
    expect(refused.data.form).toBe("deadline");
    expect(refused.data.result?.error).toEqual({ deadline: ["staffReview.deadlineInvalid"] });
    expect(refused.data.result?.initialValue).toMatchObject({ deadline: "2027-13-45" });
    const place = await actionAnswer<BoardAnswer>(
      staffReview.action,
      boardPath(),
      cookie.staff,
      { intent: "present", presentationAt: "2027-02-10T14:00", presentationPlace: " " },
      { id: themeA },
    );
    expect(place.data.form).toBe("present");
    expect(place.data.result?.error).toEqual({ presentationPlace: ["staffReview.presentInvalid"] });
    expect(place.data.result?.initialValue).toMatchObject({ presentationAt: "2027-02-10T14:00" });
    expect((await post("staff", "2027-01-15")).status).toBe(302);
    const list = await loadData(reviewList.loader, "/reviews", "rev", {});
    expect(list.themes.find((t) => t.id === themeA)?.deadline).toBe("2027-01-15");
    expect((await post("staff", "")).status).toBe(302);
  });

  it("gives a refused reviewer address back to the assign form, at the field, typed as it was", async () => {
    const assign = (email: string) =>
      actionAnswer<BoardAnswer>(
        staffReview.action,
        boardPath(),
        cookie.staff,
        { intent: "assign", email },
        { id: themeA },
      );
    const malformed = await assign("rev-at-example.jp");
    expect(malformed.status).toBe(400);
    expect(malformed.data.form).toBe("assign");
    expect(malformed.data.result?.error).toEqual({ email: ["validation.email.invalid"] });
    expect(malformed.data.result?.initialValue).toMatchObject({ email: "rev-at-example.jp" });
    // A member's address is not a reviewer's: the model refuses it, said at the same field.
    const member = await assign(user.plain.email);
    expect(member.data.result?.error).toEqual({ email: ["staffReview.notReviewer"] });
    // What each form sends is what the same schemas accept, in the browser and here.
    const sent = (fields: Record<string, string>) => new URLSearchParams(fields);
    expect(
      parseWithValibot(sent({ intent: "assign", email: " rev@example.jp " }), { schema: assignReviewerSchema }),
    ).toMatchObject({
      status: "success",
      value: { email: "rev@example.jp" },
    });
    expect(parseWithValibot(sent({ intent: "deadline", deadline: "" }), { schema: reviewDeadlineSchema }).status).toBe(
      "success",
    );
    expect(
      parseWithValibot(sent({ intent: "deadline", deadline: "2027-01-15" }), { schema: reviewDeadlineSchema }),
    ).toMatchObject({
      value: { deadline: "2027-01-15" },
    });
    const presentation = parseWithValibot(
      sent({ intent: "present", presentationAt: "2027-02-10T14:00", presentationPlace: "区役所本庁舎 会議室" }),
      { schema: presentationSchema },
    );
    expect(presentation.status).toBe("success");
  });

  it("serves the ranking as CSV starting with the UTF-8 byte-order mark", async () => {
    const response = (await rankingCsv.loader({
      request: makeRequest(csvPath(), cookie.staff),
      params: { id: themeA },
      context,
    })) as Response;
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toContain("attachment");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    const lines = text.slice(1).split("\r\n");
    expect(lines[0]).toMatch(/^rank,receipt_number,title,/);
    expect(lines[1]).toContain("テーマAへの提案");
    // The figures, then each reviewer's own total (reviewers in name order): 100 and 46.
    expect(lines[0]).toMatch(/,amount,reviewer: rev,reviewer: rev2,reviewer: revConflict,reviewer: revMember$/);
    const cells = lines[1].split(",");
    expect(cells.slice(-14, -4).join(",")).toBe("120000,73.0,27.0,46.0,100.0,2,2,yes,,");
    // Each reviewer's own total: the two who scored; one who declared a conflict and one who is a
    // member of an applicant are excluded.
    expect([...cells.slice(-4)].sort()).toEqual(["100.0", "46.0", "excluded", "excluded"]);
  });
});

describe("deciding on a proposal's own page", () => {
  const pathOf = (themeId: string, proposalId: string) => `/staff/themes/${themeId}/reviews/${proposalId}`;
  const post = (who: string | null, form: Record<string, string>, themeId = themeA, proposalId = proposalA) =>
    callAction(proposalReviewsPage.action, pathOf(themeId, proposalId), who ? cookie[who] : null, form, {
      id: themeId,
      proposalId,
    });
  const notFunded = { intent: "decide", decision: "not_funded", amount: "0", feedback: "体制をより具体的に。" };

  it("refuses a visitor, members and reviewers, and a proposal of another theme", async () => {
    expect((await post(null, notFunded)).status).toBe(302);
    for (const who of ["plain", "assocRep", "rev"]) expect((await post(who, notFunded)).status, who).toBe(403);
    expect((await post("rev", { intent: "reopen", reviewerId: user.rev.id })).status).toBe(403);
    // Proposal B belongs to theme B: not through theme A's URL.
    expect((await post("staff", notFunded, themeA, proposalB)).status).toBe(404);
    expect((await post("staff", { intent: "reopen", reviewerId: user.revB.id }, themeA, proposalB)).status).toBe(404);
    expect((await post("staff", { intent: "nonsense" })).status).toBe(400);
    const decided = await handle.db
      .selectFrom("decisions")
      .select("proposal_id")
      .where("proposal_id", "in", [proposalA, proposalB])
      .execute();
    expect(decided).toEqual([]);
  });

  it("keeps what was typed and names the field when something is wrong", async () => {
    const typed = {
      intent: "decide",
      decision: "funded",
      amount: "十万",
      conditions: "報告すること",
      feedback: "よい提案です。",
    };
    const params = { id: themeA, proposalId: proposalA };
    const refused = await actionAnswer<SubmissionResult<string[]>>(
      proposalReviewsPage.action,
      pathOf(themeA, proposalA),
      cookie.staff,
      typed,
      params,
    );
    expect(refused.status).toBe(400);
    expect(refused.data.error).toEqual({ amount: ["staffReview.invalid.amount"] });
    expect(refused.data.initialValue).toMatchObject(typed);
    const noChoice = await actionAnswer<SubmissionResult<string[]>>(
      proposalReviewsPage.action,
      pathOf(themeA, proposalA),
      cookie.staff,
      { intent: "decide", amount: "0" },
      params,
    );
    expect(noChoice.data.error).toEqual({ decision: ["staffReview.invalid.decision"] });
    // More than was asked for: the model's refusal is said at the amount, the rest kept.
    const tooMuch = await actionAnswer<SubmissionResult<string[]>>(
      proposalReviewsPage.action,
      pathOf(themeA, proposalA),
      cookie.staff,
      { ...typed, amount: "999,999,999" },
      params,
    );
    expect(tooMuch.data.error).toEqual({ amount: ["staffReview.overRequested"] });
    expect(tooMuch.data.initialValue).toMatchObject({ feedback: "よい提案です。" });
    // What the form sends is what the same schema accepts, in the browser and here.
    const accepted = parseWithValibot(new URLSearchParams({ ...typed, amount: "140,000", conditions: "" }), {
      schema: decisionSchema,
    });
    expect(accepted).toMatchObject({ status: "success", value: { decision: "funded", amount: 140000 } });
  });

  it("lets staff with a declared conflict read but not decide; another records it, and the history says who", async () => {
    await handle.db
      .insertInto("review_conflicts")
      .values({ proposal_id: proposalA, reviewer_id: user.staffConflict.id, reason: "家族が会員", kind: "declared" })
      .execute();
    const page = await loadData(proposalReviewsPage.loader, pathOf(themeA, proposalA), "staffConflict", {
      id: themeA,
      proposalId: proposalA,
    });
    expect(page.mayDecide).toBe(false);
    expect((await post("staffConflict", notFunded)).status).toBe(400);
    expect(await handle.db.selectFrom("decisions").select("proposal_id").execute()).toEqual([]);

    expect(await post("staff", notFunded)).toMatchObject({
      status: 302,
      location: `${pathOf(themeA, proposalA)}?stage=1`,
    });
    const after = await loadData(proposalReviewsPage.loader, pathOf(themeA, proposalA), "staff", {
      id: themeA,
      proposalId: proposalA,
    });
    expect(after.mayDecide).toBe(true);
    expect(after.decision).toMatchObject({ decision: "not_funded", amount: 0, feedback: "体制をより具体的に。" });
    expect(after.history[0]).toMatchObject({
      action: "proposal.decision_recorded",
      actor: "staff",
      decision: "not_funded",
      amount: 0,
    });
    // The proposal's earlier life is there too, in order: created, partner invited and accepted, submitted.
    expect(after.history.map((e) => e.action)).toEqual(
      expect.arrayContaining(["proposal.created", "proposal.submitted", "review.submitted"]),
    );
  });
});

describe("the result on the proposal page", () => {
  const proposalPath = () => `/proposals/${proposalA}`;
  const loadProposalPage = (who: string) =>
    loadData(proposalPage.loader, proposalPath(), who, { id: proposalA }) as Promise<Record<string, unknown>>;

  it("gives applicants no result before release", async () => {
    for (const who of ["assocRep", "assocMember", "npoRep"]) {
      const data = await loadProposalPage(who);
      expect(data.view, who).toBe("proposal");
      expect(data.result ?? null, who).toBeNull();
    }
  });

  it("gives applicants the decision and feedback after release, never scores", async () => {
    const board = (form: Record<string, string>) =>
      callAction(staffReview.action, `/staff/themes/${themeA}/review`, cookie.staff, form, { id: themeA });
    const decide = (form: Record<string, string>) =>
      callAction(proposalReviewsPage.action, `/staff/themes/${themeA}/reviews/${proposalA}`, cookie.staff, form, {
        id: themeA,
        proposalId: proposalA,
      });
    expect((await decide({ intent: "decide", decision: "funded", amount: "130,000" })).status).toBe(400);
    expect(
      await decide({
        intent: "decide",
        decision: "funded",
        amount: "100,000",
        conditions: "参加者数を報告すること",
        feedback: "役割分担が明確でした。",
      }),
    ).toMatchObject({ status: 302 });
    // Recorded but not released: still nothing for applicants.
    expect((await loadProposalPage("assocRep")).result ?? null).toBeNull();

    // One click never releases: it leads to a confirmation listing what is outstanding.
    expect(await board({ intent: "release" })).toMatchObject({
      status: 302,
      location: `/staff/themes/${themeA}/review?confirm=release`,
    });
    expect((await loadProposalPage("assocRep")).result ?? null).toBeNull();
    const confirm = await loadData(staffReview.loader, `/staff/themes/${themeA}/review?confirm=release`, "staff", {
      id: themeA,
    });
    expect(confirm.confirmRelease).toBe(true);
    expect(confirm.outstanding).toEqual({ undecided: 0, reviews: 0, invited: 0, short: 0 });
    expect(await board({ intent: "release", confirmed: "yes" })).toMatchObject({ status: 302 });
    expect((await board({ intent: "release", confirmed: "yes" })).status).toBe(400);

    for (const who of ["assocRep", "assocMember", "npoRep"]) {
      const data = await loadProposalPage(who);
      expect(data.status, who).toBe("funded");
      expect(data.result, who).toEqual({
        decision: "funded",
        amount: 100_000,
        conditions: "参加者数を報告すること",
        feedback: "役割分担が明確でした。",
      });
      const text = JSON.stringify(data);
      expect(text).not.toContain(PRIVATE_REMARK);
      expect(text).not.toContain("fund_with_conditions");
      expect(text).not.toContain(user.rev.id);
      expect(text).not.toContain(user.rev2.id);
    }
  });

  it("publishes the funded proposals on the theme page without their ids", async () => {
    const page = await themePage.loader({
      request: new Request(`http://localhost/themes/${themeA}`),
      params: { id: themeA },
      context,
    });
    const sent = JSON.stringify(page);
    expect(sent).toContain("テーマAへの提案");
    // A proposal id would join a reviewer's links to the public names.
    expect(sent).not.toContain(proposalA);
  });

  it("never lets an applicant open the review page, even after release", async () => {
    for (const who of ["assocRep", "assocMember", "npoRep"]) {
      expect((await openReview(who)).status, who).toBe(404);
      expect((await postReview(who, { intent: "draft", ...scoreFields("1") })).status, who).toBe(404);
    }
  });
});
