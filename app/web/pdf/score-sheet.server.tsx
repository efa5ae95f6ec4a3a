import type { MessageKey } from "~/i18n";
import { kindLabel } from "~/models/reference-data";
import { oneDecimal } from "~/models/review-rules";
import type { ReviewerProposalView } from "~/models/review-view";
import type { Stage } from "~/models/reviews.server";
import type { SheetReview } from "~/models/ward-documents.server";
import * as Doc from "./layout.server";

/**
 * One reviewer's score sheet (評価シート) for one proposal: each criterion with its weight, the
 * score out of its maximum and the comment, the total out of 100, the overall comment and the
 * recommendation; blank where nothing was written yet, so it also serves as a form to fill in at a
 * meeting. The organisations come as the reviewer's view gives them (団体A … where the theme hides
 * names); `reviewerName` is null on the reviewer's own copy of such a sheet, which then names
 * nobody and leaves the signature to the pen.
 */
export function ScoreSheetPdf({
  ctx,
  theme,
  stage,
  proposal,
  anonymous,
  reviewerName,
  criteria,
  review,
  issuedAt,
}: {
  ctx: Doc.DocumentContext;
  theme: string;
  stage: Stage;
  proposal: { receipt: string | null; title: string; partners: ReviewerProposalView["partners"] };
  anonymous: boolean;
  reviewerName: string | null;
  criteria: { id: string; name: string; weight: number; maxScore: number }[];
  review: SheetReview | null;
  issuedAt: Date;
}) {
  const { t } = ctx;
  const state = review ? review.status : "none";
  const score = (id: string, max: number) =>
    review?.scores[id] === undefined ? "" : t("doc.sheet.scoreOf", { score: review.scores[id], max });
  return (
    <Doc.WardDocument ctx={ctx} title={t("doc.sheet.title")} issuedAt={issuedAt}>
      <Doc.Title>{t("doc.sheet.title")}</Doc.Title>
      <Doc.KeyValueTable
        rows={[
          [t("doc.sheet.theme"), theme],
          [t("doc.sheet.stage"), t(`review.stage.${stage}`)],
          [t("doc.sheet.receipt"), proposal.receipt ?? ""],
          [t("doc.sheet.proposal"), proposal.title],
          [
            t("doc.sheet.organizations"),
            proposal.partners.map((p) => `${p.name}（${t(kindLabel(p.kind))}）`).join("\n"),
          ],
          ...(reviewerName === null ? [] : ([[t("doc.sheet.reviewer"), reviewerName]] as [string, string][])),
          [t("doc.sheet.status"), t(`doc.sheet.status.${state}`)],
        ]}
      />
      {anonymous ? <Doc.Paragraph>{t("doc.sheet.anonymous")}</Doc.Paragraph> : null}
      <Doc.Heading>{t("doc.sheet.score")}</Doc.Heading>
      <Doc.Table
        columns={[
          { header: t("doc.sheet.criterion"), width: 28 },
          { header: t("doc.sheet.weight"), width: 9, align: "right" },
          { header: t("doc.sheet.score"), width: 13, align: "right" },
          { header: t("doc.sheet.comment"), width: 50 },
        ]}
        rows={criteria.map((c) => [c.name, String(c.weight), score(c.id, c.maxScore), review?.comments[c.id] ?? ""])}
      />
      <Doc.KeyValueTable
        rows={[
          [t("doc.sheet.total"), review?.total == null ? "" : oneDecimal(review.total)],
          [
            t("doc.sheet.recommendation"),
            review?.recommendation ? t(`review.recommendation.${review.recommendation}` as MessageKey) : "",
          ],
        ]}
      />
      <Doc.Heading>{t("doc.sheet.overall")}</Doc.Heading>
      <Doc.Paragraph>{review?.overall ?? ""}</Doc.Paragraph>
      <Doc.SignatureBlock
        boxes={[
          { label: t("doc.date") },
          { label: reviewerName === null ? t("doc.signature") : t("doc.sheet.reviewer"), filled: reviewerName ?? "" },
        ]}
      />
    </Doc.WardDocument>
  );
}
