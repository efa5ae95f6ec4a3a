import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { translator } from "~/i18n";
import type { ProgrammeCell, Rate } from "~/models/programme-stats.server";
import { getLocale } from "~/utils/locale.server";
import { workbookResponse } from "~/web/workbook.server";
import { programmeStatsFor } from "./staff.stats";

/** Excel reads a percentage as a fraction of one. */
const fraction = (rate: Rate) => (rate === null ? null : rate / 100);

// Read: staff (admins too). The figures of /staff/stats for every fiscal year, newest first: a row
// per course and one for every course together (or the chosen course alone), for Excel.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const { stats, course } = await programmeStatsFor(request);
  const locale = await getLocale(request);
  const t = translator(locale);
  const courseIds = course ? [course] : [...stats.courses.map((c) => c.id), null];
  const courseName = (id: string | null) => {
    const found = stats.courses.find((c) => c.id === id);
    if (!found) return t("staffStats.allCourses");
    return locale === "ja" ? found.nameJa : found.nameEn;
  };
  const rows = [...stats.years]
    .reverse()
    .flatMap((year) => courseIds.map((id) => stats.cells.find((c) => c.year === year && c.courseId === id)))
    .filter((c): c is ProgrammeCell => c !== undefined);
  return workbookResponse<ProgrammeCell>(
    "programme-stats.xlsx",
    t("staffStats.sheet"),
    [
      {
        header: t("staffStats.year"),
        width: 24,
        value: (c) => t("projects.filter.yearOption", { year: c.year, reiwa: c.year - 2018 }),
      },
      { header: t("themes.course"), width: 20, value: (c) => courseName(c.courseId) },
      { header: t("staffStats.themes"), width: 10, kind: "count", value: (c) => c.themes },
      { header: t("staffStats.proposals"), width: 10, kind: "count", value: (c) => c.proposals },
      { header: t("staffStats.association"), width: 14, kind: "count", value: (c) => c.withAssociation },
      {
        header: t("staffStats.associationRate"),
        width: 14,
        kind: "percent",
        value: (c) => fraction(c.associationRate),
      },
      { header: t("staffStats.reservedSlots"), width: 10, kind: "count", value: (c) => c.reservedSlots },
      { header: t("staffStats.reservedFilled"), width: 12, kind: "count", value: (c) => c.reservedFilled },
      { header: t("staffStats.funded"), width: 10, kind: "count", value: (c) => c.funded },
      { header: t("staffStats.fundedAmount"), width: 16, kind: "yen", value: (c) => c.fundedAmount },
      { header: t("staffStats.plannedAmountLong"), width: 22, kind: "yen", value: (c) => c.plannedAmount },
      { header: t("staffStats.budgetRate"), width: 14, kind: "percent", value: (c) => fraction(c.budgetRate) },
      { header: t("staffStats.projects"), width: 10, kind: "count", value: (c) => c.projects },
      { header: t("staffStats.completedCount"), width: 10, kind: "count", value: (c) => c.completed },
      { header: t("staffStats.completionRate"), width: 10, kind: "percent", value: (c) => fraction(c.completionRate) },
      { header: t("staffStats.overdueCount"), width: 10, kind: "count", value: (c) => c.overdue },
      { header: t("staffStats.overdueRate"), width: 12, kind: "percent", value: (c) => fraction(c.overdueRate) },
      { header: t("staffStats.applicants"), width: 10, kind: "count", value: (c) => c.applicants },
      { header: t("staffStats.returning"), width: 12, kind: "count", value: (c) => c.returning },
      { header: t("staffStats.returningRate"), width: 12, kind: "percent", value: (c) => fraction(c.returningRate) },
    ],
    rows,
  );
}
