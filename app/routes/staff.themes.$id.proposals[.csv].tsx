import type { LoaderFunctionArgs } from "@remix-run/node";
import * as v from "valibot";
import { requireRole } from "~/auth/session.server";
import { translator } from "~/i18n";
import { proposalsForTheme } from "~/models/proposal-lists.server";
import { getTheme } from "~/models/themes.server";
import { services } from "~/services.server";
import { toCsv } from "~/utils/csv";
import { csvResponse, notFound } from "~/utils/http.server";
import { getLocale } from "~/utils/locale.server";
import { PROPOSAL_STATUSES } from "../../db/schema";

// Read: staff.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const { db } = services();
  const theme = await getTheme(db, params.id ?? "");
  if (!theme) throw notFound();
  const status = v.parse(
    v.fallback(v.optional(v.picklist(PROPOSAL_STATUSES)), undefined),
    new URL(request.url).searchParams.get("status") || undefined,
  );
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
      p.submitted_at?.toISOString() ?? "",
    ]),
  );
  return csvResponse(csv, `proposals-${theme.id}.csv`);
}
