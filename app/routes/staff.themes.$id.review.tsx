import type { SubmissionResult } from "@conform-to/react";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { PresentationSection, ReviewersSection, type ReviewForm } from "~/components/review-progress";
import { RankingSection, ReleaseSection } from "~/components/review-ranking";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/react";
import { RANKING_SORTS, reviewBoard } from "~/models/ranking.server";
import { flagNamesInText, invitePresentations, releaseResults, setAdvanced } from "~/models/review-decisions.server";
import { assignReviewer, removeReviewer } from "~/models/review-panel.server";
import { remindReviewers, setReviewDeadline } from "~/models/review-reminders.server";
import { oneDecimal, rankingWarnings } from "~/models/review-rules";
import { themeForReview } from "~/models/reviews.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, notFound, pageNumber } from "~/utils/http.server";
import { toTokyoDateTimeInput } from "~/utils/japan-time";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";
import { parseSubmission } from "~/utils/submission.server";
import { changeMemo } from "~/web/change-memo.server";
import {
  advanceSchema,
  assignReviewerSchema,
  namesFlagSchema,
  presentationSchema,
  reviewDeadlineSchema,
  reviewerIdSchema,
  v,
} from "~/web/review-forms.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staffTheme.review");

/** A theme may draw a thousand proposals: the ranking and its decision forms come fifty at a time. */
const PAGE_SIZE = 50;

// Read and write: staff.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const url = new URL(request.url);
  const stage: 1 | 2 = url.searchParams.get("stage") === "2" ? 2 : 1;
  const { db } = services();
  const themeId = params.id ?? "";
  const theme = await themeForReview(db, themeId);
  if (!theme) throw notFound();
  const sort = v.parse(v.fallback(v.picklist(RANKING_SORTS), "mean"), url.searchParams.get("sort") ?? "mean");
  const input = {
    themeId,
    stage,
    sort,
    page: pageNumber(url),
    pageSize: PAGE_SIZE,
    threshold: theme.disagreement_threshold,
    minReviewers: theme.min_reviewers,
    reservedKind: theme.reserved_for_kind,
  };
  // Every member of staff reloads it while deciding; it groups every review of the theme.
  const board = await changeMemo.read(`review-board ${JSON.stringify(input)}`, () => reviewBoard(db, input));
  const { reviewers, funding: summary, short } = board;
  const nameOf = new Map(reviewers.map((r) => [r.id, r.name]));
  return {
    theme: {
      id: theme.id,
      title: theme.title,
      released: theme.status === "results_released",
      twoStages: theme.review_stages === 2,
      hideNames: theme.hide_names,
      minReviewers: theme.min_reviewers,
      reviewDeadline: theme.review_deadline,
      presentationAt: theme.presentation_at ? toTokyoDateTimeInput(theme.presentation_at) : "",
      presentationPlace: theme.presentation_place ?? "",
    },
    stage,
    sort,
    reviewers,
    invited: board.invited,
    // Release is confirmed on a second screen that lists what is still outstanding (no JavaScript needed).
    confirmRelease: url.searchParams.get("confirm") === "release",
    outstanding: {
      undecided: board.undecided,
      reviews: reviewers.reduce((sum, r) => sum + Math.max(0, r.due - r.done), 0),
      invited: board.invited.length,
      short,
    },
    excluded: board.excluded.map((e) => ({
      ...e,
      reviewer: nameOf.get(e.reviewerId) ?? "",
      proposal: e.receipt ?? "",
    })),
    page: board.page,
    pages: board.pages,
    ranked: board.ranked,
    ranking: board.rows.map((p) => ({
      rank: p.rank,
      id: p.id,
      title: p.title,
      receipt: p.receipt_number,
      advanced: p.advanced,
      namesFlagged: p.namesFlagged,
      organizations: p.organizations,
      requested: p.requested_amount,
      mean: oneDecimal(p.standing.mean),
      sd: oneDecimal(p.standing.standardDeviation),
      min: oneDecimal(p.standing.min),
      max: oneDecimal(p.standing.max),
      count: p.standing.count,
      due: p.due,
      disagreement: p.standing.disagreement,
      decision: p.decision,
    })),
    warnings: rankingWarnings(theme, summary, short),
  };
}

const RELEASE_REFUSALS = {
  missing_decisions: "staffReview.missingDecisions",
  not_closed: "staffReview.notClosed",
  already: "staffReview.alreadyReleased",
} as const;

/** What the page answers without redirecting: a page-wide message, a form's refusal, or how many were reminded. */
interface BoardAnswer {
  error: MessageKey | null;
  form: ReviewForm | null;
  result: SubmissionResult<string[]> | null;
  count: number | null;
}

function answer(given: Partial<BoardAnswer>): BoardAnswer {
  return { error: null, form: null, result: null, count: null, ...given };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "staff");
  const themeId = params.id ?? "";
  const { db, config } = services();
  const locale = await getLocale(request);
  const ctx = { publicUrl: config.publicUrl, locale, now: new Date() };
  // Every intent is about the theme in the URL: none for a theme that does not exist.
  if (!(await themeForReview(db, themeId))) throw notFound();
  const form = await request.formData();
  const intent = form.get("intent");
  // Back to the same round, order and page the form was sent from.
  const from = new URL(request.url).searchParams;
  const kept = new URLSearchParams();
  for (const key of ["stage", "sort", "page"]) {
    const value = from.get(key);
    if (value && /^[a-z0-9]{1,10}$/.test(value)) kept.set(key, value);
  }
  const back = `/staff/themes/${themeId}/review${kept.size > 0 ? `?${kept}` : ""}`;
  // A refusal about the whole page (release, or a round already released), or about one form:
  // Conform's reply, which goes back to that form only, with what was typed.
  const fail = (message: MessageKey) => data(answer({ error: message }), { status: 400 });
  const refuse = (form: ReviewForm, result: SubmissionResult<string[]>) =>
    data(answer({ form, result }), { status: 400 });
  if (intent === "assign") {
    const submission = parseSubmission(form, { schema: assignReviewerSchema });
    if (submission.status !== "success") return refuse("assign", submission.reply());
    const result = await assignReviewer(db, { themeId, email: submission.value.email, staffId: user.id }, ctx);
    if (!result.ok) {
      const problem = result.problem === "not_reviewer" ? "staffReview.notReviewer" : "staffReview.already";
      return refuse("assign", submission.reply({ fieldErrors: { email: [problem] } }));
    }
    return redirectWithFlash(back, result.invited ? "staffReview.inviteNew" : "staffReview.assigned");
  }
  if (intent === "advance") {
    const parsed = v.safeParse(advanceSchema, Object.fromEntries(form));
    if (!parsed.success) throw badRequest();
    const saved = await setAdvanced(db, {
      proposalId: parsed.output.proposalId,
      themeId,
      advanced: parsed.output.advanced === "1",
      staffId: user.id,
    });
    if (!saved) throw notFound();
    return redirectWithFlash(back, "staffReview.advancedSaved");
  }
  if (intent === "remove-reviewer") {
    const reviewerId = v.safeParse(reviewerIdSchema, form.get("reviewerId"));
    if (!reviewerId.success) throw badRequest();
    if (!(await removeReviewer(db, { themeId, reviewerId: reviewerId.output, staffId: user.id }))) throw notFound();
    return redirectWithFlash(back, "staffReview.reviewerRemoved");
  }
  if (intent === "deadline") {
    const submission = parseSubmission(form, { schema: reviewDeadlineSchema });
    if (submission.status !== "success") return refuse("deadline", submission.reply());
    const deadline = submission.value.deadline || null;
    const saved = await setReviewDeadline(db, { themeId, deadline, staffId: user.id });
    if (!saved) return fail("staffReview.released");
    return redirectWithFlash(back, "staffReview.deadlineSaved");
  }
  if (intent === "present") {
    const submission = parseSubmission(form, { schema: presentationSchema });
    if (submission.status !== "success") return refuse("present", submission.reply());
    const { presentationAt: at, presentationPlace: place } = submission.value;
    const result = await invitePresentations(db, { themeId, at, place, staffId: user.id }, ctx);
    if (!result.ok) return fail("staffReview.released");
    return redirectWithFlash(back, "staffReview.presentSent");
  }
  if (intent === "flag-names") {
    const parsed = v.safeParse(namesFlagSchema, Object.fromEntries(form));
    if (!parsed.success) throw badRequest();
    const done = await flagNamesInText(db, {
      themeId,
      proposalId: parsed.output.proposalId,
      staffId: user.id,
      flagged: parsed.output.flagged === "1",
      now: ctx.now,
    });
    if (!done) throw notFound();
    return redirectWithFlash(back, "staffReview.namesFlagSaved");
  }
  if (intent === "remind") {
    const count = await remindReviewers(db, { themeId, staffId: user.id }, ctx);
    return data(answer({ count }));
  }
  if (intent === "release") {
    // Only from the confirmation screen: one click on the main page never releases.
    if (form.get("confirmed") !== "yes") return redirect(`/staff/themes/${themeId}/review?confirm=release`);
    const result = await releaseResults(db, { themeId, staffId: user.id }, ctx);
    if (!result.ok) {
      return fail(RELEASE_REFUSALS[result.problem]);
    }
    return redirectWithFlash(back, "staffReview.releasedDone");
  }
  throw badRequest();
}

export default function StaffReview() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to={`/staff/themes/${d.theme.id}`}>{d.theme.title}</Link>
      </p>
      <h1>{t("staffReview.title", { title: d.theme.title })}</h1>
      {actionData?.error ? (
        <p className="error-summary" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}
      {typeof actionData?.count === "number" ? (
        <p className="flash" role="status">
          {t("staffReview.reminded", { count: actionData.count })}
        </p>
      ) : null}

      <ReviewersSection
        reviewers={d.reviewers}
        invited={d.invited}
        excluded={d.excluded}
        released={d.theme.released}
        reviewDeadline={d.theme.reviewDeadline}
        answer={actionData}
      />

      {d.theme.twoStages && !d.theme.released ? (
        <PresentationSection
          presentationAt={d.theme.presentationAt}
          presentationPlace={d.theme.presentationPlace}
          answer={actionData}
        />
      ) : null}

      <RankingSection
        theme={d.theme}
        stage={d.stage}
        sort={d.sort}
        warnings={d.warnings}
        rows={d.ranking}
        ranked={d.ranked}
        page={d.page}
        pages={d.pages}
      />

      <ReleaseSection
        themeId={d.theme.id}
        stage={d.stage}
        released={d.theme.released}
        confirm={d.confirmRelease}
        outstanding={d.outstanding}
      />
    </>
  );
}
