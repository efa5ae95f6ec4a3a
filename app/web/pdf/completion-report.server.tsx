import type { completionReport } from "~/models/ward-documents.server";
import { formatPlainDate } from "~/utils/japan-time";
import * as Doc from "./layout.server";

type Report = NonNullable<Awaited<ReturnType<typeof completionReport>>>;

/**
 * A completed project's report (実績報告書) from its accepted final report: the project, each
 * indicator's target against its result, the settlement of accounts (each budget line's plan against
 * the money spent, with totals and the difference), the milestones, the team's self-evaluation and
 * the ward's comment.
 */
export function CompletionReportPdf({
  ctx,
  report,
  issuedAt,
}: {
  ctx: Doc.DocumentContext;
  report: Report;
  issuedAt: Date;
}) {
  const { t, locale } = ctx;
  const yen = (n: number) => Doc.documentYen(ctx, n);
  const first = report.milestones[0]?.due_on;
  const last = report.milestones[report.milestones.length - 1]?.due_on;
  return (
    <Doc.WardDocument ctx={ctx} title={t("doc.report.title")} issuedAt={issuedAt}>
      <Doc.Title>{t("doc.report.title")}</Doc.Title>
      <Doc.KeyValueTable
        rows={[
          [t("doc.report.project"), report.title],
          [t("doc.report.theme"), report.theme],
          [t("doc.report.organizations"), report.organizations],
          [t("doc.report.grant"), yen(report.grant)],
          [
            t("doc.report.period"),
            first && last
              ? t("doc.report.periodValue", { from: formatPlainDate(first, locale), to: formatPlainDate(last, locale) })
              : "",
          ],
          [t("doc.report.status"), t("doc.report.accepted")],
        ]}
      />
      <Doc.Heading>{t("doc.report.outcomes")}</Doc.Heading>
      <Doc.Table
        columns={[
          { header: t("doc.report.indicator"), width: 44 },
          { header: t("doc.report.target"), width: 28 },
          { header: t("doc.report.achieved"), width: 28 },
        ]}
        rows={report.outcomes.map((o) => [o.indicator, o.target, o.achieved])}
      />
      <Doc.Heading>{t("doc.report.settlement")}</Doc.Heading>
      <Doc.Table
        columns={[
          { header: t("doc.report.item"), width: 40 },
          { header: t("doc.report.planned"), width: 20, align: "right" },
          { header: t("doc.report.spent"), width: 20, align: "right" },
          { header: t("doc.report.difference"), width: 20, align: "right" },
        ]}
        rows={[
          ...report.spending.map((s) => [s.item, yen(s.planned), yen(s.spent), yen(s.spent - s.planned)]),
          [t("doc.report.total"), yen(report.totals.planned), yen(report.totals.spent), yen(report.totals.difference)],
        ]}
      />
      <Doc.Paragraph>
        {t("doc.report.grantBalance", {
          grant: report.grant.toLocaleString("ja-JP"),
          spent: report.totals.spent.toLocaleString("ja-JP"),
          difference: (report.totals.spent - report.grant).toLocaleString("ja-JP"),
        })}
      </Doc.Paragraph>
      <Doc.Heading>{t("doc.report.milestones")}</Doc.Heading>
      <Doc.Table
        columns={[
          { header: t("doc.report.due"), width: 26 },
          { header: t("doc.report.milestone"), width: 54 },
          { header: t("doc.report.milestoneStatus"), width: 20 },
        ]}
        rows={report.milestones.map((m) => [
          formatPlainDate(m.due_on, locale),
          m.title,
          t(`milestone.phase.${m.status}`),
        ])}
      />
      <Doc.Heading>{t("doc.report.selfEvaluation")}</Doc.Heading>
      <Doc.Paragraph>{report.selfEvaluation}</Doc.Paragraph>
      {report.comment ? (
        <>
          <Doc.Heading>{t("doc.report.wardComment")}</Doc.Heading>
          <Doc.Paragraph>{report.comment}</Doc.Paragraph>
        </>
      ) : null}
      <Doc.SignatureBlock boxes={[{ label: t("doc.date") }, { label: t("doc.signature") }]} />
    </Doc.WardDocument>
  );
}
