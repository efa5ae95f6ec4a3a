import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { fullRanking } from "~/models/ranking.server";
import { oneDecimal } from "~/models/review-rules";
import { services } from "~/services.server";
import { toCsv } from "~/utils/csv";
import { csvResponse, notFound } from "~/utils/http.server";

// Read: staff. The ranking as UTF-8 CSV with a byte-order mark (Excel shows the Japanese): the
// same figures as the page, and one column per reviewer with their own total ("excluded" where
// the reviewer may not review the proposal).
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const stage = new URL(request.url).searchParams.get("stage") === "2" ? 2 : 1;
  const board = await fullRanking(services().db, params.id ?? "", stage);
  if (!board) throw notFound();
  const csv = toCsv(
    [
      "rank",
      "receipt_number",
      "title",
      "organizations",
      "requested_amount",
      "mean",
      "standard_deviation",
      "min",
      "max",
      "reviews",
      "reviews_due",
      "disagreement",
      "decision",
      "amount",
      ...board.reviewers.map((r) => `reviewer: ${r.name}`),
    ],
    board.ranking.map((p) => [
      p.rank,
      p.receipt_number ?? "",
      p.title,
      p.organizations ?? "",
      p.requested_amount,
      oneDecimal(p.standing.mean),
      oneDecimal(p.standing.standardDeviation),
      oneDecimal(p.standing.min),
      oneDecimal(p.standing.max),
      p.standing.count,
      p.due,
      p.standing.disagreement ? "yes" : "no",
      p.decision?.decision ?? "",
      p.decision?.amount ?? "",
      ...p.byReviewer.map((total) => (total === "excluded" ? "excluded" : total === null ? "" : oneDecimal(total))),
    ]),
  );
  return csvResponse(csv, `ranking-${board.theme.id}.csv`);
}
