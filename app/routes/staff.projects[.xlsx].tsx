import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { translator } from "~/i18n";
import { getLocale } from "~/utils/locale.server";
import { workbookResponse } from "~/web/workbook.server";
import { staffProjectRows } from "./staff.projects";

// Read: staff. The projects as the list shows them (same filters), for Excel.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const { rows } = await staffProjectRows(request);
  const t = translator(await getLocale(request));
  type Row = (typeof rows)[number];
  return workbookResponse<Row>(
    "projects.xlsx",
    t("staffProjects.title"),
    [
      { header: t("projects.title"), width: 40, value: (r) => r.title },
      { header: t("nav.themes"), width: 36, value: (r) => r.theme },
      { header: t("project.grant"), width: 14, kind: "yen", value: (r) => r.grant },
      { header: t("staffProjects.state"), width: 10, value: (r) => t(`projectState.${r.state}`) },
      { header: t("staffProjects.milestonesDone"), width: 12, kind: "count", value: (r) => r.done },
      { header: t("project.milestones"), width: 12, kind: "count", value: (r) => r.total },
    ],
    rows,
  );
}
