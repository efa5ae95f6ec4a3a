import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireProposal } from "~/auth/proposal-access.server";
import { IntentButton } from "~/components/plain-form";
import { ProposalDocument } from "~/components/proposal-document";
import { ProblemList } from "~/components/proposal-problems";
import { ProposalProgress } from "~/components/proposal-progress";
import { useLocale, useT } from "~/i18n/react";
import { approveProposalText } from "~/models/proposal-approvals.server";
import { requestSubmission, submissionRequestOf } from "~/models/proposal-helpers.server";
import { can } from "~/models/proposal-policy";
import { completeSections, SECTIONS } from "~/models/proposal-rules";
import { documentOf, problemsOf, submitProposal, textVersion } from "~/models/proposal-submission.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, forbidden } from "~/utils/http.server";
import { formatDateTime } from "~/utils/japan-time";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "proposal.confirm.title");

// Read and write: the team only, while the proposal is a draft (it is the step before submitting;
// staff read the proposal page and the print view instead). Anyone else gets 404, as elsewhere.
// Approving: the representative of an accepted partner organisation, for that organisation only
// (approveProposalText checks it again, with the text they read). A helper (代理入力) may not submit:
// they ask the lead's representatives, who are e-mailed this page's address and submit from it.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { loaded, access } = await requireProposal(request, params.id ?? "", "edit");
  const { proposal } = loaded;
  if (proposal.status !== "draft") throw redirect(`/proposals/${proposal.id}`);
  const document = documentOf(loaded);
  const request_ = await submissionRequestOf(services().db, proposal.id);
  const approvals = loaded.partners
    .filter((p) => p.role === "partner" && p.status === "accepted")
    .map((p) => ({
      id: p.organizationId,
      name: p.name,
      approvedAt: p.approvedAt?.toISOString() ?? null,
      mine: access.approvesFor.includes(p.organizationId),
    }));
  return {
    approvals,
    id: proposal.id,
    theme: proposal.theme_title,
    closesAt: proposal.closes_at.toISOString(),
    ...document,
    complete: completeSections(
      document.content,
      document.partners.map((p) => p.id),
      loaded.rules,
    ).length,
    problems: problemsOf(loaded, new Date()),
    textVersion: textVersion(loaded),
    maySubmit: can(access.access, "submit"),
    submissionRequest: request_ ? { by: request_.by, at: request_.at.toISOString() } : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const proposalId = params.id ?? "";
  const { user, loaded, access } = await requireProposal(request, proposalId, "edit");
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent !== "submit" && intent !== "approve" && intent !== "request") throw badRequest();
  if (intent === "submit" && !can(access.access, "submit")) throw forbidden();
  if (intent === "request" && !can(access.access, "requestSubmission")) throw forbidden();
  // What was read on this page is what is sent or approved: a section saved since then is shown again first.
  if (loaded.proposal.status === "draft" && form.get("textVersion") !== textVersion(loaded))
    return data({ error: "proposal.confirm.changed" as const, problems: null }, { status: 409 });
  const { db, config } = services();
  const ctx = { publicUrl: config.publicUrl, locale: await getLocale(request), now: new Date() };
  if (intent === "approve") {
    const organizationId = String(form.get("organizationId") ?? "");
    // The organisation in the form must be one this person represents on this proposal.
    if (!access.approvesFor.includes(organizationId)) throw forbidden();
    const approved = await approveProposalText(
      db,
      { proposalId, organizationId, userId: user.id, text: textVersion(loaded) },
      ctx,
    );
    if (!approved.ok && approved.problem === "changed")
      return data({ error: "proposal.confirm.changed" as const, problems: null }, { status: 409 });
    if (!approved.ok && approved.problem === "locked")
      return data({ error: "proposal.locked" as const, problems: null }, { status: 409 });
    if (!approved.ok) throw forbidden();
    return redirectWithFlash(`/proposals/${proposalId}/confirm`, "proposal.approvals.approvedFlash");
  }
  if (intent === "request") {
    const requested = await requestSubmission(db, { proposalId, helper: { id: user.id, name: user.name } }, ctx);
    if (!requested.ok && requested.problem === "not_draft")
      return data({ error: "proposal.locked" as const, problems: null }, { status: 409 });
    if (!requested.ok) throw forbidden();
    return redirectWithFlash(`/proposals/${proposalId}/confirm`, "proposal.helper.requestedFlash");
  }
  const result = await submitProposal(db, { proposalId, userId: user.id }, ctx);
  if (!result.ok && "problems" in result) return data({ error: null, problems: result.problems }, { status: 409 });
  if (!result.ok) return data({ error: "proposal.locked" as const, problems: null }, { status: 409 });
  return redirectWithFlash(`/proposals/${proposalId}`, "proposal.submittedFlash");
}

export default function ConfirmProposal() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const problems = actionData?.problems ?? d.problems;
  return (
    <article className="print-view">
      <p>
        <Link to={`/proposals/${d.id}`}>{t("proposal.back")}</Link>
      </p>
      <h1>{t("proposal.confirm.title")}</h1>
      <p>{t("proposal.confirm.lead")}</p>
      <ProposalProgress complete={d.complete} total={SECTIONS.length} />
      <p>
        {t("proposal.theme", { title: d.theme })}・
        {t("proposal.deadline", { date: formatDateTime(d.closesAt, locale) })}
      </p>
      {actionData?.error ? (
        <p className="error-summary" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}
      <p className="proposal-title">
        {t("proposal.field.title")}：<strong>{d.content.basics.title}</strong>
      </p>
      <ProposalDocument
        content={d.content}
        partners={d.partners}
        totals={d.totals}
        editHref={(key) => `/proposals/${d.id}/sections/${key}`}
      />
      <section id="approvals" aria-labelledby="approvals-heading">
        <h2 id="approvals-heading">{t("proposal.approvals.heading")}</h2>
        {d.approvals.length === 0 ? (
          <p>{t("proposal.approvals.none")}</p>
        ) : (
          <>
            <p>{t("proposal.approvals.lead")}</p>
            <ul className="approval-list">
              {d.approvals.map((a) => (
                <li key={a.id}>
                  <strong>{a.name}</strong>：
                  {a.approvedAt
                    ? t("proposal.approvals.approved", { date: formatDateTime(a.approvedAt, locale) })
                    : t("proposal.approvals.waiting")}
                  {a.mine && !a.approvedAt ? (
                    <>
                      <p className="hint">{t("proposal.approvals.approveHint")}</p>
                      <IntentButton intent="approve" hidden={{ textVersion: d.textVersion, organizationId: a.id }}>
                        {t("proposal.approvals.approve", { name: a.name })}
                      </IntentButton>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section aria-labelledby="submit-heading">
        <h2 id="submit-heading">{t("proposal.submit")}</h2>
        {problems.length ? (
          <>
            <div className="error-summary" role={actionData?.problems ? "alert" : undefined}>
              <h3>{t("proposal.submit.problems", { count: problems.length })}</h3>
              <ProblemList proposalId={d.id} problems={problems} organizations={d.partners} here="confirm" />
            </div>
            <p>{t("proposal.confirm.fixFirst")}</p>
          </>
        ) : (
          <>
            <p className="flash">{t("proposal.submit.ready")}</p>
            {d.submissionRequest ? (
              <p className="notice">
                {t("proposal.helper.requested", {
                  name: d.submissionRequest.by,
                  date: formatDateTime(d.submissionRequest.at, locale),
                })}
              </p>
            ) : null}
            {d.maySubmit ? (
              <>
                <p>{t("proposal.submit.hint")}</p>
                <IntentButton intent="submit" hidden={{ textVersion: d.textVersion }}>
                  {t("proposal.submit")}
                </IntentButton>
              </>
            ) : (
              <>
                <p>{t("proposal.helper.requestHint")}</p>
                <IntentButton intent="request" hidden={{ textVersion: d.textVersion }}>
                  {t("proposal.helper.request")}
                </IntentButton>
              </>
            )}
          </>
        )}
      </section>
    </article>
  );
}
