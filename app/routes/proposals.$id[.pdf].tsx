import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireProposal } from "~/auth/proposal-access.server";
import { courseName, representativeNames } from "~/models/ward-documents.server";
import { services } from "~/services.server";
import { ProposalPdf } from "~/web/pdf/proposal.server";
import { documentContext, documentFilename, pdfResponse } from "~/web/pdf-response.server";

// Read: the team and staff (readContent; anyone else 404). The proposal in the ward's
// application-form layout, as a PDF: what the print view shows, for filing and for the committee.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { loaded } = await requireProposal(request, params.id ?? "", "readContent");
  const { db } = services();
  const ctx = await documentContext(request);
  const [representatives, course] = await Promise.all([
    representativeNames(db, loaded.proposal.lead_organization_id),
    courseName(db, loaded.proposal.theme_id),
  ]);
  const document = (
    <ProposalPdf
      ctx={ctx}
      loaded={loaded}
      representatives={representatives}
      course={(ctx.locale === "en" ? course?.name_en : course?.name_ja) ?? ""}
      issuedAt={new Date()}
    />
  );
  const { proposal } = loaded;
  return pdfResponse(
    document,
    documentFilename(ctx.t("doc.proposal.filename"), proposal.receipt_number ?? proposal.title),
  );
}
