import { type SubmissionResult, useForm } from "@conform-to/react";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { AuditHistory } from "~/components/audit-history";
import { RadioChoices } from "~/components/choice-fields";
import { DataTable } from "~/components/data-table";
import { StackForm } from "~/components/form";
import { IntentButton, IntentSubmit, PlainField } from "~/components/plain-form";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/react";
import { historyEntries } from "~/models/audit.server";
import { recordDecision } from "~/models/review-decisions.server";
import { oneDecimal } from "~/models/review-rules";
import { proposalReviews, reopenReview, themeForReview } from "~/models/reviews.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, notFound } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { parseSubmission } from "~/utils/submission.server";
import { decisionSchema, uuid, v } from "~/web/review-forms.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staffReviews.title");

/** The theme and proposal in the URL (404 when either is malformed), and the round asked for. */
function target(request: Request, params: LoaderFunctionArgs["params"]) {
  const themeId = v.safeParse(uuid, params.id);
  const proposalId = v.safeParse(uuid, params.proposalId);
  if (!themeId.success || !proposalId.success) throw notFound();
  const stage: 1 | 2 = new URL(request.url).searchParams.get("stage") === "2" ? 2 : 1;
  return { themeId: themeId.output, proposalId: proposalId.output, stage };
}

// Read and write: staff. What each reviewer wrote about one proposal of the theme in the URL (404
// for a proposal of another theme), its history, and the decision on it: recorded here, after
// reading the reviews, by staff who are not excluded from it (another member of staff decides those).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "staff");
  const { themeId, proposalId, stage } = target(request, params);
  const { db } = services();
  const [theme, found, history] = await Promise.all([
    themeForReview(db, themeId),
    proposalReviews(db, { themeId, proposalId, stage, viewerId: user.id }),
    historyEntries(db, "proposal", proposalId, 30),
  ]);
  if (!theme || !found) throw notFound();
  const p = found.proposal;
  return {
    themeId,
    proposalId,
    stage,
    released: theme.status === "results_released",
    mayDecide: !found.viewerExcluded,
    proposal: {
      title: p.title,
      receipt: p.receipt_number,
      organizations: p.organizations,
      requested: p.requested_amount,
    },
    decision: p.decision
      ? { decision: p.decision, amount: p.amount ?? 0, conditions: p.conditions ?? "", feedback: p.feedback ?? "" }
      : null,
    criteria: found.criteria.map((c) => ({ id: c.id, name: c.name, maxScore: c.maxScore })),
    reviews: found.reviews.map((r) => ({
      ...r,
      total: r.total === null ? null : oneDecimal(r.total),
    })),
    spread: found.spread.map((c) => ({ ...c, spread: Math.round(c.spread * 100) })),
    history,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "staff");
  const { themeId, proposalId, stage } = target(request, params);
  const { db } = services();
  const form = await request.formData();
  const intent = form.get("intent");
  const here = `/staff/themes/${themeId}/reviews/${proposalId}?stage=${stage}`;
  if (intent === "reopen") {
    const reviewerId = v.safeParse(uuid, form.get("reviewerId"));
    if (!reviewerId.success) throw badRequest();
    const reopened = await reopenReview(db, {
      themeId,
      proposalId,
      reviewerId: reviewerId.output,
      staffId: user.id,
      stage,
    });
    if (!reopened) throw notFound();
    return redirectWithFlash(here, "staffReview.reopened");
  }
  if (intent === "decide") {
    const submission = parseSubmission(form, { schema: decisionSchema });
    // What was typed comes back with the problems, each at its field, so nothing has to be typed again.
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    const { decision, amount, conditions, feedback } = submission.value;
    const result = await recordDecision(db, {
      decision,
      amount,
      conditions: conditions ?? "",
      feedback: feedback ?? "",
      themeId,
      proposalId,
      staffId: user.id,
      now: new Date(),
    });
    if (!result.ok) {
      if (result.problem === "not_found") throw notFound();
      if (result.problem === "over_requested" || result.problem === "over_cap") {
        const problem = result.problem === "over_requested" ? "staffReview.overRequested" : "staffReview.overCap";
        return data(submission.reply({ fieldErrors: { amount: [problem] } }), { status: 400 });
      }
      const problem = result.problem === "released" ? "staffReview.released" : "staffReview.excludedDecider";
      return data(submission.reply({ formErrors: [problem] }), { status: 400 });
    }
    return redirectWithFlash(here, "staffReview.decisionSaved");
  }
  throw badRequest();
}

export default function ProposalReviews() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to={`/staff/themes/${d.themeId}/review?stage=${d.stage}`}>{t("staffTheme.review")}</Link>
      </p>
      <h1>{t("staffReviews.heading", { title: `${d.proposal.receipt ?? ""} ${d.proposal.title}` })}</h1>
      <p>{d.proposal.organizations}</p>
      {d.released && d.decision ? (
        <p>
          <a href={`/proposals/${d.proposalId}/notice.pdf`} download>
            {t("proposal.noticePdf")}
          </a>
        </p>
      ) : null}
      <p>
        <a href="#decision">{t("staffReviews.toDecision")}</a>
      </p>

      <h2>{t("staffReviews.disagree")}</h2>
      <p>{t("staffReviews.disagreeLead")}</p>
      <DataTable
        columns={[
          t("staffReviews.criterion"),
          t("staffReviews.lowest"),
          t("staffReviews.highest"),
          t("staffReviews.spread"),
        ]}
      >
        {d.spread.map((c) => (
          <tr key={c.id}>
            <th scope="row">{c.name}</th>
            <td>{c.min === null ? "—" : `${c.min} / ${c.maxScore}`}</td>
            <td>{c.max === null ? "—" : `${c.max} / ${c.maxScore}`}</td>
            <td>{t("staffReviews.spreadValue", { percent: c.spread })}</td>
          </tr>
        ))}
      </DataTable>

      <h2>{t("staffReviews.each")}</h2>
      {d.reviews.map((r) => (
        <section key={r.reviewerId} aria-labelledby={`reviewer-${r.reviewerId}`} className="card stack">
          <h3 id={`reviewer-${r.reviewerId}`}>
            {r.reviewer}（
            {r.excluded
              ? t("staffReviews.excluded")
              : r.status === "submitted"
                ? t("staffReviews.submitted", { total: r.total ?? "—" })
                : r.status === "draft"
                  ? t("staffReviews.draft")
                  : t("staffReviews.none")}
            ）
          </h3>
          {r.status ? (
            <dl>
              {d.criteria.map((c) => (
                <div key={c.id}>
                  <dt>{c.name}</dt>
                  <dd>
                    {r.scores[c.id] === undefined ? "—" : `${r.scores[c.id]} / ${c.maxScore}`}
                    {r.comments[c.id] ? <p className="message">{r.comments[c.id]}</p> : null}
                  </dd>
                </div>
              ))}
              <div>
                <dt>{t("review.overall")}</dt>
                <dd className="message">{r.overall || "—"}</dd>
              </div>
              <div>
                <dt>{t("staffReviews.recommendation")}</dt>
                <dd>{r.recommendation ? t(`review.recommendation.${r.recommendation}` as MessageKey) : "—"}</dd>
              </div>
            </dl>
          ) : null}
          {r.excluded ? null : (
            <p>
              <a
                href={`/staff/themes/${d.themeId}/reviews/${d.proposalId}/sheet.pdf?reviewer=${r.reviewerId}&stage=${d.stage}`}
                download
              >
                {t("staffReviews.sheetPdf", { name: r.reviewer })}
              </a>
            </p>
          )}
          {r.status === "submitted" && !d.released ? (
            <IntentButton intent="reopen" look="secondary" hidden={{ reviewerId: r.reviewerId }}>
              {t("staffReviews.reopen", { name: r.reviewer })}
            </IntentButton>
          ) : null}
        </section>
      ))}

      <DecisionForm answer={answer} />

      <h2>{t("staffReviews.history")}</h2>
      {d.history.length ? <AuditHistory entries={d.history} /> : <p>{t("staffReviews.noHistory")}</p>}
    </>
  );
}

/**
 * The decision, recorded after reading the reviews; what was typed stays when something is wrong.
 * Checked on the server only, as the ranking page's forms are: the page stays within its JavaScript budget.
 */
function DecisionForm({ answer }: { answer?: SubmissionResult<string[]> }) {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const locked = d.released || !d.mayDecide;
  const [form, fields] = useForm({
    id: "decide",
    lastResult: answer,
    defaultValue: {
      decision: d.decision?.decision ?? "",
      amount: String(d.decision?.amount ?? d.proposal.requested),
      conditions: d.decision?.conditions ?? "",
      feedback: d.decision?.feedback ?? "",
    },
  });
  return (
    <section aria-labelledby="decision" className="card stack">
      <h2 id="decision">{t("staffReview.decision")}</h2>
      <p>
        {t("staffProposals.requested")}：{t("theme.amount", { amount: d.proposal.requested.toLocaleString("ja-JP") })}
      </p>
      {d.released ? <p className="notice">{t("staffReview.released")}</p> : null}
      {!d.mayDecide ? <p className="notice">{t("staffReview.excludedDecider")}</p> : null}
      <StackForm
        form={form}
        actions={locked ? null : <IntentSubmit intent="decide">{t("staffReview.saveDecision")}</IntentSubmit>}
      >
        <RadioChoices
          field={fields.decision}
          legend={t("staffReview.decision")}
          options={[
            { value: "funded", label: t("staffReview.funded") },
            { value: "not_funded", label: t("staffReview.notFunded") },
          ]}
          disabled={locked}
        />
        <PlainField field={fields.amount} label={t("staffReview.amount")} hint={t("staffReview.amountHint")}>
          {(control) => (
            <input
              {...control}
              type="text"
              inputMode="numeric"
              defaultValue={fields.amount.defaultValue}
              disabled={locked}
            />
          )}
        </PlainField>
        {(["conditions", "feedback"] as const).map((name) => (
          <PlainField key={name} field={fields[name]} label={t(`staffReview.${name}`)}>
            {(control) => (
              <textarea
                {...control}
                rows={name === "feedback" ? 4 : 2}
                defaultValue={fields[name].defaultValue}
                disabled={locked}
              />
            )}
          </PlainField>
        ))}
      </StackForm>
    </section>
  );
}
