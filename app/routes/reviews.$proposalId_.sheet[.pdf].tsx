import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireReviewer } from "~/auth/review-access.server";
import { loadProposal } from "~/models/proposals.server";
import { reviewerProposalView } from "~/models/review-view";
import { getReview, themeCriteria } from "~/models/reviews.server";
import { reviewOf } from "~/models/ward-documents.server";
import { services } from "~/services.server";
import { notFound } from "~/utils/http.server";
import { ScoreSheetPdf } from "~/web/pdf/score-sheet.server";
import { documentContext, documentFilename, pdfResponse } from "~/web/pdf-response.server";

// Read: the reviewer (or staff) assigned to the proposal's theme, without a conflict, as for the
// review page (requireReviewer; anyone else 404). Their own score sheet for the proposal, as a PDF.
// Where the theme hides names, the sheet is made from the reviewer's anonymised view and names
// nobody — no organisation, no contact, not the reviewer — in its text, metadata or file name.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const proposalId = params.proposalId ?? "";
  const { user, access, stage, anonymous } = await requireReviewer(request, proposalId);
  const { db } = services();
  const [loaded, criteria, review] = await Promise.all([
    loadProposal(db, proposalId),
    themeCriteria(db, access.themeId),
    getReview(db, proposalId, user.id, stage),
  ]);
  if (!loaded) throw notFound();
  const ctx = await documentContext(request);
  const view = reviewerProposalView(loaded, {
    anonymous,
    anonymousName: (key) => ctx.t("review.anonymous", { letter: key }),
  });
  const receipt = loaded.proposal.receipt_number;
  return pdfResponse(
    <ScoreSheetPdf
      ctx={ctx}
      theme={loaded.proposal.theme_title}
      stage={stage}
      proposal={{ receipt, title: loaded.content.basics.title, partners: view.partners }}
      anonymous={anonymous}
      reviewerName={anonymous ? null : user.name}
      criteria={criteria}
      review={review ? reviewOf(review) : null}
      issuedAt={new Date()}
    />,
    documentFilename(ctx.t("doc.sheet.filename"), receipt),
  );
}
