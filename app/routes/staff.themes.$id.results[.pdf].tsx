import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaffTheme } from "~/auth/theme-access.server";
import { fullRanking } from "~/models/ranking.server";
import { services } from "~/services.server";
import { notFound } from "~/utils/http.server";
import { ResultsPdf } from "~/web/pdf/results.server";
import { documentContext, documentFilename, pdfResponse } from "~/web/pdf-response.server";

// Read: staff (requireStaffTheme). The theme's results list for internal approval (決裁), as a PDF:
// the same ranking as the review page and the CSV (?stage=2 for the presentation round), with the
// decisions, amounts and the record of conflicts of interest.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { theme } = await requireStaffTheme(request, params.id ?? "");
  const stage = new URL(request.url).searchParams.get("stage") === "2" ? 2 : 1;
  const board = await fullRanking(services().db, theme.id, stage);
  if (!board) throw notFound();
  const ctx = await documentContext(request);
  return pdfResponse(
    <ResultsPdf ctx={ctx} board={board} stage={stage} issuedAt={new Date()} />,
    documentFilename(ctx.t("doc.results.filename"), theme.title),
  );
}
