import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireProposal } from "~/auth/proposal-access.server";
import { releasedNotice } from "~/models/ward-documents.server";
import { services } from "~/services.server";
import { notFound } from "~/utils/http.server";
import { NoticePdf } from "~/web/pdf/notice.server";
import { documentContext, documentFilename, pdfResponse } from "~/web/pdf-response.server";

// Read: the team and staff (readContent; anyone else 404), once the theme's results are released
// (404 before: nobody learns a decision early). The 採択 or 不採択 notice, as a PDF.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { loaded } = await requireProposal(request, params.id ?? "", "readContent");
  const notice = await releasedNotice(services().db, loaded.proposal.id);
  if (!notice) throw notFound();
  const ctx = await documentContext(request);
  const name = ctx.t(notice.decision === "funded" ? "doc.notice.filenameFunded" : "doc.notice.filenameNotFunded");
  return pdfResponse(
    <NoticePdf ctx={ctx} notice={notice} />,
    documentFilename(name, notice.receipt_number ?? notice.title),
  );
}
