import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { requireRole } from "~/auth/session.server";
import { Pagination } from "~/components/pagination";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/react";
import { RANKING_SORTS, reviewBoard } from "~/models/ranking.server";
import { kindLabel } from "~/models/reference-data";
import { remindReviewers, setReviewDeadline } from "~/models/review-reminders.server";
import { oneDecimal } from "~/models/review-rules";
import {
  assignReviewer,
  flagNamesInText,
  invitePresentations,
  releaseResults,
  removeReviewer,
  setAdvanced,
  themeForReview,
} from "~/models/reviews.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, notFound, pageNumber } from "~/utils/http.server";
import { parseTokyoDateTime, toTokyoDateTimeInput } from "~/utils/japan-time";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";

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
  const board = await reviewBoard(db, {
    themeId,
    stage,
    sort,
    page: pageNumber(url),
    pageSize: PAGE_SIZE,
    threshold: theme.disagreement_threshold,
    minReviewers: theme.min_reviewers,
    reservedKind: theme.reserved_for_kind,
  });
  const { reviewers, funding: summary, short } = board;
  const nameOf = new Map(reviewers.map((r) => [r.id, r.name]));
  const budget = theme.grant_cap_total * theme.awards_planned;
  const warnings: { key: MessageKey; params: Record<string, string | number> }[] = [];
  if (summary.total > budget)
    warnings.push({
      key: "staffReview.warnBudget",
      params: { total: summary.total.toLocaleString("ja-JP"), budget: budget.toLocaleString("ja-JP") },
    });
  if (summary.funded > theme.awards_planned)
    warnings.push({
      key: "staffReview.warnAwards",
      params: { count: summary.funded, planned: theme.awards_planned },
    });
  // Worth saying while reviewers can still be added.
  if (short > 0 && theme.status !== "results_released")
    warnings.push({ key: "staffReview.warnShort", params: { count: short, wanted: theme.min_reviewers } });
  if (theme.reserved_slots > 0 && theme.reserved_for_kind && summary.reserved < theme.reserved_slots) {
    warnings.push({
      key: "staffReview.warnReserved",
      params: { kind: theme.reserved_for_kind, reserved: theme.reserved_slots, count: summary.reserved },
    });
  }
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
    warnings,
  };
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
  // `field` names the input the message belongs to (shown there too); `typed` is what was sent, kept.
  const fail = (
    message: MessageKey,
    proposalId: string | null = null,
    field: string | null = null,
    typed: Record<string, string> = {},
  ) => data({ error: message, proposalId, count: null as number | null, field, typed }, { status: 400 });
  if (intent === "assign") {
    const email = v.safeParse(v.pipe(v.string(), v.trim(), v.email()), form.get("email"));
    if (!email.success) return fail("validation.email.invalid");
    const result = await assignReviewer(db, { themeId, email: email.output, staffId: user.id }, ctx);
    if (!result.ok) return fail(result.problem === "not_reviewer" ? "staffReview.notReviewer" : "staffReview.already");
    return redirectWithFlash(back, result.invited ? "staffReview.inviteNew" : "staffReview.assigned");
  }
  if (intent === "advance") {
    const parsed = v.safeParse(
      v.object({ proposalId: v.pipe(v.string(), v.uuid()), advanced: v.picklist(["0", "1"]) }),
      Object.fromEntries(form),
    );
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
    const reviewerId = v.safeParse(v.pipe(v.string(), v.uuid()), form.get("reviewerId"));
    if (!reviewerId.success) throw badRequest();
    if (!(await removeReviewer(db, { themeId, reviewerId: reviewerId.output, staffId: user.id }))) throw notFound();
    return redirectWithFlash(back, "staffReview.reviewerRemoved");
  }
  if (intent === "deadline") {
    const deadline = v.safeParse(
      v.union([v.literal(""), v.pipe(v.string(), v.isoDate())]),
      String(form.get("deadline") ?? "").trim(),
    );
    if (!deadline.success)
      return fail("staffReview.deadlineInvalid", null, "deadline", { deadline: String(form.get("deadline") ?? "") });
    const saved = await setReviewDeadline(db, { themeId, deadline: deadline.output || null, staffId: user.id });
    if (!saved) return fail("staffReview.released");
    return redirectWithFlash(back, "staffReview.deadlineSaved");
  }
  if (intent === "present") {
    const parsed = v.safeParse(
      v.object({
        presentationAt: v.pipe(
          v.string(),
          v.transform((value) => parseTokyoDateTime(value.trim())),
          v.custom<Date>((value) => value instanceof Date),
        ),
        presentationPlace: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
      }),
      Object.fromEntries(form),
    );
    if (!parsed.success) {
      const typed = {
        presentationAt: String(form.get("presentationAt") ?? ""),
        presentationPlace: String(form.get("presentationPlace") ?? ""),
      };
      const field = parseTokyoDateTime(typed.presentationAt.trim()) ? "presentationPlace" : "presentationAt";
      return fail("staffReview.presentInvalid", null, field, typed);
    }
    const result = await invitePresentations(
      db,
      { themeId, at: parsed.output.presentationAt, place: parsed.output.presentationPlace, staffId: user.id },
      ctx,
    );
    if (!result.ok) return fail("staffReview.released");
    return redirectWithFlash(back, "staffReview.presentSent");
  }
  if (intent === "flag-names") {
    const parsed = v.safeParse(
      v.object({ proposalId: v.pipe(v.string(), v.uuid()), flagged: v.picklist(["0", "1"]) }),
      Object.fromEntries(form),
    );
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
    return data({ error: null, proposalId: null, count, field: null, typed: {} as Record<string, string> });
  }
  if (intent === "release") {
    // Only from the confirmation screen: one click on the main page never releases.
    if (form.get("confirmed") !== "yes") return redirect(`/staff/themes/${themeId}/review?confirm=release`);
    const result = await releaseResults(db, { themeId, staffId: user.id }, ctx);
    if (!result.ok) {
      return fail(
        result.problem === "missing_decisions"
          ? "staffReview.missingDecisions"
          : result.problem === "not_closed"
            ? "staffReview.notClosed"
            : "staffReview.alreadyReleased",
      );
    }
    return redirectWithFlash(back, "staffReview.releasedDone");
  }
  throw badRequest();
}

export default function StaffReview() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const sortLink = (sort: string, label: string) => (
    <Link to={`?stage=${d.stage}&sort=${sort}`} aria-current={d.sort === sort ? "true" : undefined}>
      {label}
    </Link>
  );
  return (
    <>
      <p>
        <Link to={`/staff/themes/${d.theme.id}`}>{d.theme.title}</Link>
      </p>
      <h1>{t("staffReview.title", { title: d.theme.title })}</h1>
      {actionData?.error && !actionData.proposalId ? (
        <p className="error-summary" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}
      {actionData?.count !== null && actionData?.count !== undefined ? (
        <p className="flash" role="status">
          {t("staffReview.reminded", { count: actionData.count })}
        </p>
      ) : null}

      <h2>{t("staffReview.progress")}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("staffReview.reviewers")}</th>
              <th scope="col">{t("staffReview.count")}</th>
            </tr>
          </thead>
          <tbody>
            {d.reviewers.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.name}</th>
                <td>
                  {t("reviews.progress", { done: r.done, due: r.due })}
                  {!d.theme.released ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="reviewerId" value={r.id} />
                      <button type="submit" name="intent" value="remove-reviewer" className="link-button">
                        {t("staffReview.removeReviewer", { name: r.name })}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
            {d.invited.map((email) => (
              <tr key={email}>
                <th scope="row">{email}</th>
                <td>{t("staffReview.invitedNotJoined")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!d.theme.released ? (
        <div className="actions">
          <Form method="post" className="inline-form">
            <div className="field">
              <label htmlFor="reviewer-email">{t("staffReview.assignEmail")}</label>
              <p className="field-hint" id="reviewer-email-hint">
                {t("staffReview.assignHint")}
              </p>
              <input id="reviewer-email" type="email" name="email" aria-describedby="reviewer-email-hint" />
            </div>
            <button type="submit" name="intent" value="assign" className="button">
              {t("staffReview.assign")}
            </button>
          </Form>
          <Form method="post">
            <button type="submit" name="intent" value="remind" className="button button-secondary">
              {t("staffReview.remind")}
            </button>
          </Form>
          <Form method="post" className="inline-form">
            <div className="field">
              <label htmlFor="review-deadline">{t("staffReview.deadline")}</label>
              <p className="field-hint" id="review-deadline-hint">
                {t("staffReview.deadlineHint")}
              </p>
              <FieldError
                id="review-deadline-error"
                show={actionData?.field === "deadline"}
                message={actionData?.error}
              />
              <input
                id="review-deadline"
                type="date"
                name="deadline"
                defaultValue={actionData?.typed?.deadline ?? d.theme.reviewDeadline ?? ""}
                aria-invalid={actionData?.field === "deadline" ? true : undefined}
                aria-describedby={
                  actionData?.field === "deadline"
                    ? "review-deadline-hint review-deadline-error"
                    : "review-deadline-hint"
                }
              />
            </div>
            <button type="submit" name="intent" value="deadline" className="button button-secondary">
              {t("staffReview.deadlineSave")}
            </button>
          </Form>
        </div>
      ) : null}

      {d.excluded.length ? (
        <>
          <h2>{t("staffReview.excluded")}</h2>
          <ul>
            {d.excluded.map((e) => (
              <li key={`${e.reviewerId}-${e.proposalId}`}>
                {e.reviewer} × {e.proposal}：
                {e.declared
                  ? t("staffReview.excludedDeclared", { reason: e.reason })
                  : t("staffReview.excludedMember", { reason: e.reason })}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {d.theme.twoStages && !d.theme.released ? (
        <section aria-labelledby="present-heading">
          <h2 id="present-heading">{t("staffReview.present")}</h2>
          <p>{t("staffReview.presentHint")}</p>
          <Form method="post" className="stack">
            <div className="field">
              <label htmlFor="presentation-at">{t("staffReview.presentAt")}</label>
              <FieldError
                id="presentation-at-error"
                show={actionData?.field === "presentationAt"}
                message={actionData?.error}
              />
              <input
                id="presentation-at"
                type="datetime-local"
                name="presentationAt"
                defaultValue={actionData?.typed?.presentationAt ?? d.theme.presentationAt}
                aria-invalid={actionData?.field === "presentationAt" ? true : undefined}
                aria-describedby={actionData?.field === "presentationAt" ? "presentation-at-error" : undefined}
              />
            </div>
            <div className="field">
              <label htmlFor="presentation-place">{t("staffReview.presentPlace")}</label>
              <p className="field-hint" id="presentation-place-hint">
                {t("staffReview.presentPlaceHint")}
              </p>
              <FieldError
                id="presentation-place-error"
                show={actionData?.field === "presentationPlace"}
                message={actionData?.error}
              />
              <input
                id="presentation-place"
                type="text"
                name="presentationPlace"
                maxLength={200}
                defaultValue={actionData?.typed?.presentationPlace ?? d.theme.presentationPlace}
                aria-invalid={actionData?.field === "presentationPlace" ? true : undefined}
                aria-describedby={
                  actionData?.field === "presentationPlace"
                    ? "presentation-place-hint presentation-place-error"
                    : "presentation-place-hint"
                }
              />
            </div>
            <button type="submit" name="intent" value="present" className="button">
              {t("staffReview.presentSend")}
            </button>
          </Form>
        </section>
      ) : null}

      <h2>
        {t("staffReview.ranking")}
        {d.theme.twoStages ? `（${t(`review.stage.${d.stage}`)}）` : ""}
      </h2>
      {d.theme.twoStages ? (
        <nav className="actions" aria-label={t("staffTheme.field.reviewStages")}>
          <Link to="?stage=1" aria-current={d.stage === 1 ? "page" : undefined}>
            {t("review.stage.1")}
          </Link>
          <Link to="?stage=2" aria-current={d.stage === 2 ? "page" : undefined}>
            {t("review.stage.2")}
          </Link>
        </nav>
      ) : null}
      <p>
        <a href={`/staff/themes/${d.theme.id}/ranking.csv?stage=${d.stage}`} download>
          {t("staffReview.csv")}
        </a>
      </p>
      {d.warnings.map((w) => (
        <p key={w.key} className="warning" role="status">
          ⚠{" "}
          {t(
            w.key,
            w.key === "staffReview.warnReserved"
              ? { ...w.params, kind: t(kindLabel(String(w.params.kind))) }
              : w.params,
          )}
        </p>
      ))}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("staffReview.rank")}</th>
              <th scope="col">{sortLink("receipt", t("staffProposals.receipt"))}</th>
              <th scope="col">{t("staffProposals.proposal")}</th>
              <th scope="col">{sortLink("mean", t("staffReview.mean"))}</th>
              <th scope="col">{sortLink("sd", t("staffReview.sd"))}</th>
              <th scope="col">
                {t("staffReview.min")}〜{t("staffReview.max")}
              </th>
              <th scope="col">{sortLink("count", t("staffReview.count"))}</th>
              <th scope="col">{t("staffReview.decision")}</th>
            </tr>
          </thead>
          <tbody>
            {d.ranking.map((p) => (
              <tr key={p.id}>
                <td>{p.rank}</td>
                <td>{p.receipt}</td>
                <td>
                  <Link to={`/proposals/${p.id}`}>{p.title}</Link>
                  <br />
                  {p.organizations}
                  {p.disagreement ? <p className="field-error">⚠ {t("staffReview.disagreement")}</p> : null}
                  {p.due === 0 ? (
                    <p className="field-error">⚠ {t("staffReview.noEligible")}</p>
                  ) : p.due < d.theme.minReviewers ? (
                    <p className="field-error">
                      ⚠ {t("staffReview.fewEligible", { count: p.due, wanted: d.theme.minReviewers })}
                    </p>
                  ) : null}
                  {d.theme.hideNames && !d.theme.released ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="proposalId" value={p.id} />
                      <input type="hidden" name="flagged" value={p.namesFlagged ? "0" : "1"} />
                      {p.namesFlagged ? <strong>⚠ {t("staffReview.namesFlagged")}</strong> : null}
                      <button type="submit" name="intent" value="flag-names" className="link-button">
                        {p.namesFlagged ? t("staffReview.unflagNames") : t("staffReview.flagNames")}
                      </button>
                    </Form>
                  ) : null}
                  <Link to={`/staff/themes/${d.theme.id}/reviews/${p.id}?stage=${d.stage}`}>
                    {t(d.theme.released ? "staffReview.eachReviewer" : "staffReview.readAndDecide", {
                      title: p.receipt ?? p.title,
                    })}
                  </Link>
                  {d.theme.twoStages && d.stage === 1 && !d.theme.released ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="proposalId" value={p.id} />
                      <input type="hidden" name="advanced" value={p.advanced ? "0" : "1"} />
                      {p.advanced ? <strong>✓ {t("staffReview.advanced")}</strong> : null}
                      <button type="submit" name="intent" value="advance" className="link-button">
                        {p.advanced ? t("staffReview.unadvance") : t("staffReview.advance")}
                      </button>
                    </Form>
                  ) : null}
                </td>
                <td className="amount">{p.mean}</td>
                <td className="amount">{p.sd}</td>
                <td className="amount">
                  {p.min}〜{p.max}
                </td>
                <td className="amount">
                  {p.count} / {p.due}
                </td>
                <td>
                  {p.decision
                    ? p.decision.decision === "funded"
                      ? t("staffReview.decidedFunded", { amount: p.decision.amount.toLocaleString("ja-JP") })
                      : t("staffReview.notFunded")
                    : t("staffReview.undecided")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {d.pages > 1 ? (
        <p>
          {t("staffReview.showing", {
            total: d.ranked,
            from: d.ranking[0]?.rank ?? 0,
            to: d.ranking.at(-1)?.rank ?? 0,
          })}
        </p>
      ) : null}
      <Pagination page={d.page} pages={d.pages} />

      {!d.theme.released ? (
        <section aria-labelledby="release-heading" id="release">
          <h2 id="release-heading">{t("staffReview.release")}</h2>
          <p>{t("staffReview.releaseHint")}</p>
          {d.confirmRelease ? (
            <section className="notice stack" aria-label={t("staffReview.confirmTitle")}>
              <p>
                <strong>{t("staffReview.confirmTitle")}</strong>
              </p>
              <ul>
                <li>{t("staffReview.confirmUndecided", { count: d.outstanding.undecided })}</li>
                <li>{t("staffReview.confirmReviews", { count: d.outstanding.reviews })}</li>
                <li>{t("staffReview.confirmInvited", { count: d.outstanding.invited })}</li>
                <li>{t("staffReview.confirmShort", { count: d.outstanding.short })}</li>
              </ul>
              <p>{t("staffReview.confirmLead")}</p>
              <Form method="post" className="actions">
                <input type="hidden" name="confirmed" value="yes" />
                <button type="submit" name="intent" value="release" className="button">
                  {t("staffReview.confirmRelease")}
                </button>
                <Link to={`/staff/themes/${d.theme.id}/review?stage=${d.stage}`}>{t("staffReview.confirmCancel")}</Link>
              </Form>
            </section>
          ) : (
            <Form method="get">
              <input type="hidden" name="stage" value={d.stage} />
              <input type="hidden" name="confirm" value="release" />
              <button type="submit" className="button">
                {t("staffReview.release")}
              </button>
            </Form>
          )}
        </section>
      ) : (
        <p className="flash">{t("staffReview.alreadyReleased")}</p>
      )}
    </>
  );
}

/** A message repeated at the input it is about (the summary at the top of the page says it too). */
function FieldError({ id, show, message }: { id: string; show: boolean; message: MessageKey | null | undefined }) {
  const t = useT();
  if (!show || !message) return null;
  return (
    <p className="field-error" id={id}>
      {t(message)}
    </p>
  );
}
