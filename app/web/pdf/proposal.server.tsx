import type { MessageKey } from "~/i18n";
import { budgetTotals } from "~/models/proposal-rules";
import type { LoadedProposal } from "~/models/proposals.server";
import { kindLabel } from "~/models/reference-data";
import { formatPlainDate } from "~/utils/japan-time";
import * as Doc from "./layout.server";

/**
 * A proposal in the ward's application-form layout (協働事業提案書): the applicant (団体名・代表者・
 * 連携団体), the project (事業名・事業内容・役割分担・成果指標・スケジュール) and the budget
 * (収支予算書), then the declaration. For the team and staff, names and contact included.
 */
export function ProposalPdf({
  ctx,
  loaded,
  representatives,
  course,
  issuedAt,
}: {
  ctx: Doc.DocumentContext;
  loaded: LoadedProposal;
  representatives: string[];
  course: string;
  issuedAt: Date;
}) {
  const { t, locale } = ctx;
  const { proposal, content: c, rules } = loaded;
  const team = loaded.partners.filter((p) => p.status === "accepted");
  const lead = team.find((p) => p.organizationId === proposal.lead_organization_id);
  const partners = team.filter((p) => p !== lead);
  const named = (p: { name: string; kind: string }) => `${p.name}（${t(kindLabel(p.kind))}）`;
  const totals = budgetTotals(c.budget, rules);
  const yen = (n: number) => Doc.documentYen(ctx, n);
  const contact = [c.basics.contactName, c.basics.contactEmail, c.basics.contactPhone].filter(Boolean).join("　");
  return (
    <Doc.WardDocument ctx={ctx} title={t("doc.proposal.title")} issuedAt={issuedAt}>
      <Doc.RightLine>
        {proposal.receipt_number ? `${t("doc.proposal.receipt")}　${proposal.receipt_number}` : ""}
      </Doc.RightLine>
      <Doc.RightLine>
        {proposal.submitted_at
          ? `${t("doc.proposal.submitted")}　${Doc.documentDate(ctx, proposal.submitted_at)}`
          : `${t("doc.proposal.status")}　${t(`proposal.status.${proposal.status}` as MessageKey)}`}
      </Doc.RightLine>
      <Doc.Line gap>{t("doc.proposal.to")}</Doc.Line>
      <Doc.Title>{t("doc.proposal.title")}</Doc.Title>
      <Doc.KeyValueTable
        rows={[
          [t("doc.proposal.theme"), proposal.theme_title],
          [t("doc.proposal.course"), course],
          [t("doc.proposal.name"), c.basics.title],
        ]}
      />

      <Doc.Heading>{t("doc.proposal.applicant")}</Doc.Heading>
      <Doc.KeyValueTable
        rows={[
          [t("doc.proposal.lead"), lead ? named(lead) : proposal.lead_name],
          [t("doc.proposal.representative"), representatives.join("、")],
          [t("doc.proposal.partners"), partners.length ? partners.map(named).join("\n") : t("doc.none")],
          [t("doc.proposal.contact"), contact],
        ]}
      />

      <Doc.Heading>{t("doc.proposal.project")}</Doc.Heading>
      <Doc.KeyValueTable
        rows={[
          [t("doc.proposal.summary"), c.basics.summary],
          [t("doc.proposal.problem"), c.problem.text],
          [t("doc.proposal.activities"), c.activities.text],
        ]}
      />

      <Doc.Heading>{t("doc.proposal.roles")}</Doc.Heading>
      <Doc.Table
        columns={[
          { header: t("doc.proposal.organization"), width: 32 },
          { header: t("doc.proposal.role"), width: 68 },
        ]}
        rows={team.map((p) => [p.name, c.roles.roles[p.organizationId] ?? ""])}
      />

      <Doc.Heading>{t("doc.proposal.outcomes")}</Doc.Heading>
      <Doc.Paragraph>{c.outcomes.text}</Doc.Paragraph>
      <Doc.Table
        columns={[
          { header: t("doc.proposal.indicator"), width: 60 },
          { header: t("doc.proposal.target"), width: 40 },
        ]}
        rows={c.outcomes.indicators.map((i) => [i.name, i.target])}
      />

      <Doc.Heading>{t("doc.proposal.schedule")}</Doc.Heading>
      <Doc.Table
        columns={[
          { header: t("doc.proposal.when"), width: 24 },
          { header: t("doc.proposal.milestone"), width: 40 },
          { header: t("doc.proposal.deliverable"), width: 36 },
        ]}
        rows={c.schedule.milestones.map((m) => [m.date ? formatPlainDate(m.date, locale) : "", m.title, m.deliverable])}
      />

      <Doc.Heading>{t("doc.proposal.budget")}</Doc.Heading>
      <Doc.Line bold>{t("doc.proposal.expenses")}</Doc.Line>
      <Doc.Table
        columns={[
          { header: t("doc.proposal.item"), width: 34 },
          { header: t("doc.proposal.category"), width: 20 },
          { header: t("doc.proposal.amount"), width: 18, align: "right" },
          { header: t("doc.proposal.note"), width: 28 },
        ]}
        rows={[
          ...c.budget.lines.map((l) => [
            l.item,
            t(`proposal.budget.category.${l.category}` as MessageKey),
            yen(l.amount),
            l.note,
          ]),
          [t("doc.proposal.total"), "", yen(totals.total), ""],
        ]}
      />
      <Doc.Line bold>{t("doc.proposal.income")}</Doc.Line>
      <Doc.KeyValueTable
        rows={[
          [t("doc.proposal.requested"), yen(totals.requested)],
          [t("doc.proposal.ownFunds"), yen(totals.ownFunds)],
          [t("doc.proposal.total"), yen(totals.requested + totals.ownFunds)],
          [t("doc.proposal.maxGrant"), yen(totals.maxGrant)],
        ]}
      />

      <Doc.Heading>{t("doc.proposal.declaration")}</Doc.Heading>
      <Doc.Paragraph>
        {c.declaration.accepted ? t("doc.proposal.declared") : t("doc.proposal.notDeclared")}
      </Doc.Paragraph>
      <Doc.Paragraph>{proposal.declaration}</Doc.Paragraph>
    </Doc.WardDocument>
  );
}
