import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireProject } from "~/auth/project-access.server";
import { completionReport } from "~/models/ward-documents.server";
import { services } from "~/services.server";
import { notFound } from "~/utils/http.server";
import { CompletionReportPdf } from "~/web/pdf/completion-report.server";
import { documentContext, documentFilename, pdfResponse } from "~/web/pdf-response.server";

// Read: the project's team and staff (requireProject; anyone else 404), once staff have accepted
// the final report (404 before). The completion report (実績報告書) with its settlement, as a PDF;
// it holds the self-evaluation, which the public page never shows.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireProject(request, params.id ?? "");
  const report = await completionReport(services().db, params.id ?? "");
  if (!report) throw notFound();
  const ctx = await documentContext(request);
  return pdfResponse(
    <CompletionReportPdf ctx={ctx} report={report} issuedAt={new Date()} />,
    documentFilename(ctx.t("doc.report.filename"), report.title),
  );
}
