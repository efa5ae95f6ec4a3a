import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaffTheme } from "~/auth/theme-access.server";
import { translator } from "~/i18n";
import { proposalsForTheme } from "~/models/proposal-lists.server";
import { services } from "~/services.server";
import { toCsv } from "~/utils/csv";
import { csvResponse } from "~/utils/http.server";
import { tokyoSpreadsheetTime } from "~/utils/japan-time";
import { getLocale } from "~/utils/locale.server";
import { proposalStatusParam } from "~/web/filters.server";

// Read: staff.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { theme } = await requireStaffTheme(request, params.id ?? "");
  const { db } = services();
  const status = proposalStatusParam(new URL(request.url));
  const { list } = await proposalsForTheme(db, theme.id, { status });
  const t = translator(await getLocale(request));
  const csv = toCsv(
    ["receipt_number", "title", "status", "organizations", "requested_amount", "submitted_at"],
    list.map((p) => [
      p.receipt_number ?? "",
      p.title,
      t(`proposal.status.${p.status}`),
      p.organizations ?? p.lead_name,
      p.requested_amount,
      p.submitted_at ? tokyoSpreadsheetTime(p.submitted_at) : "",
    ]),
  );
  return csvResponse(csv, `proposals-${theme.id}.csv`);
}
