import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { requireRole } from "~/auth/session.server";
import { BarChart } from "~/components/bar-chart";
import { DataTable } from "~/components/data-table";
import type { Translate } from "~/i18n";
import { useLocale, useT } from "~/i18n/react";
import { type ProgrammeCell, programmeStats, statsCell } from "~/models/programme-stats.server";
import { services } from "~/services.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staffStats.title");

/** How many fiscal years the charts compare, the one chosen and those before it. */
const YEARS_COMPARED = 5;

// Unknown values are dropped rather than refused: an old bookmark still shows the figures.
const filterSchema = v.object({
  year: v.fallback(v.optional(v.pipe(v.string(), v.regex(/^\d{4}$/), v.transform(Number))), undefined),
  course: v.fallback(v.optional(v.pipe(v.string(), v.maxLength(50))), undefined),
});

/**
 * The figures and the year and course asked for (`?year=2026&course=collabo`): a year without data
 * gives the current one, an unknown course every course. Shared with the Excel file.
 */
export async function programmeStatsFor(request: Request) {
  const url = new URL(request.url);
  const asked = v.parse(filterSchema, {
    year: url.searchParams.get("year") || undefined,
    course: url.searchParams.get("course") || undefined,
  });
  const stats = await programmeStats(services().db, new Date());
  const year = asked.year !== undefined && stats.years.includes(asked.year) ? asked.year : stats.currentYear;
  const course = stats.courses.find((c) => c.id === asked.course)?.id ?? null;
  return { stats, year, course };
}

// Read: staff (admins too). No writes.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const { stats, year, course } = await programmeStatsFor(request);
  const compared = stats.years.filter((y) => y <= year).slice(-YEARS_COMPARED);
  return {
    year,
    course: course ?? "",
    years: [...stats.years].reverse(),
    courses: stats.courses,
    // The chosen year, a column per course and one for them all (or the chosen course alone).
    columns: (course ? [course] : [...stats.courses.map((c) => c.id), null]).map((c) => statsCell(stats, year, c)),
    series: compared.map((y) => statsCell(stats, y, course)),
    query: new URL(request.url).search,
  };
}

const yen = (amount: number) => amount.toLocaleString("ja-JP");

function percent(t: Translate, value: number | null) {
  return value === null ? t("staffStats.noRate") : t("staffStats.percent", { rate: value.toFixed(1) });
}

/** Each figure of the table: its heading and how a cell shows it. */
function figureRows(t: Translate): { key: string; label: string; show: (c: ProgrammeCell) => string }[] {
  return [
    { key: "themes", label: t("staffStats.themes"), show: (c) => t("staffStats.count", { count: c.themes }) },
    { key: "proposals", label: t("staffStats.proposals"), show: (c) => t("staffStats.count", { count: c.proposals }) },
    {
      key: "association",
      label: t("staffStats.association"),
      show: (c) => t("staffStats.countRate", { count: c.withAssociation, rate: percent(t, c.associationRate) }),
    },
    {
      key: "reserved",
      label: t("staffStats.reserved"),
      show: (c) =>
        c.reservedSlots
          ? t("staffStats.reservedValue", { filled: c.reservedFilled, slots: c.reservedSlots })
          : t("staffStats.reservedNone"),
    },
    { key: "funded", label: t("staffStats.funded"), show: (c) => t("staffStats.count", { count: c.funded }) },
    {
      key: "fundedAmount",
      label: t("staffStats.fundedAmount"),
      show: (c) => t("theme.amount", { amount: yen(c.fundedAmount) }),
    },
    {
      key: "plannedAmount",
      label: t("staffStats.plannedAmountLong"),
      show: (c) => t("theme.amount", { amount: yen(c.plannedAmount) }),
    },
    { key: "budgetRate", label: t("staffStats.budgetRate"), show: (c) => percent(t, c.budgetRate) },
    { key: "projects", label: t("staffStats.projects"), show: (c) => t("staffStats.count", { count: c.projects }) },
    {
      key: "completed",
      label: t("staffStats.completed"),
      show: (c) =>
        t("staffStats.ofProjects", { rate: percent(t, c.completionRate), count: c.completed, of: c.projects }),
    },
    {
      key: "overdue",
      label: t("staffStats.overdue"),
      show: (c) => t("staffStats.ofProjects", { rate: percent(t, c.overdueRate), count: c.overdue, of: c.projects }),
    },
    {
      key: "applicants",
      label: t("staffStats.applicants"),
      show: (c) => t("staffStats.organizations", { count: c.applicants }),
    },
    {
      key: "returning",
      label: t("staffStats.returning"),
      show: (c) => t("staffStats.organizationsRate", { count: c.returning, rate: percent(t, c.returningRate) }),
    },
  ];
}

/** A chart over the years compared and, below it, the same figures as a table. */
function YearChart({
  id,
  title,
  series,
  rows,
  max,
}: {
  id: string;
  title: string;
  series: string[];
  rows: { year: string; values: { value: number; text: string }[] }[];
  max?: number;
}) {
  const t = useT();
  const description = rows
    .map((r) =>
      t("staffStats.chartYear", {
        year: r.year,
        figures: r.values.map((v, i) => `${series[i]} ${v.text}`).join(t("staffStats.separator")),
      }),
    )
    .join(" ");
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{title}</h3>
      <BarChart
        id={id}
        title={title}
        description={description}
        series={series}
        groups={rows.map((r) => ({ label: r.year, values: r.values }))}
        max={max}
      />
      <DataTable columns={[t("staffStats.year"), ...series]}>
        {rows.map((r) => (
          <tr key={r.year}>
            <th scope="row">{r.year}</th>
            {r.values.map((v, i) => (
              <td key={series[i]} className="amount">
                {v.text}
              </td>
            ))}
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

export default function StaffStats() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const courseName = (id: string | null) => {
    const course = d.courses.find((c) => c.id === id);
    if (!course) return t("staffStats.allCourses");
    return locale === "ja" ? course.nameJa : course.nameEn;
  };
  const yearLabel = (year: number) => t("projects.filter.yearOption", { year, reiwa: year - 2018 });
  const shortYear = (year: number) => t("staffStats.yearShort", { year, reiwa: year - 2018 });
  const rows = figureRows(t);
  const count = (n: number) => t("staffStats.count", { count: n });
  return (
    <>
      <h1>{t("staffStats.title")}</h1>
      <p className="lead">{t("staffStats.lead")}</p>
      <Form method="get" className="filters" key={`${d.year}|${d.course}`}>
        <h2 className="visually-hidden">{t("filter.title")}</h2>
        <div className="filter-selects">
          <div className="field">
            <label htmlFor="stats-year">{t("staffStats.year")}</label>
            <select id="stats-year" name="year" defaultValue={String(d.year)}>
              {d.years.map((y) => (
                <option key={y} value={y}>
                  {yearLabel(y)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="stats-course">{t("themes.course")}</label>
            <select id="stats-course" name="course" defaultValue={d.course}>
              <option value="">{t("staffStats.allCourses")}</option>
              {d.courses.map((c) => (
                <option key={c.id} value={c.id}>
                  {locale === "ja" ? c.nameJa : c.nameEn}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit" className="button">
          {t("staffStats.show")}
        </button>
      </Form>
      <p>
        <a href={`/staff/stats.xlsx${d.query}`} download>
          {t("staffStats.xlsx")}
        </a>
      </p>

      <h2>{t("staffStats.yearHeading", { year: yearLabel(d.year), course: courseName(d.course || null) })}</h2>
      <DataTable columns={[t("staffStats.figure"), ...d.columns.map((c) => courseName(c.courseId))]}>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.label}</th>
            {d.columns.map((c) => (
              <td key={c.courseId ?? "all"} className="amount">
                {row.show(c)}
              </td>
            ))}
          </tr>
        ))}
      </DataTable>

      <h2>{t("staffStats.compare", { course: courseName(d.course || null) })}</h2>
      <YearChart
        id="chart-proposals"
        title={t("staffStats.chartProposals")}
        series={[t("staffStats.proposals"), t("staffStats.association"), t("staffStats.funded")]}
        rows={d.series.map((c) => ({
          year: shortYear(c.year),
          values: [
            { value: c.proposals, text: count(c.proposals) },
            { value: c.withAssociation, text: count(c.withAssociation) },
            { value: c.funded, text: count(c.funded) },
          ],
        }))}
      />
      <YearChart
        id="chart-amounts"
        title={t("staffStats.chartAmounts")}
        series={[t("staffStats.fundedAmount"), t("staffStats.plannedAmount")]}
        rows={d.series.map((c) => ({
          year: shortYear(c.year),
          values: [
            { value: c.fundedAmount, text: t("theme.amount", { amount: yen(c.fundedAmount) }) },
            { value: c.plannedAmount, text: t("theme.amount", { amount: yen(c.plannedAmount) }) },
          ],
        }))}
      />
      <YearChart
        id="chart-projects"
        title={t("staffStats.chartProjects")}
        series={[t("staffStats.completionRate"), t("staffStats.overdueRate")]}
        max={100}
        rows={d.series.map((c) => ({
          year: shortYear(c.year),
          values: [
            { value: c.completionRate ?? 0, text: percent(t, c.completionRate) },
            { value: c.overdueRate ?? 0, text: percent(t, c.overdueRate) },
          ],
        }))}
      />

      <h2>{t("staffStats.howHeading")}</h2>
      <ul>
        <li>{t("staffStats.how.year")}</li>
        <li>{t("staffStats.how.themes")}</li>
        <li>{t("staffStats.how.proposals")}</li>
        <li>{t("staffStats.how.reserved")}</li>
        <li>{t("staffStats.how.budget")}</li>
        <li>{t("staffStats.how.projects")}</li>
        <li>{t("staffStats.how.returning")}</li>
      </ul>
      <p>
        <Link to="/staff">{t("nav.staffHome")}</Link>
      </p>
    </>
  );
}
