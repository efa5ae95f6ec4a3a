import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { requireReviewer } from "~/auth/review-access.server";
import { IntentSubmit, PlainField } from "~/components/plain-form";
import { ReviewerProposal } from "~/components/reviewer-proposal";
import { type MessageKey, translateMessage, translator } from "~/i18n";
import { useT } from "~/i18n/react";
import { filesOf } from "~/models/files.server";
import { loadProposal } from "~/models/proposals.server";
import { declareConflict } from "~/models/review-conflicts.server";
import { reviewerProposalView } from "~/models/review-view";
import { getReview, type ReviewInput, reviewerNeighbours, saveReview, themeCriteria } from "~/models/reviews.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { notFound } from "~/utils/http.server";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reviews.title");

const RECOMMENDATIONS = ["fund", "fund_with_conditions", "do_not_fund"] as const;

// Read and write: a reviewer (or staff) assigned to the proposal's theme, after the deadline, without
// a conflict, checked on every request (requireReviewer). Everyone else gets 404.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const proposalId = params.proposalId ?? "";
  const { user, access, stage, anonymous } = await requireReviewer(request, proposalId);
  const { db } = services();
  const [loaded, criteria, review, files, neighbours] = await Promise.all([
    loadProposal(db, proposalId),
    themeCriteria(db, access.themeId),
    getReview(db, proposalId, user.id, stage),
    filesOf(db, "proposal", proposalId),
    reviewerNeighbours(db, { reviewerId: user.id, themeId: access.themeId, proposalId, stage }),
  ]);
  if (!loaded) throw notFound();
  const t = translator(await getLocale(request));
  const proposal = reviewerProposalView(loaded, {
    anonymous,
    anonymousName: (key) => t("review.anonymous", { letter: key }),
  });
  return {
    id: proposalId,
    stage,
    anonymous,
    neighbours,
    title: loaded.content.basics.title,
    receipt: loaded.proposal.receipt_number,
    proposal,
    criteria,
    attachments: files.map((f, i) => ({
      // Reached by its place in the list, through a link only an assigned reviewer can open: no file id.
      href: `/reviews/${proposalId}/files/${i + 1}`,
      label: anonymous ? t("review.attachmentN", { n: i + 1 }) : f.label,
    })),
    review: review
      ? {
          status: review.status,
          scores: review.scores,
          comments: review.comments,
          overall: review.overall_comment,
          recommendation: review.recommendation,
        }
      : null,
  };
}

const scoreText = v.optional(
  v.pipe(
    v.string(),
    v.transform((s) => s.normalize("NFKC").trim()),
  ),
);

export async function action({ request, params }: ActionFunctionArgs) {
  const proposalId = params.proposalId ?? "";
  const { user, access, stage } = await requireReviewer(request, proposalId);
  const { db } = services();
  const form = await request.formData();
  if (form.get("intent") === "conflict") {
    const reason = String(form.get("reason") ?? "").trim();
    if (!reason || reason.length > 500)
      return data(
        {
          problems: [{ field: "reason", message: "validation.reason" }],
          final: false,
          typed: null as ReviewInput | null,
        },
        { status: 400 },
      );
    if (!(await declareConflict(db, { proposalId, reviewerId: user.id, reason }))) {
      return data(
        { problems: [] as { field: string; message: string }[], final: true, typed: null as ReviewInput | null },
        { status: 409 },
      );
    }
    return redirectWithFlash("/reviews", "review.conflictDeclared");
  }
  const criteria = await themeCriteria(db, access.themeId);
  const scores: Record<string, number> = {};
  const comments: Record<string, string> = {};
  for (const c of criteria) {
    const raw = v.parse(scoreText, form.get(`scores.${c.id}`) ?? undefined);
    if (raw && /^\d{1,3}$/.test(raw)) scores[c.id] = Number(raw);
    comments[c.id] = String(form.get(`comments.${c.id}`) ?? "").slice(0, 2000);
  }
  const recommendation = v.safeParse(v.picklist(RECOMMENDATIONS), form.get("recommendation"));
  const review: ReviewInput = {
    scores,
    comments,
    overallComment: String(form.get("overall") ?? "").slice(0, 4000),
    recommendation: recommendation.success ? recommendation.output : null,
  };
  const intent = form.get("intent");
  const submit = intent === "submit" || intent === "submit-next";
  // "… and next": on to the next proposal of the reviewer's list, in receipt order.
  const onward = intent === "submit-next" || intent === "draft-next";
  const result = await saveReview(db, {
    proposalId,
    reviewerId: user.id,
    review,
    submit,
    criteria,
    now: new Date(),
    stage,
  });
  if (!result.ok && "problems" in result)
    return data({ problems: result.problems, final: false, typed: review as ReviewInput | null }, { status: 400 });
  if (!result.ok)
    return data(
      { problems: [] as { field: string; message: string }[], final: true, typed: null as ReviewInput | null },
      { status: 409 },
    );
  const pageOf = (id: string) => (stage === 2 ? `/reviews/${id}?stage=2` : `/reviews/${id}`);
  const message = submit ? "review.submitted" : "review.saved";
  if (onward) {
    const { next } = await reviewerNeighbours(db, { reviewerId: user.id, themeId: access.themeId, proposalId, stage });
    return redirectWithFlash(next ? pageOf(next) : "/reviews", message);
  }
  return redirectWithFlash(submit ? "/reviews" : pageOf(proposalId), message);
}

export default function ReviewPage() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const typed = actionData?.typed ?? null;
  const scores = typed?.scores ?? d.review?.scores ?? {};
  const comments = typed?.comments ?? d.review?.comments ?? {};
  const overall = typed?.overallComment ?? d.review?.overall ?? "";
  const recommendation = typed ? typed.recommendation : (d.review?.recommendation ?? null);
  const final = d.review?.status === "submitted";
  const problemFor = (field: string) => actionData?.problems.find((p) => p.field === field);
  return (
    <>
      <p>
        <Link to="/reviews">{t("reviews.title")}</Link>
      </p>
      <h1>{t("review.title", { title: `${d.receipt ?? ""} ${d.title}` })}</h1>
      <nav className="actions" aria-label={t("review.neighbours")}>
        {d.neighbours.previous ? (
          <Link to={`/reviews/${d.neighbours.previous}${d.stage === 2 ? "?stage=2" : ""}`}>
            ← {t("review.previous")}
          </Link>
        ) : null}
        <span>{t("review.position", { position: d.neighbours.position, total: d.neighbours.total })}</span>
        {d.neighbours.next ? (
          <Link to={`/reviews/${d.neighbours.next}${d.stage === 2 ? "?stage=2" : ""}`}>{t("review.next")} →</Link>
        ) : null}
      </nav>
      <p>
        <strong>{t(`review.stage.${d.stage}`)}</strong>
      </p>
      {d.anonymous ? <p className="notice">{t("review.anonymousNote")}</p> : null}
      <p>
        <a href={`/reviews/${d.id}/sheet.pdf${d.stage === 2 ? "?stage=2" : ""}`} download>
          {t("review.sheetPdf")}
        </a>
      </p>
      {final || actionData?.final ? <p className="notice">{t("review.final")}</p> : null}
      {actionData?.problems.length ? (
        <div className="error-summary" role="alert">
          <ul>
            {actionData.problems.map((p) => (
              <li key={p.field}>
                <a href={`#${p.field}`}>{translateMessage(t, p.message)}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="review-layout">
        <section aria-labelledby="proposal-heading" className="review-proposal">
          <h2 id="proposal-heading">{t("review.proposal")}</h2>
          <ReviewerProposal proposal={d.proposal} />
          {d.attachments.length ? (
            <>
              <h3>{t("proposal.attachments")}</h3>
              <ul>
                {d.attachments.map((f) => (
                  <li key={f.href}>
                    <a href={f.href}>{f.label}</a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
        <section aria-labelledby="form-heading">
          <h2 id="form-heading">{t("review.form")}</h2>
          <Form
            method="post"
            action={`/reviews/${d.id}${d.stage === 2 ? "?stage=2" : ""}`}
            className="stack"
            noValidate
          >
            {d.criteria.map((criterion) => {
              const problem = problemFor(`scores.${criterion.id}`);
              return (
                <fieldset key={criterion.id} className="criterion">
                  <legend>{criterion.name}</legend>
                  {criterion.description ? <p className="field-hint">{criterion.description}</p> : null}
                  <div className="field">
                    <label htmlFor={`scores.${criterion.id}`}>
                      {t("review.score", { name: criterion.name, max: criterion.maxScore, weight: criterion.weight })}
                    </label>
                    {problem ? (
                      <p className="field-error" id={`scores.${criterion.id}-error`}>
                        {translateMessage(t, problem.message)}
                      </p>
                    ) : null}
                    <input
                      id={`scores.${criterion.id}`}
                      name={`scores.${criterion.id}`}
                      type="number"
                      min={0}
                      max={criterion.maxScore}
                      step={1}
                      inputMode="numeric"
                      defaultValue={scores[criterion.id] ?? ""}
                      disabled={final}
                      aria-invalid={problem ? true : undefined}
                      aria-describedby={problem ? `scores.${criterion.id}-error` : undefined}
                    />
                  </div>
                  <div className="field">
                    <label htmlFor={`comments.${criterion.id}`}>{t("review.comment", { name: criterion.name })}</label>
                    <textarea
                      id={`comments.${criterion.id}`}
                      name={`comments.${criterion.id}`}
                      rows={3}
                      defaultValue={comments[criterion.id] ?? ""}
                      disabled={final}
                    />
                  </div>
                </fieldset>
              );
            })}
            <PlainField id="overall" label={t("review.overall")}>
              {(control) => <textarea {...control} name="overall" rows={5} defaultValue={overall} disabled={final} />}
            </PlainField>
            <fieldset
              className="field checkbox-group"
              id="recommendation"
              aria-describedby={problemFor("recommendation") ? "recommendation-error" : undefined}
            >
              <legend>{t("review.recommendation")}</legend>
              {problemFor("recommendation") ? (
                <p className="field-error" id="recommendation-error">
                  {t("review.problem.recommendation")}
                </p>
              ) : null}
              {RECOMMENDATIONS.map((r) => (
                <label key={r} className="checkbox">
                  <input
                    type="radio"
                    name="recommendation"
                    value={r}
                    defaultChecked={recommendation === r}
                    disabled={final}
                  />
                  {t(`review.recommendation.${r}` as MessageKey)}
                </label>
              ))}
            </fieldset>
            {final ? null : (
              <>
                <p className="field-hint">{t("review.submitHint")}</p>
                <div className="actions">
                  <IntentSubmit intent="draft" look="secondary">
                    {t("review.saveDraft")}
                  </IntentSubmit>
                  <IntentSubmit intent="submit">{t("review.submit")}</IntentSubmit>
                  {d.neighbours.next ? (
                    <>
                      <IntentSubmit intent="draft-next" look="secondary">
                        {t("review.saveDraftNext")}
                      </IntentSubmit>
                      <IntentSubmit intent="submit-next">{t("review.submitNext")}</IntentSubmit>
                    </>
                  ) : null}
                </div>
              </>
            )}
          </Form>
          {final ? null : (
            <Form method="post" action={`/reviews/${d.id}${d.stage === 2 ? "?stage=2" : ""}`} className="stack">
              <h3>{t("review.conflict")}</h3>
              <p className="field-hint">{t("review.conflictHint")}</p>
              <PlainField
                id="reason"
                label={t("review.conflictReason")}
                error={problemFor("reason") ? "validation.reason" : null}
              >
                {(control) => <textarea {...control} name="reason" rows={2} />}
              </PlainField>
              <IntentSubmit intent="conflict" look="secondary">
                {t("review.conflict")}
              </IntentSubmit>
            </Form>
          )}
        </section>
      </div>
    </>
  );
}
