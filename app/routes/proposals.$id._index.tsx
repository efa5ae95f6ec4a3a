import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { requireProposal } from "~/auth/proposal-access.server";
import { BudgetTotals } from "~/components/budget-totals";
import { IntentButton } from "~/components/plain-form";
import { AttachmentsSection } from "~/components/proposal-attachments";
import { SavedVersions } from "~/components/proposal-history";
import { PartnerInvitation, PartnersSection } from "~/components/proposal-partners";
import { ProblemList, sectionLabel } from "~/components/proposal-problems";
import { ProposalProgress } from "~/components/proposal-progress";
import type { MessageKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/react";
import { filesOf } from "~/models/files.server";
import { mailAllowed } from "~/models/mail-limits.server";
import { partnerInviteOptions } from "~/models/partner-invite-options.server";
import { sectionHistory } from "~/models/proposal-helpers.server";
import { answerPartnerInvitation, invitePartner, removePartner } from "~/models/proposal-partners.server";
import { can } from "~/models/proposal-policy";
import { budgetTotals, SECTIONS, type SectionKey, sectionProblems } from "~/models/proposal-rules";
import { partnerInviteSchema, partnerOrganizationSchema } from "~/models/proposal-schemas";
import { problemsOf, submitProposal, withdrawProposal } from "~/models/proposal-submission.server";
import { releasedDecision } from "~/models/review-decisions.server";
import { themePhase } from "~/models/theme-rules";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, forbidden } from "~/utils/http.server";
import { formatDateTime } from "~/utils/japan-time";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "proposal.title");

// Read: the team (members of accepted organisations) and staff; an invited organisation's
// representatives see only the invitation. Write: the team submits; the lead's representatives
// invite, remove and withdraw; an invited representative accepts or declines.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { access, loaded } = await requireProposal(request, params.id ?? "", "read");
  const { proposal, content, versions, partners, rules } = loaded;
  const now = new Date();
  const phase = themePhase(
    { status: proposal.theme_status, opens_at: proposal.opens_at, closes_at: proposal.closes_at },
    now,
  );
  const header = {
    id: proposal.id,
    themeId: proposal.theme_id,
    themeTitle: proposal.theme_title,
    leadName: proposal.lead_name,
    closesAt: proposal.closes_at.toISOString(),
  };
  if (!can(access.access, "readContent")) {
    return {
      view: "invitation" as const,
      ...header,
      invitedOrganizations: partners
        .filter((p) => access.invitedOrganizationIds.includes(p.organizationId))
        .map((p) => ({ id: p.organizationId, name: p.name })),
    };
  }
  const accepted = partners.filter((p) => p.status === "accepted").map((p) => p.organizationId);
  const { db } = services();
  const inviteOptions =
    access.isLeadRepresentative && proposal.status === "draft"
      ? await partnerInviteOptions(db, {
          leadOrganizationId: proposal.lead_organization_id,
          partners,
          theme: { fields: proposal.theme_fields, requiredKinds: proposal.required_kinds },
          now: new Date(),
        })
      : { board: [], suggested: [], all: [] };
  return {
    view: "proposal" as const,
    ...header,
    status: proposal.status,
    receipt: proposal.receipt_number,
    phase,
    access: access.access,
    isLeadRepresentative: access.isLeadRepresentative,
    sections: SECTIONS.map((key) => ({
      key,
      complete: sectionProblems(key, content, accepted, rules).length === 0,
      savedAt: versions[key]?.updatedAt.toISOString() ?? null,
      savedBy: versions[key]?.updatedBy ?? null,
    })),
    partners: partners.map((p) => ({
      id: p.organizationId,
      name: p.name,
      kind: p.kind,
      status: p.status,
      lead: p.organizationId === proposal.lead_organization_id,
    })),
    problems: proposal.status === "draft" ? problemsOf(loaded, now) : [],
    totals: budgetTotals(content.budget, rules),
    // Applicants learn the decision only once staff release the theme's results; scores and
    // reviewers never reach them.
    result: await releasedDecision(db, proposal.id),
    history: (await sectionHistory(db, proposal.id)).map((h) => ({
      section: h.section as SectionKey,
      version: h.version,
      at: h.saved_at.toISOString(),
      by: h.name,
      asHelper: h.as_helper,
    })),
    attachments: (await filesOf(db, "proposal", proposal.id)).map((f) => ({
      id: f.id,
      label: f.label,
      filename: f.filename,
    })),
    inviteOptions,
  };
}

// An organisation that is gone is reported like one already invited: either way, nothing to do.
const INVITE_REFUSALS = {
  own_lead: "proposal.invite.ownLead",
  locked: "proposal.locked",
  already_partner: "proposal.invite.already",
  not_found: "proposal.invite.already",
} as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const proposalId = params.id ?? "";
  const { user, access } = await requireProposal(request, proposalId, "read");
  const { db, config } = services();
  const form = await request.formData();
  const intent = form.get("intent");
  const ctx = { publicUrl: config.publicUrl, locale: await getLocale(request), now: new Date() };
  const back = `/proposals/${proposalId}`;
  const fail = (message: MessageKey, status = 409) => data({ error: message, problems: null }, { status });

  if (intent === "accept" || intent === "decline") {
    const organizationId = v.safeParse(partnerOrganizationSchema, form.get("organizationId"));
    if (!organizationId.success || !access.invitedOrganizationIds.includes(organizationId.output)) throw forbidden();
    const result = await answerPartnerInvitation(
      db,
      { proposalId, organizationId: organizationId.output, userId: user.id, accept: intent === "accept" },
      ctx,
    );
    if (!result.ok) throw forbidden();
    return redirectWithFlash(
      intent === "accept" ? back : "/me",
      intent === "accept" ? "proposal.invitation.accepted" : "proposal.invitation.declined",
    );
  }
  if (!can(access.access, "edit")) throw forbidden();
  if (intent === "invite") {
    const parsed = v.safeParse(partnerInviteSchema, { organizationId: form.get("organizationId") });
    if (!parsed.success) return fail("proposal.validation.partner", 400);
    // The invitation e-mails the organisation's representatives: counted like every mail-sending action.
    const target = `proposal:${proposalId}:organization:${parsed.output.organizationId}`;
    if (!(await mailAllowed(db, { purpose: "invitation", target, clientAddress: context.clientAddress, now: ctx.now })))
      return fail("mail.limited", 429);
    const result = await invitePartner(
      db,
      { proposalId, organizationId: parsed.output.organizationId, userId: user.id },
      ctx,
    );
    if (!result.ok) {
      if (result.problem === "forbidden") throw forbidden();
      return fail(INVITE_REFUSALS[result.problem]);
    }
    return redirectWithFlash(back, "proposal.invite.done");
  }
  if (intent === "remove") {
    const organizationId = v.safeParse(partnerOrganizationSchema, form.get("organizationId"));
    if (!organizationId.success) throw badRequest();
    if (
      !(await removePartner(db, { proposalId, organizationId: organizationId.output, userId: user.id, now: ctx.now }))
    )
      throw forbidden();
    return redirectWithFlash(back, "proposal.partner.removedDone");
  }
  if (intent === "submit") {
    if (!can(access.access, "submit")) throw forbidden();
    const result = await submitProposal(db, { proposalId, userId: user.id }, ctx);
    if (!result.ok && "problems" in result) return data({ error: null, problems: result.problems }, { status: 409 });
    if (!result.ok) return fail("proposal.locked");
    return redirectWithFlash(back, "proposal.submittedFlash");
  }
  if (intent === "withdraw") {
    const result = await withdrawProposal(db, { proposalId, userId: user.id }, ctx);
    if (!result.ok && result.problem === "forbidden") throw forbidden();
    if (!result.ok) return fail(result.problem === "closed" ? "proposal.withdraw.closed" : "proposal.locked");
    return redirectWithFlash(back, "proposal.withdrawn");
  }
  throw badRequest();
}

export default function ProposalPage() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (d.view === "invitation")
    return <PartnerInvitation leadName={d.leadName} themeTitle={d.themeTitle} organizations={d.invitedOrganizations} />;
  const draft = d.status === "draft";
  const problems = actionData?.problems ?? d.problems;
  const team = d.partners.filter((p) => p.status === "accepted");
  return (
    <>
      <p>
        <Link to={`/themes/${d.themeId}`}>{t("proposal.theme", { title: d.themeTitle })}</Link>
      </p>
      <h1>{t("proposal.title")}</h1>
      <p>
        <strong>{t("proposal.statusLine", { status: t(`proposal.status.${d.status}`) })}</strong>
        {d.receipt ? `　${t("proposal.receipt", { receipt: d.receipt })}` : ""}
      </p>
      <p>
        {t("proposal.leadOrg", { name: d.leadName })}・
        {t("proposal.deadline", { date: formatDateTime(d.closesAt, locale) })}
      </p>
      {!draft ? <p className="notice">{t("proposal.locked")}</p> : null}
      {d.result ? (
        <section aria-labelledby="result-heading" className="flash">
          <h2 id="result-heading">{t("proposal.result")}</h2>
          <p>
            <strong>
              {d.result.decision === "funded"
                ? t("proposal.result.funded", { amount: d.result.amount.toLocaleString("ja-JP") })
                : t("proposal.result.notFunded")}
            </strong>
          </p>
          {d.result.conditions ? <p>{t("proposal.result.conditions", { conditions: d.result.conditions })}</p> : null}
          {d.result.feedback ? (
            <>
              <h3>{t("proposal.result.feedback")}</h3>
              <p className="message">{d.result.feedback}</p>
            </>
          ) : null}
          <p>
            <a href={`/proposals/${d.id}/notice.pdf`} download>
              {t("proposal.noticePdf")}
            </a>
          </p>
        </section>
      ) : d.status === "submitted" && d.phase === "closed" ? (
        <p className="notice">{t("proposal.underReview")}</p>
      ) : null}
      {actionData?.error ? (
        <p className="error-summary" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}
      <p>
        <Link to={`/proposals/${d.id}/print`}>{t("proposal.print")}</Link>
        {"　"}
        <a href={`/proposals/${d.id}.pdf`} download>
          {t("proposal.pdf")}
        </a>
      </p>

      <h2>{t("proposal.sections")}</h2>
      <ProposalProgress complete={d.sections.filter((s) => s.complete).length} total={d.sections.length} />
      <ul className="card-list">
        {d.sections.map((s) => (
          <li key={s.key} className="card">
            <Link to={`/proposals/${d.id}/sections/${s.key}`}>{t(sectionLabel(s.key))}</Link>{" "}
            <span className={s.complete ? "badge badge-verified" : "badge badge-waiting"}>
              {s.complete ? `✓ ${t("proposal.complete")}` : `！ ${t("proposal.incomplete")}`}
            </span>
            {s.savedAt && s.savedBy ? (
              <p className="message-meta">
                {t("proposal.lastSaved", { date: formatDateTime(s.savedAt, locale), name: s.savedBy })}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      <BudgetTotals totals={d.totals} />

      <AttachmentsSection proposalId={d.id} attachments={d.attachments} mayChange={draft && can(d.access, "edit")} />

      <PartnersSection
        partners={d.partners}
        mayInvite={draft && d.isLeadRepresentative}
        inviteOptions={d.inviteOptions}
      />

      {draft && can(d.access, "edit") ? (
        <section aria-labelledby="submit-heading">
          <h2 id="submit-heading">{t("proposal.submit")}</h2>
          {problems.length ? (
            <div className="error-summary" role={actionData?.problems ? "alert" : undefined}>
              <h3>{t("proposal.submit.problems", { count: problems.length })}</h3>
              <ProblemList proposalId={d.id} problems={problems} organizations={team} here="overview" />
            </div>
          ) : (
            <p className="flash">{t("proposal.submit.ready")}</p>
          )}
          <p>{t("proposal.confirm.hint")}</p>
          <p>
            <Link to={`/proposals/${d.id}/confirm`} className="button">
              {t("proposal.confirm.open")}
            </Link>
          </p>
        </section>
      ) : null}

      <SavedVersions history={d.history} />

      {d.status === "submitted" && d.isLeadRepresentative && d.phase === "open" ? (
        <section aria-labelledby="withdraw-heading">
          <h2 id="withdraw-heading">{t("proposal.withdraw")}</h2>
          <p>{t("proposal.withdraw.hint")}</p>
          <IntentButton intent="withdraw" look="secondary">
            {t("proposal.withdraw")}
          </IntentButton>
        </section>
      ) : null}
    </>
  );
}
