import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmEmail, signUp } from "~/models/accounts.server";
import { auditTrail } from "~/models/audit.server";
import { removeMember } from "~/models/organization-members.server";
import { withdrawProposal } from "~/models/proposal-submission.server";
import { fullRanking, reviewerProgress } from "~/models/ranking.server";
import { declareConflict, exclusions } from "~/models/review-conflicts.server";
import {
  flagNamesInText,
  fundedProposals,
  recordDecision,
  releasedDecision,
  releaseResults,
} from "~/models/review-decisions.server";
import { assignReviewer, removeReviewer } from "~/models/review-panel.server";
import { remindReviewers, sendReviewDeadlineReminders, setReviewDeadline } from "~/models/review-reminders.server";
import { type ReviewInput, reviewProblems } from "~/models/review-rules";
import {
  getReview,
  reopenReview,
  reviewAccess,
  reviewerNeighbours,
  saveReview,
  themeCriteria,
} from "~/models/reviews.server";
import { updateTheme } from "~/models/themes.server";
import { tokyoToday } from "../../app/utils/japan-time";
import type { User } from "../../db/schema";
import { createTestDatabase } from "../support/database";
import {
  APPLICANT_NAMES,
  APPLICANT_PEOPLE,
  addMember,
  applicantOrganizations,
  assignedReviewers,
  CLOSED,
  DAY,
  DURING,
  finishedDraft,
  mailContext as mail,
  NOW,
  OPENED,
  publishedTheme,
  submittedProposal,
  TWO_CRITERIA,
  themeInput,
  verifiedUser,
  verifiedUsers,
} from "../support/fixtures";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;

let user: Record<string, User>;
let org: Record<string, string>;
const theme: Record<string, string> = {};
const proposal: Record<string, string> = {};
const TITLES = {
  rank: "審査の順位を確かめるテーマ",
  access: "審査の権限を確かめるテーマ",
  other: "別の締め切ったテーマ",
  open: "まだ受付中のテーマ",
};
const NAMES = APPLICANT_NAMES;

/** The values of this file's themes: two awards planned, open from `opensAt` to `closesAt`. */
const values = (title: string, opensAt: Date, closesAt: Date) =>
  themeInput(title, { awardsPlanned: 2, opensAt, closesAt });

type Team = { lead: "assoc" | "npo" | "biz"; partners: ("assoc" | "npo" | "biz")[]; declined?: "outsider" };
const REPS = { assoc: "assocRep", npo: "npoRep", biz: "bizRep", outsider: "outsiderRep" } as const;
const rep = (key: keyof typeof REPS) => ({ organizationId: org[key], user: user[REPS[key]] });

/** A proposal written while the theme was open (`at`), submitted unless `submit` is false. */
function propose(themeId: string, team: Team, title: string, requested: number, at: Date, submit = true) {
  return (submit ? submittedProposal : finishedDraft)(handle.db, {
    themeId,
    lead: rep(team.lead),
    partners: team.partners.map(rep),
    declined: team.declined ? [rep(team.declined)] : [],
    title,
    requested,
    at,
  });
}

const makeTheme = (title: string, opensAt: Date, closesAt: Date) =>
  publishedTheme(handle.db, {
    staffId: user.staff.id,
    title,
    values: values(title, opensAt, closesAt),
    criteria: TWO_CRITERIA,
    now: opensAt,
  });

const assign = (themeId: string, who: User) =>
  assignedReviewers(handle.db, { themeId, staffId: user.staff.id, reviewers: [who], now: CLOSED });

/** Scores keyed by the theme's criterion ids: [地域課題の理解 (of 5), 協働の体制 (of 10)]. */
async function scoresFor(themeId: string, values: (number | undefined)[]) {
  const criteria = await themeCriteria(handle.db, themeId);
  const scores: Record<string, number> = {};
  criteria.forEach((c, i) => {
    if (values[i] !== undefined) scores[c.id] = values[i] as number;
  });
  return { criteria, scores };
}

async function review(
  themeId: string,
  proposalId: string,
  reviewer: User,
  values: (number | undefined)[],
  recommendation: ReviewInput["recommendation"],
  submit: boolean,
) {
  const { criteria, scores } = await scoresFor(themeId, values);
  return saveReview(handle.db, {
    proposalId,
    reviewerId: reviewer.id,
    review: { scores, comments: {}, overallComment: "総評", recommendation },
    submit,
    criteria,
    now: new Date(),
  });
}

const notificationsOf = (userId: string, key: string) =>
  handle.db
    .selectFrom("notifications")
    .selectAll()
    .where("user_id", "=", userId)
    .where("message_key", "=", key)
    .execute();

const mailTo = (email: string, afterId = 0) =>
  handle.db
    .selectFrom("mail_outbox")
    .selectAll()
    .where("to_address", "=", email)
    .where("id", ">", afterId)
    .orderBy("id")
    .execute();

const lastMailId = async () =>
  (
    await handle.db
      .selectFrom("mail_outbox")
      .select((eb) => eb.fn.max("id").as("id"))
      .executeTakeFirst()
  )?.id ?? 0;

beforeAll(async () => {
  handle = await createTestDatabase();
  user = await verifiedUsers(handle.db, {
    staff: "staff",
    admin: "admin",
    plain: "member",
    rev1: "reviewer",
    rev2: "reviewer",
    rev3: "reviewer",
    revOther: "reviewer",
    ...APPLICANT_PEOPLE,
  });
  org = await applicantOrganizations(handle.db, user, user.staff);
  // rev2 belongs to an organisation that declined its invitation to R1: no exclusion follows.
  await addMember(handle.db, org.outsider, user.outsiderRep, user.rev2);

  theme.rank = await makeTheme(TITLES.rank, OPENED, CLOSED);
  theme.access = await makeTheme(TITLES.access, OPENED, CLOSED);
  theme.other = await makeTheme(TITLES.other, OPENED, CLOSED);
  theme.open = await makeTheme(TITLES.open, new Date(NOW.getTime() - DAY), new Date(NOW.getTime() + 10 * DAY));

  proposal.R1 = await propose(
    theme.rank,
    { lead: "assoc", partners: ["npo"], declined: "outsider" },
    "R1 見守り",
    200_000,
    DURING,
  );
  proposal.R2 = await propose(theme.rank, { lead: "biz", partners: ["npo"] }, "R2 子ども食堂", 300_000, DURING);
  proposal.R3 = await propose(theme.rank, { lead: "npo", partners: ["assoc"] }, "R3 防災訓練", 100_000, DURING);
  proposal.RW = await propose(theme.rank, { lead: "assoc", partners: ["biz"] }, "RW 取り下げ", 50_000, DURING);
  const withdrawn = await withdrawProposal(
    handle.db,
    { proposalId: proposal.RW, userId: user.assocRep.id },
    mail(new Date(DURING.getTime() + 3600_000)),
  );
  if (!withdrawn.ok) throw new Error(withdrawn.problem);
  proposal.RD = await propose(theme.rank, { lead: "biz", partners: ["assoc"] }, "RD 下書き", 50_000, DURING, false);

  proposal.X1 = await propose(theme.access, { lead: "assoc", partners: ["biz"] }, "X1 公園", 100_000, DURING);
  proposal.X4 = await propose(theme.access, { lead: "biz", partners: ["npo"] }, "X4 清掃", 100_000, DURING);
  proposal.Y1 = await propose(theme.other, { lead: "npo", partners: ["assoc"] }, "Y1 別テーマ", 100_000, DURING);
  proposal.O1 = await propose(
    theme.open,
    { lead: "assoc", partners: ["npo"] },
    "O1 受付中",
    100_000,
    new Date(NOW.getTime() - 3600_000),
  );

  for (const who of [user.rev1, user.rev2]) await assign(theme.rank, who);
  await assign(theme.access, user.rev1);
  await assign(theme.other, user.revOther);
  await assign(theme.open, user.rev1);
});

afterAll(async () => {
  await handle?.cleanup();
});

describe("assignReviewer", () => {
  it("refuses a member who is not a reviewer and a second assignment", async () => {
    const assignAs = (email: string) =>
      assignReviewer(handle.db, { themeId: theme.access, email, staffId: user.staff.id }, mail());
    expect(await assignAs(user.plain.email)).toEqual({ ok: false, problem: "not_reviewer" });
    expect(await assignAs(user.assocRep.email)).toEqual({ ok: false, problem: "not_reviewer" });
    expect(await assignAs(user.rev1.email)).toEqual({ ok: false, problem: "already" });
    const rows = await handle.db
      .selectFrom("theme_reviewers")
      .select("user_id")
      .where("theme_id", "=", theme.access)
      .execute();
    expect(rows.map((r) => r.user_id)).toEqual([user.rev1.id]);
    expect(await notificationsOf(user.plain.id, "notice.reviewAssigned")).toHaveLength(0);
  });

  it("invites someone without an account, who becomes a reviewer of the theme on confirming the address", async () => {
    const before = await lastMailId();
    const invite = () =>
      assignReviewer(
        handle.db,
        { themeId: theme.access, email: "New.Reviewer@example.jp", staffId: user.staff.id },
        mail(),
      );
    expect(await invite()).toEqual({ ok: true, invited: true });
    expect(await invite()).toEqual({ ok: false, problem: "already" });
    const mails = await mailTo("new.reviewer@example.jp", before);
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain("http://lab.test/signup?email=new.reviewer%40example.jp");

    const signedUp = await signUp(
      handle.db,
      { name: "新任 審査委員", email: "new.reviewer@example.jp", password: "long enough password" },
      mail(),
    );
    if (!signedUp.ok) throw new Error("sign-up failed");
    const verification = await handle.db
      .selectFrom("mail_outbox")
      .select("text")
      .where("to_address", "=", "new.reviewer@example.jp")
      .where("template", "=", "verify-email")
      .executeTakeFirstOrThrow();
    const token = verification.text.match(/verify-email\?token=([\w-]+)/)?.[1] ?? "";
    // Not a reviewer until the address is proven.
    expect(
      (await handle.db.selectFrom("users").select("role").where("id", "=", signedUp.user.id).executeTakeFirstOrThrow())
        .role,
    ).toBe("member");
    expect(await confirmEmail(handle.db, token, new Date())).toEqual({ ok: true, kind: "verified" });
    expect(
      (await handle.db.selectFrom("users").select("role").where("id", "=", signedUp.user.id).executeTakeFirstOrThrow())
        .role,
    ).toBe("reviewer");
    const assigned = await handle.db
      .selectFrom("theme_reviewers")
      .select("user_id")
      .where("theme_id", "=", theme.access)
      .where("user_id", "=", signedUp.user.id)
      .execute();
    expect(assigned).toHaveLength(1);
    await handle.db.deleteFrom("theme_reviewers").where("user_id", "=", signedUp.user.id).execute();
  });

  it("assigns a reviewer (address as typed), tells them in the app and by e-mail, once", async () => {
    const before = await lastMailId();
    expect(
      await assignReviewer(
        handle.db,
        { themeId: theme.access, email: `  ${user.rev3.email.toUpperCase()} `, staffId: user.staff.id },
        mail(),
      ),
    ).toEqual({ ok: true, invited: false });
    const notices = await notificationsOf(user.rev3.id, "notice.reviewAssigned");
    expect(notices).toHaveLength(1);
    expect(notices[0].link).toBe("/reviews");
    expect(notices[0].params).toEqual({ theme: TITLES.access });
    const mails = await mailTo(user.rev3.email, before);
    expect(mails).toHaveLength(1);
    expect(mails[0].template).toBe("notice");
    expect(mails[0].subject).toContain(TITLES.access);
    expect(mails[0].text).toContain("http://lab.test/reviews");
    // Nobody else was told.
    const others = await handle.db.selectFrom("mail_outbox").select("to_address").where("id", ">", before).execute();
    expect(others.map((m) => m.to_address)).toEqual([user.rev3.email]);

    expect(
      await assignReviewer(
        handle.db,
        { themeId: theme.access, email: user.rev3.email, staffId: user.staff.id },
        mail(),
      ),
    ).toEqual({ ok: false, problem: "already" });
    expect(await notificationsOf(user.rev3.id, "notice.reviewAssigned")).toHaveLength(1);
    expect(await mailTo(user.rev3.email, before)).toHaveLength(1);
  });

  it("accepts staff as reviewers", async () => {
    expect(
      await assignReviewer(
        handle.db,
        { themeId: theme.other, email: user.staff.email, staffId: user.staff.id },
        mail(),
      ),
    ).toEqual({ ok: true, invited: false });
  });
});

describe("exclusions and reviewAccess", () => {
  it("lets an assigned reviewer open a submitted proposal of a closed theme", async () => {
    expect(await reviewAccess(handle.db, user.rev1.id, proposal.X1)).toEqual({
      themeId: theme.access,
      hideNames: false,
    });
    expect(await reviewAccess(handle.db, user.rev3.id, proposal.X1)).toEqual({
      themeId: theme.access,
      hideNames: false,
    });
    expect(await reviewAccess(handle.db, user.revOther.id, proposal.Y1)).toEqual({
      themeId: theme.other,
      hideNames: false,
    });
  });

  it("refuses a reviewer of another theme, and anyone not assigned", async () => {
    expect(await reviewAccess(handle.db, user.revOther.id, proposal.X1)).toBeNull();
    expect(await reviewAccess(handle.db, user.rev1.id, proposal.Y1)).toBeNull();
    expect(await reviewAccess(handle.db, user.plain.id, proposal.X1)).toBeNull();
    expect(await reviewAccess(handle.db, user.assocRep.id, proposal.X1)).toBeNull();
    expect(await reviewAccess(handle.db, user.rev1.id, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });

  it("refuses a withdrawn proposal and a draft", async () => {
    expect(await reviewAccess(handle.db, user.rev1.id, proposal.R1)).not.toBeNull();
    expect(await reviewAccess(handle.db, user.rev1.id, proposal.RW)).toBeNull();
    expect(await reviewAccess(handle.db, user.rev1.id, proposal.RD)).toBeNull();
  });

  it("refuses while the theme is still open", async () => {
    expect(await reviewAccess(handle.db, user.rev1.id, proposal.O1)).toBeNull();
  });

  it("excludes a reviewer who is a member of any accepted organisation on the proposal, even after they leave it", async () => {
    expect((await exclusions(handle.db, theme.access)).filter((e) => e.reviewerId === user.rev3.id)).toEqual([]);
    // biz is the partner on X1 and the lead on X4.
    await addMember(handle.db, org.biz, user.bizRep, user.rev3);
    const excluded = (await exclusions(handle.db, theme.access)).filter((e) => e.reviewerId === user.rev3.id);
    expect(excluded).toHaveLength(2);
    expect(excluded).toEqual(
      expect.arrayContaining([
        {
          proposalId: proposal.X1,
          reviewerId: user.rev3.id,
          reason: NAMES.biz,
          declared: false,
          receipt: expect.any(String),
        },
        {
          proposalId: proposal.X4,
          reviewerId: user.rev3.id,
          reason: NAMES.biz,
          declared: false,
          receipt: expect.any(String),
        },
      ]),
    );
    expect(await reviewAccess(handle.db, user.rev3.id, proposal.X1)).toBeNull();
    expect(await reviewAccess(handle.db, user.rev3.id, proposal.X4)).toBeNull();
    // rev1 is not a member: unaffected.
    expect(await reviewAccess(handle.db, user.rev1.id, proposal.X1)).not.toBeNull();

    const left = await removeMember(handle.db, {
      organizationId: org.biz,
      userId: user.rev3.id,
      actorId: user.rev3.id,
    });
    expect(left).toEqual({ ok: true });
    // The conflict arose during the review: leaving the organisation does not lift it.
    const kept = (await exclusions(handle.db, theme.access)).filter((e) => e.reviewerId === user.rev3.id);
    expect(kept.map((e) => e.proposalId).sort()).toEqual([proposal.X1, proposal.X4].sort());
    expect(kept.every((e) => !e.declared && e.reason === NAMES.biz)).toBe(true);
    expect(await reviewAccess(handle.db, user.rev3.id, proposal.X1)).toBeNull();
    // The fixtures below rank without this episode.
    await handle.db
      .deleteFrom("review_conflicts")
      .where("reviewer_id", "=", user.rev3.id)
      .where("kind", "=", "membership")
      .execute();
    expect(await reviewAccess(handle.db, user.rev3.id, proposal.X1)).toEqual({
      themeId: theme.access,
      hideNames: false,
    });
  });

  it("ignores an organisation that declined its invitation to the proposal", async () => {
    // rev2 is a member of the outsider association, which declined R1.
    expect((await exclusions(handle.db, theme.rank)).filter((e) => e.reviewerId === user.rev2.id)).toEqual([]);
    expect(await reviewAccess(handle.db, user.rev2.id, proposal.R1)).not.toBeNull();
  });

  it("a declared conflict excludes the reviewer and deletes their draft review", async () => {
    const saved = await review(theme.access, proposal.X4, user.rev1, [3, undefined], null, false);
    expect(saved).toEqual({ ok: true });
    expect(await getReview(handle.db, proposal.X4, user.rev1.id)).toBeDefined();
    await declareConflict(handle.db, { proposalId: proposal.X4, reviewerId: user.rev1.id, reason: "代表者が親族です" });
    expect(await getReview(handle.db, proposal.X4, user.rev1.id)).toBeUndefined();
    expect(await reviewAccess(handle.db, user.rev1.id, proposal.X4)).toBeNull();
    expect(
      (await exclusions(handle.db, theme.access)).filter(
        (e) => e.reviewerId === user.rev1.id && e.proposalId === proposal.X4,
      ),
    ).toEqual([
      {
        proposalId: proposal.X4,
        reviewerId: user.rev1.id,
        reason: "代表者が親族です",
        declared: true,
        receipt: expect.any(String),
      },
    ]);
    // The other proposal stays open to them.
    expect(await reviewAccess(handle.db, user.rev1.id, proposal.X1)).not.toBeNull();
  });
});

describe("saveReview", () => {
  it("saves an incomplete draft", async () => {
    expect(await review(theme.access, proposal.X1, user.rev1, [2, undefined], null, false)).toEqual({ ok: true });
    const stored = await getReview(handle.db, proposal.X1, user.rev1.id);
    expect(stored?.status).toBe("draft");
    expect(stored?.submitted_at).toBeNull();
    expect(stored?.recommendation).toBeNull();
    expect(Object.values(stored?.scores ?? {})).toEqual([2]);
    expect(stored?.overall_comment).toBe("総評");
  });

  it("refuses a draft holding a score outside 0..max, and keeps the draft as it was", async () => {
    const criteria = await themeCriteria(handle.db, theme.access);
    for (const values of [
      [6, undefined],
      [999, undefined],
      [2, 11],
      [-1, undefined],
    ]) {
      const result = await review(theme.access, proposal.X1, user.rev1, values, null, false);
      expect(result.ok, JSON.stringify(values)).toBe(false);
      expect("problems" in result && result.problems.every((p) => p.field.startsWith("scores."))).toBe(true);
    }
    const stored = await getReview(handle.db, proposal.X1, user.rev1.id);
    expect(stored?.scores).toEqual({ [criteria[0].id]: 2 });
  });

  it("refuses to submit without every criterion scored within 0..max and a recommendation, and stores nothing", async () => {
    const cases: [(number | undefined)[], ReviewInput["recommendation"], string[]][] = [
      [[2, undefined], "fund", ["scores.1"]],
      [[2, 5], null, ["recommendation"]],
      [[6, 5], "fund", ["scores.0"]],
      [[2, 11], "fund", ["scores.1"]],
      [[-1, 5], "fund", ["scores.0"]],
      [[2.5, 5], "fund", ["scores.0"]],
      [[undefined, undefined], null, ["scores.0", "scores.1", "recommendation"]],
    ];
    const criteria = await themeCriteria(handle.db, theme.access);
    const field = (f: string) => f.replace(/^scores\.(\d)$/, (_, i) => `scores.${criteria[Number(i)].id}`);
    for (const [values, recommendation, fields] of cases) {
      const result = await review(theme.access, proposal.X1, user.rev1, values, recommendation, true);
      expect(result.ok, JSON.stringify(values)).toBe(false);
      expect("problems" in result && result.problems.map((p) => p.field)).toEqual(fields.map(field));
    }
    const stored = await getReview(handle.db, proposal.X1, user.rev1.id);
    expect(stored?.status).toBe("draft");
    expect(Object.values(stored?.scores ?? {})).toEqual([2]);
  });

  it("reviewProblems accepts the bounds 0 and the maximum", async () => {
    const { criteria, scores } = await scoresFor(theme.access, [0, 10]);
    expect(
      reviewProblems(criteria, { scores, comments: {}, overallComment: "", recommendation: "do_not_fund" }),
    ).toEqual([]);
  });

  it("submits a complete review, which is then final until staff reopen it", async () => {
    expect(await review(theme.access, proposal.X1, user.rev1, [0, 10], "fund_with_conditions", true)).toEqual({
      ok: true,
    });
    const submitted = await getReview(handle.db, proposal.X1, user.rev1.id);
    expect(submitted?.status).toBe("submitted");
    expect(submitted?.submitted_at).toBeInstanceOf(Date);
    expect(submitted?.recommendation).toBe("fund_with_conditions");

    expect(await review(theme.access, proposal.X1, user.rev1, [5, 5], "fund", false)).toEqual({
      ok: false,
      problem: "final",
    });
    expect(await review(theme.access, proposal.X1, user.rev1, [5, 5], "fund", true)).toEqual({
      ok: false,
      problem: "final",
    });
    const unchanged = await getReview(handle.db, proposal.X1, user.rev1.id);
    expect(unchanged?.status).toBe("submitted");
    expect(unchanged?.recommendation).toBe("fund_with_conditions");
    expect(Object.values(unchanged?.scores ?? {}).sort()).toEqual([0, 10]);

    // Only through the proposal's own theme (security: ids in a form belong to the URL's resource).
    expect(
      await reopenReview(handle.db, {
        themeId: theme.rank,
        proposalId: proposal.X1,
        reviewerId: user.rev1.id,
        staffId: user.staff.id,
      }),
    ).toBe(false);
    expect(await getReview(handle.db, proposal.X1, user.rev1.id)).toMatchObject({ status: "submitted" });
    await reopenReview(handle.db, {
      themeId: theme.access,
      proposalId: proposal.X1,
      reviewerId: user.rev1.id,
      staffId: user.staff.id,
    });
    const reopened = await getReview(handle.db, proposal.X1, user.rev1.id);
    expect(reopened?.status).toBe("draft");
    expect(reopened?.submitted_at).toBeNull();
    expect(await review(theme.access, proposal.X1, user.rev1, [5, 5], "fund", true)).toEqual({ ok: true });
    const resubmitted = await getReview(handle.db, proposal.X1, user.rev1.id);
    expect(resubmitted?.status).toBe("submitted");
    expect(resubmitted?.recommendation).toBe("fund");
    const count = await handle.db
      .selectFrom("reviews")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("proposal_id", "=", proposal.X1)
      .where("reviewer_id", "=", user.rev1.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });
});

describe("the ranking (one SQL reckoning for the page, the CSV and the reminders), remindReviewers", () => {
  it("shows each reviewer's progress, excluded pairs not due, and reminds only those behind", async () => {
    // rev2 declares a conflict with R3: only R1 and R2 are due from them.
    await declareConflict(handle.db, { proposalId: proposal.R3, reviewerId: user.rev2.id, reason: "顧問をしています" });
    // Totals are 8a + 6b.
    expect(await review(theme.rank, proposal.R1, user.rev1, [5, 10], "fund", true)).toEqual({ ok: true }); // 100
    expect(await review(theme.rank, proposal.R2, user.rev1, [4, 8], "fund", true)).toEqual({ ok: true }); // 80
    expect(await review(theme.rank, proposal.R3, user.rev1, [3, 5], "do_not_fund", true)).toEqual({ ok: true }); // 54
    expect(await review(theme.rank, proposal.R1, user.rev2, [2, 5], "do_not_fund", true)).toEqual({ ok: true }); // 46
    // A draft counts for nothing.
    expect(await review(theme.rank, proposal.R2, user.rev2, [4, 7], null, false)).toEqual({ ok: true });

    const board = await fullRanking(handle.db, theme.rank);
    if (!board) throw new Error("no board");
    const progress = Object.fromEntries(board.reviewers.map((r) => [r.id, { done: r.done, due: r.due }]));
    expect(progress).toEqual({
      [user.rev1.id]: { done: 3, due: 3 },
      [user.rev2.id]: { done: 1, due: 2 },
    });
    expect(board.ranking.find((p) => p.id === proposal.R2)?.standing.count).toBe(1);
    expect(Object.fromEntries(board.ranking.map((p) => [p.id, p.due]))).toEqual({
      [proposal.R1]: 2,
      [proposal.R2]: 2,
      [proposal.R3]: 1,
    });

    const before = await lastMailId();
    expect(await remindReviewers(handle.db, { themeId: theme.rank, staffId: user.staff.id }, mail())).toBe(1);
    expect(await notificationsOf(user.rev2.id, "notice.reviewReminder")).toHaveLength(1);
    expect(await notificationsOf(user.rev1.id, "notice.reviewReminder")).toHaveLength(0);
    const sent = await handle.db.selectFrom("mail_outbox").selectAll().where("id", ">", before).execute();
    expect(sent.map((m) => m.to_address)).toEqual([user.rev2.email]);
    expect(sent[0].template).toBe("notice");
    expect(sent[0].subject).toContain(TITLES.rank);

    expect(await review(theme.rank, proposal.R2, user.rev2, [4, 7], "fund", true)).toEqual({ ok: true }); // 74
    expect(await remindReviewers(handle.db, { themeId: theme.rank, staffId: user.staff.id }, mail())).toBe(0);
    expect(await notificationsOf(user.rev2.id, "notice.reviewReminder")).toHaveLength(1);
  });

  it("stops counting a review whose reviewer joined one of the proposal's organisations after submitting", async () => {
    const before = await fullRanking(handle.db, theme.rank);
    const countBefore = before?.ranking.find((p) => p.id === proposal.R2)?.standing.count ?? 0;
    await addMember(handle.db, org.biz, user.bizRep, user.rev1);
    try {
      const board = await fullRanking(handle.db, theme.rank);
      if (!board) throw new Error("no board");
      const rev1 = board.reviewers.find((r) => r.id === user.rev1.id);
      expect(rev1).toMatchObject({ done: 2, due: 2 });
      expect(board.ranking.find((p) => p.id === proposal.R2)?.standing.count).toBe(countBefore - 1);
    } finally {
      await removeMember(handle.db, { organizationId: org.biz, userId: user.rev1.id, actorId: user.rev1.id });
    }
    // Leaving again does not bring the review back: the conflict stays on record.
    const after = await fullRanking(handle.db, theme.rank);
    expect(after?.ranking.find((p) => p.id === proposal.R2)?.standing.count).toBe(countBefore - 1);
    // The fixtures below rank without this episode.
    await handle.db
      .deleteFrom("review_conflicts")
      .where("reviewer_id", "=", user.rev1.id)
      .where("kind", "=", "membership")
      .execute();
  });

  it("ranks by the mean of weighted, normalised totals, with the spread and the disagreement flag", async () => {
    const stored = await handle.db
      .selectFrom("themes")
      .select("disagreement_threshold")
      .where("id", "=", theme.rank)
      .executeTakeFirstOrThrow();
    expect(stored.disagreement_threshold).toBe(15);

    const board = await fullRanking(handle.db, theme.rank);
    if (!board) throw new Error("no board");
    // Only submitted proposals are ranked; by mean, not by receipt number.
    expect(board.ranking.map((p) => p.id)).toEqual([proposal.R2, proposal.R1, proposal.R3]);
    const [r2, r1, r3] = board.ranking.map((p) => p.standing);
    // R2: 8·4 + 6·8 = 80 and 8·4 + 6·7 = 74 → mean 77, population SD 3.
    expect(r2.count).toBe(2);
    expect(r2.mean).toBeCloseTo(77, 9);
    expect(r2.standardDeviation).toBeCloseTo(3, 9);
    expect(r2.min).toBeCloseTo(74, 9);
    expect(r2.max).toBeCloseTo(80, 9);
    expect(r2.disagreement).toBe(false);
    // R1: 100 and 8·2 + 6·5 = 46 → mean 73, SD 27 > 15.
    expect(r1.count).toBe(2);
    expect(r1.mean).toBeCloseTo(73, 9);
    expect(r1.standardDeviation).toBeCloseTo(27, 9);
    expect(r1.disagreement).toBe(true);
    // R3: one review, 8·3 + 6·5 = 54.
    expect(r3.count).toBe(1);
    expect(r3.mean).toBeCloseTo(54, 9);
    expect(r3.standardDeviation).toBe(0);
    expect(r3.disagreement).toBe(false);
    expect((board.ranking[1].organizations ?? "").split("、").sort()).toEqual([NAMES.assoc, NAMES.npo].sort());
    expect(board.ranking[1].requested_amount).toBe(200_000);

    // The flag follows the theme's own threshold.
    await handle.db.updateTable("themes").set({ disagreement_threshold: 30 }).where("id", "=", theme.rank).execute();
    const lenient = await fullRanking(handle.db, theme.rank);
    expect(lenient?.ranking.find((p) => p.id === proposal.R1)?.standing.disagreement).toBe(false);
    await handle.db.updateTable("themes").set({ disagreement_threshold: 2 }).where("id", "=", theme.rank).execute();
    const strict = await fullRanking(handle.db, theme.rank);
    expect(strict?.ranking.find((p) => p.id === proposal.R2)?.standing.disagreement).toBe(true);
    expect(strict?.ranking.find((p) => p.id === proposal.R3)?.standing.disagreement).toBe(false);
    // Exactly at the threshold is not above it: R2's spread is 3.
    await handle.db.updateTable("themes").set({ disagreement_threshold: 3 }).where("id", "=", theme.rank).execute();
    const atThreshold = await fullRanking(handle.db, theme.rank);
    expect(atThreshold?.ranking.find((p) => p.id === proposal.R2)?.standing.disagreement).toBe(false);
    // Each reviewer's own total, for staff: rev1 gave R2 80 and rev2 74; rev2 may not review R3.
    const columns = Object.fromEntries(
      (atThreshold?.ranking ?? []).map((p) => [
        p.id,
        p.byReviewer.map((v) => (typeof v === "number" ? Math.round(v) : v)),
      ]),
    );
    const order = atThreshold?.reviewers.map((r) => r.id) ?? [];
    const byName = (proposalId: string) => Object.fromEntries(order.map((id, i) => [id, columns[proposalId][i]]));
    expect(byName(proposal.R2)).toEqual({ [user.rev1.id]: 80, [user.rev2.id]: 74 });
    expect(byName(proposal.R3)).toEqual({ [user.rev1.id]: 54, [user.rev2.id]: "excluded" });
    await handle.db.updateTable("themes").set({ disagreement_threshold: 15 }).where("id", "=", theme.rank).execute();
  });

  it("answers null for an unknown theme", async () => {
    expect(await fullRanking(handle.db, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});

describe("decisions and the release of results", () => {
  const decide = (
    proposalId: string,
    decision: "funded" | "not_funded",
    amount: number,
    extra: { conditions?: string; feedback?: string } = {},
  ) =>
    recordDecision(handle.db, {
      themeId: theme.rank,
      proposalId,
      staffId: user.staff.id,
      decision,
      amount,
      conditions: extra.conditions ?? "",
      feedback: extra.feedback ?? "",
      now: new Date(),
    });
  const decisionOf = (proposalId: string) =>
    handle.db.selectFrom("decisions").selectAll().where("proposal_id", "=", proposalId).executeTakeFirst();

  it("decides only a proposal of the theme in the URL", async () => {
    expect(
      await recordDecision(handle.db, {
        themeId: theme.rank,
        proposalId: proposal.X1,
        staffId: user.staff.id,
        decision: "funded",
        amount: 1,
        conditions: "",
        feedback: "",
        now: new Date(),
      }),
    ).toEqual({ ok: false, problem: "not_found" });
  });

  it("leaves a proposal to another member of staff when the one deciding belongs to an applicant", async () => {
    await handle.db
      .insertInto("organization_members")
      .values({ organization_id: org.assoc, user_id: user.staff.id, role: "member" })
      .execute();
    try {
      expect(await decide(proposal.R1, "funded", 1)).toEqual({ ok: false, problem: "excluded" });
    } finally {
      await handle.db
        .deleteFrom("organization_members")
        .where("organization_id", "=", org.assoc)
        .where("user_id", "=", user.staff.id)
        .execute();
    }
  });

  it("refuses an amount above the request or the theme's cap", async () => {
    expect(await decide(proposal.R1, "funded", 200_001)).toEqual({ ok: false, problem: "over_requested" });
    // Staff lowered the theme's caps after submission: the cap binds even within the request.
    const caps = (perYear: number, total: number, years: number) =>
      handle.db
        .updateTable("themes")
        .set({ grant_cap_per_year: perYear, grant_cap_total: total, duration_years: years })
        .where("id", "=", theme.rank)
        .execute();
    // The total cap binds: min(150 000, 150 000 × 2).
    await caps(150_000, 150_000, 2);
    expect(await decide(proposal.R1, "funded", 150_001)).toEqual({ ok: false, problem: "over_cap" });
    // The yearly cap times the years binds: min(300 000, 120 000 × 1).
    await caps(120_000, 300_000, 1);
    expect(await decide(proposal.R1, "funded", 120_001)).toEqual({ ok: false, problem: "over_cap" });
    await caps(300_000, 300_000, 1);
    expect(await decisionOf(proposal.R1)).toBeUndefined();
    expect(await decide(proposal.RW, "funded", 10_000)).toEqual({ ok: false, problem: "not_found" });
  });

  it("records and replaces a decision; a refusal keeps amount 0", async () => {
    expect(await decide(proposal.R1, "funded", 150_000)).toEqual({ ok: true });
    expect(
      await decide(proposal.R1, "funded", 200_000, {
        conditions: "参加者数を報告すること",
        feedback: "役割分担が明確でした。",
      }),
    ).toEqual({ ok: true });
    const r1 = await decisionOf(proposal.R1);
    expect(r1).toMatchObject({ decision: "funded", amount: 200_000, conditions: "参加者数を報告すること" });
    expect(await decide(proposal.R2, "not_funded", 99_999, { feedback: "計画をより具体的に。" })).toEqual({ ok: true });
    expect(await decisionOf(proposal.R2)).toMatchObject({ decision: "not_funded", amount: 0 });
  });

  it("gives applicants nothing before release", async () => {
    expect(await releasedDecision(handle.db, proposal.R1)).toBeUndefined();
    expect(await releasedDecision(handle.db, proposal.R2)).toBeUndefined();
    expect(await fundedProposals(handle.db, theme.rank)).toEqual([]);
  });

  it("refuses to release while the theme is open, or with a proposal lacking a decision", async () => {
    expect(await releaseResults(handle.db, { themeId: theme.open, staffId: user.staff.id }, mail())).toEqual({
      ok: false,
      problem: "not_closed",
    });
    // The same theme, seen from a moment while it was still open.
    expect(await releaseResults(handle.db, { themeId: theme.rank, staffId: user.staff.id }, mail(DURING))).toEqual({
      ok: false,
      problem: "not_closed",
    });
    // R3 has no decision yet.
    const before = await lastMailId();
    expect(await releaseResults(handle.db, { themeId: theme.rank, staffId: user.staff.id }, mail())).toEqual({
      ok: false,
      problem: "missing_decisions",
    });
    const t = await handle.db
      .selectFrom("themes")
      .select(["status", "results_released_at"])
      .where("id", "=", theme.rank)
      .executeTakeFirstOrThrow();
    expect(t).toEqual({ status: "published", results_released_at: null });
    const statuses = await handle.db
      .selectFrom("proposals")
      .select("status")
      .where("id", "in", [proposal.R1, proposal.R2])
      .execute();
    expect(statuses.map((s) => s.status)).toEqual(["submitted", "submitted"]);
    expect(await lastMailId()).toBe(before);
  });

  it("releases: statuses, the theme, every member of every accepted organisation told; only once", async () => {
    expect(await decide(proposal.R3, "funded", 100_000)).toEqual({ ok: true });
    const before = await lastMailId();
    const released = await releaseResults(handle.db, { themeId: theme.rank, staffId: user.staff.id }, mail());
    // R1: assoc (2 people) + npo (2); R2: biz (2) + npo (2); R3: npo (2) + assoc (2).
    expect(released).toEqual({ ok: true, notified: 12 });

    const rows = await handle.db
      .selectFrom("proposals")
      .select(["id", "status"])
      .where("theme_id", "=", theme.rank)
      .execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({
      [proposal.R1]: "funded",
      [proposal.R2]: "not_funded",
      [proposal.R3]: "funded",
      [proposal.RW]: "withdrawn",
      [proposal.RD]: "draft",
    });
    const t = await handle.db
      .selectFrom("themes")
      .select(["status", "results_released_at"])
      .where("id", "=", theme.rank)
      .executeTakeFirstOrThrow();
    expect(t.status).toBe("results_released");
    expect(t.results_released_at).toBeInstanceOf(Date);

    const expected: [string, string[]][] = [
      ["assocRep", [proposal.R1, proposal.R3]],
      ["assocMember", [proposal.R1, proposal.R3]],
      ["npoRep", [proposal.R1, proposal.R2, proposal.R3]],
      ["npoMember", [proposal.R1, proposal.R2, proposal.R3]],
      ["bizRep", [proposal.R2]],
      ["bizMember", [proposal.R2]],
      // The outsider association declined R1; reviewers and staff are not applicants.
      ["outsiderRep", []],
      ["rev1", []],
      ["rev2", []],
      ["staff", []],
    ];
    for (const [key, proposals] of expected) {
      const notices = await notificationsOf(user[key].id, "notice.resultReleased");
      expect(notices.map((n) => n.link).sort(), key).toEqual(proposals.map((id) => `/proposals/${id}`).sort());
      const mails = await mailTo(user[key].email, before);
      expect(mails, key).toHaveLength(proposals.length);
      for (const m of mails) expect(m.template).toBe("notice");
    }
    const r1Mail = (await mailTo(user.bizRep.email, before))[0];
    expect(r1Mail.subject).toContain("R2 子ども食堂");
    // Each subject says the outcome, 採択 or 不採択, as decided.
    const decided = await handle.db
      .selectFrom("proposals as p")
      .innerJoin("decisions as d", "d.proposal_id", "p.id")
      .select(["p.title", "d.decision"])
      .where("p.id", "in", [proposal.R1, proposal.R2, proposal.R3])
      .execute();
    expect(new Set(decided.map((d) => d.decision))).toEqual(new Set(["funded", "not_funded"]));
    expect((await mailTo(user.npoRep.email, before)).map((m) => m.subject).sort()).toEqual(
      decided
        .map((d) => `【ねりま協働ラボ】審査結果：${d.decision === "funded" ? "採択" : "不採択"}（${d.title}）`)
        .sort(),
    );
    const total = await handle.db.selectFrom("mail_outbox").select("id").where("id", ">", before).execute();
    expect(total).toHaveLength(12);

    expect(await releaseResults(handle.db, { themeId: theme.rank, staffId: user.staff.id }, mail())).toEqual({
      ok: false,
      problem: "already",
    });
    expect(await handle.db.selectFrom("mail_outbox").select("id").where("id", ">", before).execute()).toHaveLength(12);
  });

  it("refuses a decision after release", async () => {
    expect(await decide(proposal.R2, "funded", 100_000)).toEqual({ ok: false, problem: "released" });
    expect(await decisionOf(proposal.R2)).toMatchObject({ decision: "not_funded", amount: 0 });
  });

  it("gives applicants the decision, amount, conditions and feedback — never scores or reviewers", async () => {
    const r1 = await releasedDecision(handle.db, proposal.R1);
    expect(r1).toEqual({
      decision: "funded",
      amount: 200_000,
      conditions: "参加者数を報告すること",
      feedback: "役割分担が明確でした。",
    });
    const r2 = await releasedDecision(handle.db, proposal.R2);
    expect(r2).toEqual({ decision: "not_funded", amount: 0, conditions: "", feedback: "計画をより具体的に。" });
    const text = JSON.stringify(r1);
    expect(text).not.toContain(user.rev1.id);
    expect(text).not.toContain(user.rev2.id);
    expect(await releasedDecision(handle.db, proposal.RW)).toBeUndefined();
  });

  it("lists only the funded proposals", async () => {
    const funded = await fundedProposals(handle.db, theme.rank);
    expect(funded.map((p) => [p.id, p.amount])).toEqual([
      [proposal.R1, 200_000],
      [proposal.R3, 100_000],
    ]);
    expect(funded[0].organizations.split("、").sort()).toEqual([NAMES.assoc, NAMES.npo].sort());
    expect(await fundedProposals(handle.db, theme.access)).toEqual([]);
  });
});

describe("taking a reviewer off a theme", () => {
  it("discards their drafts, stops counting their submitted reviews, refuses them at once, and audits it", async () => {
    const gone = await verifiedUser(handle.db, "gone@example.jp", "reviewer", "外れる 委員");
    await assign(theme.access, gone);
    expect(await review(theme.access, proposal.X4, gone, [5, 10], "fund", true)).toEqual({ ok: true });
    expect(await review(theme.access, proposal.X1, gone, [1, undefined], null, false)).toEqual({ ok: true });
    const countOf = async () =>
      (await fullRanking(handle.db, theme.access))?.ranking.find((p) => p.id === proposal.X4)?.standing.count ?? 0;
    const before = await countOf();

    expect(
      await removeReviewer(handle.db, { themeId: theme.access, reviewerId: gone.id, staffId: user.staff.id }),
    ).toBe(true);
    expect(await countOf()).toBe(before - 1);
    expect(await getReview(handle.db, proposal.X1, gone.id)).toBeUndefined();
    expect(await reviewAccess(handle.db, gone.id, proposal.X4)).toBeNull();
    const trail = await auditTrail(handle.db, "theme", theme.access);
    expect(trail.at(-1)).toMatchObject({
      action: "theme.reviewer_removed",
      actor_id: user.staff.id,
      details: { reviewer: gone.id, draftsDiscarded: 1 },
    });
    // Not on the theme: nothing to remove.
    expect(
      await removeReviewer(handle.db, { themeId: theme.access, reviewerId: gone.id, staffId: user.staff.id }),
    ).toBe(false);
  });
});

describe("working through a theme in order", () => {
  it("gives each proposal its previous and next in receipt order, leaving out the ones the reviewer may not review", async () => {
    // rev2 declared a conflict with R3: their list is R1, R2 (by receipt number), R3 left out.
    const at = (proposalId: string) =>
      reviewerNeighbours(handle.db, { reviewerId: user.rev2.id, themeId: theme.rank, proposalId, stage: 1 });
    const receipts = await handle.db
      .selectFrom("proposals")
      .select(["id", "receipt_number"])
      .where("id", "in", [proposal.R1, proposal.R2])
      .orderBy("receipt_number")
      .execute();
    const [first, second] = receipts.map((r) => r.id);
    expect(await at(first)).toEqual({ position: 1, total: 2, previous: null, next: second });
    expect(await at(second)).toEqual({ position: 2, total: 2, previous: first, next: null });
    // rev1 has no conflict: all three.
    expect(
      (
        await reviewerNeighbours(handle.db, {
          reviewerId: user.rev1.id,
          themeId: theme.rank,
          proposalId: first,
          stage: 1,
        })
      ).total,
    ).toBe(3);
  });
});

describe("names in the text of a proposal on an anonymised theme", () => {
  it("lets staff mark a proposal of the theme in the URL only, audited, and the ranking shows it", async () => {
    const flag = (themeId: string, flagged: boolean) =>
      flagNamesInText(handle.db, {
        themeId,
        proposalId: proposal.X1,
        staffId: user.staff.id,
        flagged,
        now: new Date(),
      });
    expect(await flag(theme.rank, true)).toBe(false);
    expect(await flag(theme.access, true)).toBe(true);
    const row = (await fullRanking(handle.db, theme.access))?.ranking.find((p) => p.id === proposal.X1);
    expect(row?.namesFlagged).toBe(true);
    expect((await auditTrail(handle.db, "proposal", proposal.X1)).at(-1)).toMatchObject({
      action: "proposal.names_flagged",
      actor_id: user.staff.id,
    });
    expect(await flag(theme.access, false)).toBe(true);
    expect((await fullRanking(handle.db, theme.access))?.ranking.find((p) => p.id === proposal.X1)?.namesFlagged).toBe(
      false,
    );
  });
});

describe("the review deadline", () => {
  it("reminds reviewers still behind three days and one day before, each once, and nobody else", async () => {
    const now = new Date();
    const inDays = (n: number) => tokyoToday(new Date(now.getTime() + n * 24 * 3600_000));
    expect(
      await setReviewDeadline(handle.db, { themeId: theme.access, deadline: inDays(3), staffId: user.staff.id }),
    ).toBe(true);
    const behind = (await reviewerProgress(handle.db, theme.access, 1)).filter((r) => r.done < r.due).map((r) => r.id);
    const upToDate = (await reviewerProgress(handle.db, theme.access, 1)).filter((r) => r.done >= r.due);
    expect(behind.length).toBeGreaterThan(0);
    const ctx = { publicUrl: "http://lab.test", locale: "ja" as const, now };
    const notices = () =>
      handle.db
        .selectFrom("notifications")
        .select(["user_id"])
        .where("message_key", "=", "notice.reviewDeadline")
        .execute();
    expect(await sendReviewDeadlineReminders(handle.db, ctx)).toBe(behind.length);
    // Again, as another process or a restart would: nothing more.
    expect(await sendReviewDeadlineReminders(handle.db, ctx)).toBe(0);
    const told = (await notices()).map((n) => n.user_id);
    expect(told.sort()).toEqual([...behind].sort());
    for (const r of upToDate) expect(told).not.toContain(r.id);

    // The day before: once more. Two days before: nothing.
    await setReviewDeadline(handle.db, { themeId: theme.access, deadline: inDays(2), staffId: user.staff.id });
    expect(await sendReviewDeadlineReminders(handle.db, ctx)).toBe(0);
    await setReviewDeadline(handle.db, { themeId: theme.access, deadline: inDays(1), staffId: user.staff.id });
    expect(await sendReviewDeadlineReminders(handle.db, ctx)).toBe(behind.length);
    await setReviewDeadline(handle.db, { themeId: theme.access, deadline: null, staffId: user.staff.id });
  });
});

describe("editing a theme's criteria after reviews began", () => {
  it("keeps each criterion's id in its place, so scores stay and totals follow the new weights", async () => {
    const themeId = await makeTheme("審査後に評価項目を直すテーマ", OPENED, CLOSED);
    const proposalId = await propose(themeId, { lead: "npo", partners: ["biz"] }, "項目修正の提案", 100_000, DURING);
    const reviewer = await verifiedUser(handle.db, "criteria-reviewer@example.jp", "reviewer", "項目 確認");
    await assign(themeId, reviewer);
    // 8a + 6b with a = 4, b = 5.
    expect(await review(themeId, proposalId, reviewer, [4, 5], "fund", true)).toEqual({ ok: true });
    const totalNow = async () =>
      (await fullRanking(handle.db, themeId))?.ranking.find((p) => p.id === proposalId)?.standing.mean;
    expect(await totalNow()).toBeCloseTo(62, 9);
    const before = await themeCriteria(handle.db, themeId);
    const edit = async (criteria: typeof TWO_CRITERIA) => {
      const { version } = await handle.db
        .selectFrom("themes")
        .select("version")
        .where("id", "=", themeId)
        .executeTakeFirstOrThrow();
      const result = await updateTheme(
        handle.db,
        {
          themeId,
          staffId: user.staff.id,
          values: values("審査後に評価項目を直すテーマ", OPENED, CLOSED),
          criteria,
          expectedVersion: version,
          now: new Date(),
        },
        mail(),
      );
      expect(result).toEqual({ ok: true });
    };

    // A corrected wording: the same ids, the same total.
    await edit([{ ...TWO_CRITERIA[0], name: "地域の課題の理解" }, TWO_CRITERIA[1]]);
    const reworded = await themeCriteria(handle.db, themeId);
    expect(reworded.map((c) => c.id)).toEqual(before.map((c) => c.id));
    expect(reworded[0].name).toBe("地域の課題の理解");
    expect(await totalNow()).toBeCloseTo(62, 9);

    // Equal weights: (4/5·40 + 5/10·40) / 80 · 100 = 65, from the scores already given.
    await edit([TWO_CRITERIA[0], { ...TWO_CRITERIA[1], weight: 40 }]);
    expect(await totalNow()).toBeCloseTo(65, 9);

    // The second criterion removed: only the first counts, 4/5 = 80; the first keeps its id.
    await edit([TWO_CRITERIA[0]]);
    expect((await themeCriteria(handle.db, themeId)).map((c) => c.id)).toEqual([before[0].id]);
    expect(await totalNow()).toBeCloseTo(80, 9);
  });
});
