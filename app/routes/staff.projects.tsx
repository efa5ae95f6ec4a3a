import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { requireRole } from "~/auth/session.server";
import { DataTable } from "~/components/data-table";
import { Pagination } from "~/components/pagination";
import { useT } from "~/i18n/react";
import { staffProjectList } from "~/models/project-oversight.server";
import { courses } from "~/models/themes.server";
import { services } from "~/services.server";
import { pageNumber } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staffProjects.title");

const STATES = ["on_track", "at_risk", "overdue", "completed"] as const;
/** Fifty projects a page: the ward funds dozens a year, and the list stays one query whatever the years. */
const PAGE_SIZE = 50;

/**
 * The list's filters from the address, and the projects they keep (filtered in the database): one
 * page of them for the page, every one for the exports (`paged` false).
 */
export async function staffProjectRows(request: Request, paged = false) {
  const url = new URL(request.url);
  const filters = v.parse(
    v.object({
      theme: v.fallback(v.optional(v.pipe(v.string(), v.uuid())), undefined),
      course: v.fallback(v.optional(v.pipe(v.string(), v.maxLength(50))), undefined),
      state: v.fallback(v.optional(v.picklist(STATES)), undefined),
      waiting: v.fallback(v.optional(v.literal("reports")), undefined),
    }),
    {
      theme: url.searchParams.get("theme") || undefined,
      course: url.searchParams.get("course") || undefined,
      state: url.searchParams.get("state") || undefined,
      waiting: url.searchParams.get("waiting") || undefined,
    },
  );
  const page = pageNumber(url);
  const list = await staffProjectList(
    services().db,
    { themeId: filters.theme, courseId: filters.course, state: filters.state, waiting: filters.waiting === "reports" },
    new Date(),
    paged ? { page, pageSize: PAGE_SIZE } : null,
  );
  const rows = list.rows.map((p) => ({
    id: p.id,
    title: p.title,
    theme: p.theme_title,
    themeId: p.theme_id,
    course: p.course_id,
    grant: p.grant_amount,
    state: p.state,
    done: p.done,
    total: p.total,
  }));
  return { filters, rows, page, pages: Math.max(1, Math.ceil((list.total ?? rows.length) / PAGE_SIZE)) };
}

// Read: staff.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const [{ filters, rows, page, pages }, list] = await Promise.all([
    staffProjectRows(request, true),
    courses(services().db),
  ]);
  return {
    filters: {
      course: filters.course ?? "",
      state: filters.state ?? "",
      theme: filters.theme ?? "",
      waiting: filters.waiting ?? "",
    },
    courses: list.map((c) => ({ value: c.id, label: c.name_ja })),
    rows,
    page,
    pages,
    query: new URL(request.url).search,
  };
}

export default function StaffProjects() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("staffProjects.title")}</h1>
      <Form method="get" className="filters">
        <div className="filter-selects">
          <div className="field">
            <label htmlFor="filter-course">{t("themes.course")}</label>
            <select id="filter-course" name="course" defaultValue={d.filters.course}>
              <option value="">{t("filter.any")}</option>
              {d.courses.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-state">{t("staffProjects.state")}</label>
            <select id="filter-state" name="state" defaultValue={d.filters.state}>
              <option value="">{t("filter.any")}</option>
              {STATES.map((s) => (
                <option key={s} value={s}>
                  {t(`projectState.${s}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        {d.filters.theme ? <input type="hidden" name="theme" value={d.filters.theme} /> : null}
        {d.filters.waiting ? <input type="hidden" name="waiting" value={d.filters.waiting} /> : null}
        <button type="submit" className="button">
          {t("filter.submit")}
        </button>
      </Form>
      {d.filters.waiting ? (
        <p className="notice">
          {t("staffProjects.waitingOnly")} <Link to="/staff/projects">{t("filter.clear")}</Link>
        </p>
      ) : null}
      <p>
        <a href={`/staff/projects.csv${d.query}`} download>
          {t("staffProjects.csv")}
        </a>
        {"　"}
        <a href={`/staff/projects.xlsx${d.query}`} download>
          {t("staffProjects.xlsx")}
        </a>
      </p>
      <DataTable
        columns={[
          t("projects.title"),
          t("nav.themes"),
          t("project.grant"),
          t("staffProjects.state"),
          t("project.milestones"),
        ]}
      >
        {d.rows.map((r) => (
          <tr key={r.id}>
            <td>
              <Link to={`/projects/${r.id}/manage`}>{r.title}</Link>
            </td>
            <td>
              <Link to={`?theme=${r.themeId}`}>{r.theme}</Link>
            </td>
            <td className="amount">{t("theme.amount", { amount: r.grant.toLocaleString("ja-JP") })}</td>
            <td>
              <strong>{t(`projectState.${r.state}`)}</strong>
            </td>
            <td>
              {r.done} / {r.total}
            </td>
          </tr>
        ))}
      </DataTable>
      <Pagination page={d.page} pages={d.pages} />
    </>
  );
}
