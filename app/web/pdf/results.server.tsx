import type { fullRanking } from "~/models/ranking.server";
import { oneDecimal } from "~/models/review-rules";
import type { Stage } from "~/models/reviews.server";
import * as Doc from "./layout.server";
import { HEIGHT, keyValueHeight, type Part, packPages, paragraphHeight } from "./paging.server";

type Board = NonNullable<Awaited<ReturnType<typeof fullRanking>>>;

/**
 * A theme's results list for internal approval (決裁): the ranking as staff's page computes it
 * (fullRanking: the one SQL ranking) with each proposal's scores, rank, decision and amount; the
 * totals against the plan; each reviewer's progress; the record of conflicts of interest (who was
 * kept out of which proposal, and why); and the approvers' boxes.
 */
export function ResultsPdf({
  ctx,
  board,
  stage,
  issuedAt,
}: {
  ctx: Doc.DocumentContext;
  board: Board;
  stage: Stage;
  issuedAt: Date;
}) {
  const { t } = ctx;
  const { theme, ranking, reviewers } = board;
  const yen = (n: number) => Doc.documentYen(ctx, n);
  const funded = ranking.filter((r) => r.decision?.decision === "funded");
  const notFunded = ranking.filter((r) => r.decision?.decision === "not_funded").length;
  const grantTotal = funded.reduce((sum, r) => sum + (r.decision?.amount ?? 0), 0);
  const nameOf = new Map(reviewers.map((r) => [r.id, r.name]));
  const titleOf = new Map(ranking.map((r) => [r.id, r.title]));
  // A pair can be excluded for two reasons at once (a membership and a declaration): each reason once.
  const seen = new Set<string>();
  const conflicts = board.excluded
    .filter((e) => nameOf.has(e.reviewerId))
    .filter((e) => {
      const key = `${e.reviewerId}|${e.proposalId}|${e.declared}|${e.reason}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((e) => ({ ...e, reviewer: nameOf.get(e.reviewerId) ?? "" }))
    .sort((a, b) => a.reviewer.localeCompare(b.reviewer, "ja") || (a.receipt ?? "").localeCompare(b.receipt ?? ""));
  const decision = (r: Board["ranking"][number]) =>
    r.decision
      ? t(r.decision.decision === "funded" ? "doc.results.funded" : "doc.results.notFunded")
      : t("doc.results.undecided");
  // Six cells a row, the figures sharing theirs: a theme may rank a thousand proposals, and every
  // cell is a text react-pdf lays out on its own.
  const rankingColumns = [
    { header: t("doc.results.rank"), width: 5, align: "right" as const },
    { header: t("doc.results.receipt"), width: 13 },
    { header: t("doc.results.proposal"), width: 44 },
    { header: t("doc.results.scores"), width: 15, align: "right" as const },
    { header: t("doc.results.reviews"), width: 8, align: "right" as const },
    { header: t("doc.results.decision"), width: 15, align: "right" as const },
  ];
  const rankingRows = ranking.map((r) => [
    String(r.rank),
    r.receipt_number ?? "",
    [r.title, r.organizations ?? "", r.standing.disagreement ? `※ ${t("doc.results.disagreement")}` : ""]
      .filter(Boolean)
      .join("\n"),
    r.standing.count
      ? `${oneDecimal(r.standing.mean)}（${oneDecimal(r.standing.standardDeviation)}）\n${oneDecimal(r.standing.min)}〜${oneDecimal(r.standing.max)}`
      : "—",
    `${r.standing.count} / ${r.due}`,
    r.decision?.decision === "funded" ? `${decision(r)}\n${yen(r.decision.amount)}` : decision(r),
  ]);
  const conflictColumns = [
    { header: t("doc.results.reviewer"), width: 22 },
    { header: t("doc.results.conflictProposal"), width: 40 },
    { header: t("doc.results.conflictReason"), width: 38 },
  ];
  const conflictRows = conflicts.map((c) => [
    c.reviewer,
    [c.receipt ?? "", titleOf.get(c.proposalId) ?? ""].filter(Boolean).join("　"),
    c.declared ? t("doc.results.declared", { reason: c.reason }) : t("doc.results.membership", { name: c.reason }),
  ]);
  const summary: [string, string][] = [
    [t("doc.results.theme"), theme.title],
    [t("doc.results.stage"), t(`review.stage.${stage}`)],
    [t("doc.results.planned"), t("doc.results.plannedValue", { count: theme.awards_planned })],
    [
      t("doc.results.caps"),
      t("doc.results.capsValue", {
        perYear: theme.grant_cap_per_year.toLocaleString("ja-JP"),
        total: theme.grant_cap_total.toLocaleString("ja-JP"),
      }),
    ],
    [
      t("doc.results.outcome"),
      t("doc.results.outcomeValue", {
        funded: funded.length,
        notFunded,
        undecided: ranking.length - funded.length - notFunded,
        total: grantTotal.toLocaleString("ja-JP"),
      }),
    ],
  ];
  const heading = (text: string): Part => ({
    kind: "block",
    height: HEIGHT.heading,
    node: <Doc.Heading>{text}</Doc.Heading>,
    keepWithNext: true,
  });
  const pages = packPages(
    [
      { kind: "block", height: HEIGHT.title, node: <Doc.Title>{t("doc.results.title")}</Doc.Title> },
      { kind: "block", height: keyValueHeight(summary, "landscape"), node: <Doc.KeyValueTable rows={summary} /> },
      heading(t("doc.results.ranking")),
      { kind: "table", columns: rankingColumns, rows: rankingRows, small: true },
      heading(t("doc.results.reviewers")),
      {
        kind: "table",
        small: true,
        columns: [
          { header: t("doc.results.reviewer"), width: 50 },
          { header: t("doc.results.done"), width: 50, align: "right" },
        ],
        rows: reviewers.map((r) => [r.name, t("doc.results.doneValue", { done: r.done, due: r.due })]),
      },
      heading(t("doc.results.conflicts")),
      conflicts.length
        ? { kind: "table", columns: conflictColumns, rows: conflictRows, small: true }
        : {
            kind: "block",
            height: paragraphHeight(t("doc.results.noConflicts"), "landscape"),
            node: <Doc.Paragraph>{t("doc.results.noConflicts")}</Doc.Paragraph>,
          },
      {
        kind: "block",
        height: HEIGHT.heading + HEIGHT.signatureBlock,
        node: (
          <>
            <Doc.Heading>{t("doc.results.approval")}</Doc.Heading>
            <Doc.SignatureBlock
              boxes={[
                { label: t("doc.results.approver.head") },
                { label: t("doc.results.approver.chief") },
                { label: t("doc.results.approver.staff") },
              ]}
            />
          </>
        ),
      },
    ],
    "landscape",
  );
  return <Doc.WardDocument ctx={ctx} title={t("doc.results.title")} issuedAt={issuedAt} landscape pages={pages} />;
}
