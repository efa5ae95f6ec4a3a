import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { translator } from "~/i18n";
import { fullRanking } from "~/models/ranking.server";
import { services } from "~/services.server";
import { notFound } from "~/utils/http.server";
import { getLocale } from "~/utils/locale.server";
import { workbookResponse } from "~/web/workbook.server";

/** A score as the page and the CSV show it: one decimal. */
const score = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

// Read: staff. The ranking of /staff/themes/:id/review as Excel: the same figures as the CSV (the
// one SQL ranking, fullRanking, and one query for every reviewer's totals), then one column per
// reviewer with their own total: blank where not submitted, marked where a conflict keeps them out.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const stage = new URL(request.url).searchParams.get("stage") === "2" ? 2 : 1;
  const board = await fullRanking(services().db, params.id ?? "", stage);
  if (!board) throw notFound();
  const t = translator(await getLocale(request));
  type Row = (typeof board.ranking)[number];
  const decision = (r: Row) =>
    !r.decision
      ? t("staffReview.undecided")
      : r.decision.decision === "funded"
        ? t("staffReview.funded")
        : t("staffReview.notFunded");
  return workbookResponse<Row>(
    `ranking-${board.theme.id}${stage === 2 ? "-stage2" : ""}.xlsx`,
    t("staffReview.xlsxSheet"),
    [
      { header: t("staffReview.rank"), width: 6, kind: "count", value: (r) => r.rank },
      { header: t("staffProposals.receipt"), width: 18, value: (r) => r.receipt_number },
      { header: t("staffProposals.proposal"), width: 36, value: (r) => r.title },
      { header: t("staffProposals.organizations"), width: 36, value: (r) => r.organizations },
      { header: t("staffReview.mean"), width: 10, kind: "score", value: (r) => score(r.standing.mean) },
      { header: t("staffReview.sd"), width: 10, kind: "score", value: (r) => score(r.standing.standardDeviation) },
      { header: t("staffReview.count"), width: 8, kind: "count", value: (r) => r.standing.count },
      { header: t("staffReview.decision"), width: 10, value: decision },
      {
        header: t("project.grant"),
        width: 14,
        kind: "yen",
        value: (r) => (r.decision?.decision === "funded" ? r.decision.amount : null),
      },
      ...board.reviewers.map((reviewer, i) => ({
        header: t("staffReview.reviewerTotal", { name: reviewer.name }),
        width: 16,
        kind: "score" as const,
        value: (r: Row) => {
          const total = r.byReviewer[i];
          return total === "excluded" ? t("staffReview.excludedCell") : score(total);
        },
      })),
    ],
    board.ranking,
  );
}
