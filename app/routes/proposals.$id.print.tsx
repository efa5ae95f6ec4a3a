import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireProposal } from "~/auth/proposal-access.server";
import { ProposalDocument } from "~/components/proposal-document";
import { useLocale, useT } from "~/i18n/react";
import { documentOf } from "~/models/proposal-submission.server";
import { formatDateTime } from "~/utils/japan-time";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "proposal.printTitle");

// Read: the team and staff. A4, black and white: ward staff and association boards print it.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { loaded } = await requireProposal(request, params.id ?? "", "readContent");
  const { proposal } = loaded;
  return {
    id: proposal.id,
    theme: proposal.theme_title,
    status: proposal.status,
    receipt: proposal.receipt_number,
    submittedAt: proposal.submitted_at?.toISOString() ?? null,
    ...documentOf(loaded),
  };
}

export default function PrintProposal() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const c = d.content;
  return (
    <article className="print-view">
      <p className="no-print">
        <Link to={`/proposals/${d.id}`}>{t("proposal.back")}</Link>
      </p>
      <h1>{c.basics.title || t("proposal.title")}</h1>
      <p>
        {t("proposal.theme", { title: d.theme })}
        <br />
        {t("proposal.statusLine", { status: t(`proposal.status.${d.status}`) })}
        {d.receipt ? `　${t("proposal.receipt", { receipt: d.receipt })}` : ""}
        {d.submittedAt ? `　${formatDateTime(d.submittedAt, locale)}` : ""}
      </p>
      <ProposalDocument content={d.content} partners={d.partners} totals={d.totals} />
    </article>
  );
}
