import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { requireReviewer } from "~/auth/review-access.server";
import { RadioChoices } from "~/components/choice-fields";
import { FormErrorSummary, StackForm } from "~/components/form";
import { IntentSubmit, PlainField } from "~/components/plain-form";
import { ReviewerProposal } from "~/components/reviewer-proposal";
import { type MessageKey, translator } from "~/i18n";
import { useT } from "~/i18n/react";
import { filesOf } from "~/models/files.server";
import { loadProposal } from "~/models/proposals.server";
import { declareConflict } from "~/models/review-conflicts.server";
import { conflictSchema, RECOMMENDATIONS, type ReviewSheet, reviewSheetSchema } from "~/models/review-schemas";
import { reviewerProposalView } from "~/models/review-view";
import { getReview, reviewerNeighbours, saveReview, themeCriteria } from "~/models/reviews.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { notFound } from "~/utils/http.server";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";
import { parseSubmission } from "~/utils/submission.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reviews.title");

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

/** The page's answer without a redirect: which form it is about, Conform's reply, and whether the review is final. */
function answer(form: "review" | "conflict", result: SubmissionResult<string[]> | null, final = false) {
  return { form, result, final };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const proposalId = params.proposalId ?? "";
  const { user, access, stage } = await requireReviewer(request, proposalId);
  const { db } = services();
  const formData = await request.formData();
  if (formData.get("intent") === "conflict") {
    const submission = parseSubmission(formData, { schema: conflictSchema });
    if (submission.status !== "success") return data(answer("conflict", submission.reply()), { status: 400 });
    const declared = await declareConflict(db, { proposalId, reviewerId: user.id, reason: submission.value.reason });
    if (!declared) return data(answer("conflict", null, true), { status: 409 });
    return redirectWithFlash("/reviews", "review.conflictDeclared");
  }
  const criteria = await themeCriteria(db, access.themeId);
  const submission = parseSubmission(formData, { schema: reviewSheetSchema(criteria) });
  if (submission.status !== "success") return data(answer("review", submission.reply()), { status: 400 });
  const { review, submit, onward } = submission.value;
  const result = await saveReview(db, {
    proposalId,
    reviewerId: user.id,
    review,
    submit,
    criteria,
    now: new Date(),
    stage,
  });
  if (!result.ok && "problems" in result) {
    // The schema checked the same rules; the model checks them again before it writes.
    const fieldErrors = Object.fromEntries(result.problems.map((p) => [p.field, [p.message]]));
    return data(answer("review", submission.reply({ fieldErrors })), { status: 400 });
  }
  if (!result.ok) return data(answer("review", null, true), { status: 409 });
  const pageOf = (id: string) => (stage === 2 ? `/reviews/${id}?stage=2` : `/reviews/${id}`);
  const message = submit ? "review.submitted" : "review.saved";
  if (onward) {
    const { next } = await reviewerNeighbours(db, { reviewerId: user.id, themeId: access.themeId, proposalId, stage });
    return redirectWithFlash(next ? pageOf(next) : "/reviews", message);
  }
  return redirectWithFlash(submit ? "/reviews" : pageOf(proposalId), message);
}

/** The score sheet as the form names its fields: every value as typed. */
interface SheetForm {
  scores: Record<string, string>;
  comments: Record<string, string>;
  overall: string;
  recommendation: string;
}

export default function ReviewPage() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
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
      {/* A sheet of its own for each proposal and round: moving to the next one starts afresh. */}
      <ScoreSheet key={`${d.id}-${d.stage}`} answer={actionData} />
    </>
  );
}

/** The proposal beside the score sheet, and the form to step back from it; the sheet's problems above both. */
function ScoreSheet({ answer }: { answer: ReturnType<typeof useActionData<typeof action>> }) {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const final = d.review?.status === "submitted";
  const here = `/reviews/${d.id}${d.stage === 2 ? "?stage=2" : ""}`;
  const schema = useMemo(() => reviewSheetSchema(d.criteria), [d.criteria]);
  const [form, fields] = useForm<SheetForm, ReviewSheet>({
    id: "review",
    lastResult: answer?.form === "review" ? answer.result : undefined,
    defaultValue: {
      scores: Object.fromEntries(Object.entries(d.review?.scores ?? {}).map(([id, score]) => [id, String(score)])),
      comments: d.review?.comments ?? {},
      overall: d.review?.overall ?? "",
      recommendation: d.review?.recommendation ?? "",
    },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema }),
  });
  const [conflictForm, conflictFields] = useForm({
    id: "conflict",
    lastResult: answer?.form === "conflict" ? answer.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: conflictSchema }),
  });
  const scores = fields.scores.getFieldset();
  const comments = fields.comments.getFieldset();
  return (
    <>
      {final || answer?.final ? <p className="notice">{t("review.final")}</p> : null}
      {/* Beside a long proposal, the sheet's problems are listed at the top of the page. */}
      <FormErrorSummary form={form} />
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
          <Form method="post" action={here} {...getFormProps(form)} noValidate className="stack">
            {d.criteria.map((criterion) => (
              <fieldset key={criterion.id} className="criterion">
                <legend>{criterion.name}</legend>
                {criterion.description ? <p className="field-hint">{criterion.description}</p> : null}
                <PlainField
                  field={scores[criterion.id]}
                  label={t("review.score", { name: criterion.name, max: criterion.maxScore, weight: criterion.weight })}
                >
                  {(control) => (
                    <input
                      {...control}
                      type="number"
                      min={0}
                      max={criterion.maxScore}
                      step={1}
                      inputMode="numeric"
                      defaultValue={scores[criterion.id].defaultValue}
                      disabled={final}
                    />
                  )}
                </PlainField>
                <PlainField field={comments[criterion.id]} label={t("review.comment", { name: criterion.name })}>
                  {(control) => (
                    <textarea
                      {...control}
                      rows={3}
                      defaultValue={comments[criterion.id].defaultValue}
                      disabled={final}
                    />
                  )}
                </PlainField>
              </fieldset>
            ))}
            <PlainField field={fields.overall} label={t("review.overall")}>
              {(control) => (
                <textarea {...control} rows={5} defaultValue={fields.overall.defaultValue} disabled={final} />
              )}
            </PlainField>
            <RadioChoices
              field={fields.recommendation}
              legend={t("review.recommendation")}
              options={RECOMMENDATIONS.map((r) => ({ value: r, label: t(`review.recommendation.${r}` as MessageKey) }))}
              disabled={final}
            />
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
            <>
              <h3 id="conflict-heading">{t("review.conflict")}</h3>
              <p className="field-hint">{t("review.conflictHint")}</p>
              <StackForm
                form={conflictForm}
                action={here}
                labelledBy="conflict-heading"
                intent="conflict"
                secondary
                submit={t("review.conflict")}
              >
                <PlainField field={conflictFields.reason} label={t("review.conflictReason")}>
                  {(control) => <textarea {...control} rows={2} defaultValue={conflictFields.reason.defaultValue} />}
                </PlainField>
              </StackForm>
            </>
          )}
        </section>
      </div>
    </>
  );
}
