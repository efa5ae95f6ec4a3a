import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaffTheme } from "~/auth/theme-access.server";
import { translator } from "~/i18n";
import { proposalsForTheme } from "~/models/proposal-lists.server";
import { services } from "~/services.server";
import { getLocale } from "~/utils/locale.server";
import { proposalStatusParam } from "~/web/filters.server";
import { workbookResponse } from "~/web/workbook.server";

// Read: staff. The theme's proposals as the list page shows them (same ?status=), for Excel.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { theme } = await requireStaffTheme(request, params.id ?? "");
  const { list } = await proposalsForTheme(services().db, theme.id, {
    status: proposalStatusParam(new URL(request.url)),
  });
  const t = translator(await getLocale(request));
  type Row = (typeof list)[number];
  return workbookResponse<Row>(
    `proposals-${theme.id}.xlsx`,
    t("staffTheme.proposals"),
    [
      { header: t("staffProposals.receipt"), width: 14, value: (p) => p.receipt_number },
      { header: t("staffProposals.proposal"), width: 40, value: (p) => p.title },
      { header: t("staffProposals.status"), width: 12, value: (p) => t(`proposal.status.${p.status}`) },
      { header: t("staffProposals.organizations"), width: 40, value: (p) => p.organizations ?? p.lead_name },
      { header: t("staffProposals.requested"), width: 14, kind: "yen", value: (p) => p.requested_amount },
      { header: t("staffProposals.submittedAt"), width: 18, kind: "time", value: (p) => p.submitted_at },
    ],
    list,
  );
}
