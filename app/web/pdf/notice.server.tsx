import type { releasedNotice } from "~/models/ward-documents.server";
import * as Doc from "./layout.server";

type Notice = NonNullable<Awaited<ReturnType<typeof releasedNotice>>>;

/**
 * The notice to an applicant (採択通知書 / 不採択通知書): a blank document number for the ward to
 * fill in, the date of release in 和暦 and the Western calendar, the lead organisation and its
 * representative, the ward as sender, and below 記 the proposal with either the amount and the
 * conditions or the reviewers' feedback, then whom to ask.
 */
export function NoticePdf({ ctx, notice }: { ctx: Doc.DocumentContext; notice: Notice }) {
  const { t } = ctx;
  const funded = notice.decision === "funded";
  const title = t(funded ? "doc.notice.titleFunded" : "doc.notice.titleNotFunded");
  const submitted = notice.submitted_at ? Doc.documentDate(ctx, notice.submitted_at) : "";
  return (
    <Doc.WardDocument ctx={ctx} title={title} issuedAt={notice.releasedAt}>
      <Doc.RightLine>{t("doc.notice.number")}</Doc.RightLine>
      <Doc.RightLine>{Doc.documentDate(ctx, notice.releasedAt)}</Doc.RightLine>
      <Doc.Line>{t("doc.notice.addressee", { organization: notice.lead_name })}</Doc.Line>
      {notice.representatives.length ? (
        <Doc.Line gap>{t("doc.notice.representative", { name: notice.representatives.join("、") })}</Doc.Line>
      ) : null}
      <Doc.RightLine bold>{t("doc.mayor")}</Doc.RightLine>
      <Doc.Title>{title}</Doc.Title>
      <Doc.Paragraph>{t(funded ? "doc.notice.bodyFunded" : "doc.notice.bodyNotFunded", { submitted })}</Doc.Paragraph>
      <Doc.Paragraph align="center">{t("doc.notice.record")}</Doc.Paragraph>
      <Doc.KeyValueTable
        rows={[
          [t("doc.notice.theme"), notice.theme_title],
          [t("doc.notice.receipt"), notice.receipt_number ?? ""],
          [t("doc.notice.proposal"), notice.title],
          [t("doc.notice.organizations"), notice.organizations ?? notice.lead_name],
          [t("doc.notice.result"), t(funded ? "doc.notice.funded" : "doc.notice.notFunded")],
          ...(funded
            ? ([
                [t("doc.notice.amount"), Doc.documentYen(ctx, notice.amount)],
                [t("doc.notice.conditions"), notice.conditions || t("doc.none")],
              ] as [string, string][])
            : []),
          [t("doc.notice.feedback"), notice.feedback],
          [t("doc.notice.contact"), [notice.department, notice.contact].filter(Boolean).join("\n")],
        ]}
      />
      <Doc.Paragraph>{t(funded ? "doc.notice.nextFunded" : "doc.notice.nextNotFunded")}</Doc.Paragraph>
    </Doc.WardDocument>
  );
}
