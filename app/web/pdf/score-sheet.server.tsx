import type { MessageKey } from "~/i18n";
import { kindLabel } from "~/models/reference-data";
import { oneDecimal } from "~/models/review-rules";
import type { ReviewerProposalView } from "~/models/review-view";
import type { Stage } from "~/models/reviews.server";
import type { SheetReview } from "~/models/ward-documents.server";
import {
  type DocumentContext,
  Heading,
  KeyValueTable,
  Paragraph,
  SignatureBlock,
  Table,
  Title,
  WardDocument,
} from "./layout.server";

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
  ctx: DocumentContext;
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
    <WardDocument ctx={ctx} title={t("doc.sheet.title")} issuedAt={issuedAt}>
      <Title>{t("doc.sheet.title")}</Title>
      <KeyValueTable
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
      {anonymous ? <Paragraph>{t("doc.sheet.anonymous")}</Paragraph> : null}
      <Heading>{t("doc.sheet.score")}</Heading>
      <Table
        columns={[
          { header: t("doc.sheet.criterion"), width: 28 },
          { header: t("doc.sheet.weight"), width: 9, align: "right" },
          { header: t("doc.sheet.score"), width: 13, align: "right" },
          { header: t("doc.sheet.comment"), width: 50 },
        ]}
        rows={criteria.map((c) => [c.name, String(c.weight), score(c.id, c.maxScore), review?.comments[c.id] ?? ""])}
      />
      <KeyValueTable
        rows={[
          [t("doc.sheet.total"), review?.total == null ? "" : oneDecimal(review.total)],
          [
            t("doc.sheet.recommendation"),
            review?.recommendation ? t(`review.recommendation.${review.recommendation}` as MessageKey) : "",
          ],
        ]}
      />
      <Heading>{t("doc.sheet.overall")}</Heading>
      <Paragraph>{review?.overall ?? ""}</Paragraph>
      <SignatureBlock
        boxes={[
          { label: t("doc.date") },
          { label: reviewerName === null ? t("doc.signature") : t("doc.sheet.reviewer"), filled: reviewerName ?? "" },
        ]}
      />
    </WardDocument>
  );
}
