import type { releasedNotice } from "~/models/ward-documents.server";
import {
  type DocumentContext,
  documentDate,
  documentYen,
  KeyValueTable,
  Line,
  Paragraph,
  RightLine,
  Title,
  WardDocument,
} from "./layout.server";

type Notice = NonNullable<Awaited<ReturnType<typeof releasedNotice>>>;

/**
 * The notice to an applicant (採択通知書 / 不採択通知書): a blank document number for the ward to
 * fill in, the date of release in 和暦 and the Western calendar, the lead organisation and its
 * representative, the ward as sender, and below 記 the proposal with either the amount and the
 * conditions or the reviewers' feedback, then whom to ask.
 */
export function NoticePdf({ ctx, notice }: { ctx: DocumentContext; notice: Notice }) {
  const { t } = ctx;
  const funded = notice.decision === "funded";
  const title = t(funded ? "doc.notice.titleFunded" : "doc.notice.titleNotFunded");
  const submitted = notice.submitted_at ? documentDate(ctx, notice.submitted_at) : "";
  return (
    <WardDocument ctx={ctx} title={title} issuedAt={notice.releasedAt}>
      <RightLine>{t("doc.notice.number")}</RightLine>
      <RightLine>{documentDate(ctx, notice.releasedAt)}</RightLine>
      <Line>{t("doc.notice.addressee", { organization: notice.lead_name })}</Line>
      {notice.representatives.length ? (
        <Line gap>{t("doc.notice.representative", { name: notice.representatives.join("、") })}</Line>
      ) : null}
      <RightLine bold>{t("doc.mayor")}</RightLine>
      <Title>{title}</Title>
      <Paragraph>{t(funded ? "doc.notice.bodyFunded" : "doc.notice.bodyNotFunded", { submitted })}</Paragraph>
      <Paragraph align="center">{t("doc.notice.record")}</Paragraph>
      <KeyValueTable
        rows={[
          [t("doc.notice.theme"), notice.theme_title],
          [t("doc.notice.receipt"), notice.receipt_number ?? ""],
          [t("doc.notice.proposal"), notice.title],
          [t("doc.notice.organizations"), notice.organizations ?? notice.lead_name],
          [t("doc.notice.result"), t(funded ? "doc.notice.funded" : "doc.notice.notFunded")],
          ...(funded
            ? ([
                [t("doc.notice.amount"), documentYen(ctx, notice.amount)],
                [t("doc.notice.conditions"), notice.conditions || t("doc.none")],
              ] as [string, string][])
            : []),
          [t("doc.notice.feedback"), notice.feedback],
          [t("doc.notice.contact"), [notice.department, notice.contact].filter(Boolean).join("\n")],
        ]}
      />
      <Paragraph>{t(funded ? "doc.notice.nextFunded" : "doc.notice.nextNotFunded")}</Paragraph>
    </WardDocument>
  );
}
