import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaffTheme } from "~/auth/theme-access.server";
import { loadProposal } from "~/models/proposals.server";
import { reviewerProposalView } from "~/models/review-view";
import { themeCriteria } from "~/models/reviews.server";
import { reviewerSheet } from "~/models/ward-documents.server";
import { services } from "~/services.server";
import { notFound } from "~/utils/http.server";
import { ScoreSheetPdf } from "~/web/pdf/score-sheet.server";
import { documentContext, documentFilename, pdfResponse } from "~/web/pdf-response.server";

// Read: staff (requireStaffTheme). One reviewer's score sheet (?reviewer=…) for a proposal of the
// theme in the URL, in a round (?stage=2 for the presentation round), as a PDF for the committee's
// file: 404 for a proposal of another theme or someone not on the theme's panel.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { theme } = await requireStaffTheme(request, params.id ?? "");
  const url = new URL(request.url);
  const stage = url.searchParams.get("stage") === "2" ? 2 : 1;
  const proposalId = params.proposalId ?? "";
  const { db } = services();
  const [sheet, loaded, criteria] = await Promise.all([
    reviewerSheet(db, { themeId: theme.id, proposalId, reviewerId: url.searchParams.get("reviewer") ?? "", stage }),
    loadProposal(db, proposalId),
    themeCriteria(db, theme.id),
  ]);
  if (!sheet || !loaded) throw notFound();
  const ctx = await documentContext(request);
  const view = reviewerProposalView(loaded, { anonymous: false, anonymousName: (key) => key });
  const receipt = loaded.proposal.receipt_number;
  return pdfResponse(
    <ScoreSheetPdf
      ctx={ctx}
      theme={theme.title}
      stage={stage}
      proposal={{ receipt, title: loaded.content.basics.title, partners: view.partners }}
      anonymous={false}
      reviewerName={sheet.reviewerName}
      criteria={criteria}
      review={sheet.review}
      issuedAt={new Date()}
    />,
    documentFilename(ctx.t("doc.sheet.filename"), receipt, sheet.reviewerName),
  );
}
