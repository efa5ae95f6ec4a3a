import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { FilterForm, useReferenceOptions } from "~/components/filters";
import { Pagination } from "~/components/pagination";
import { ProjectCard } from "~/components/project-card";
import { useLocale, useT } from "~/i18n/react";
import { projectYears, publicProjects } from "~/models/projects.server";
import { courses } from "~/models/themes.server";
import { services } from "~/services.server";
import { pageCount, pageNumber } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { parseProjectFilters } from "~/web/filters.server";
import { PROJECT_STATUSES } from "../../db/schema";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "projects.title");

const PAGE_SIZE = 20;

// Read: anyone. Only what is public: organisations, theme, grant, milestones — no personal data.
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filters = parseProjectFilters(url);
  const page = pageNumber(url);
  const { db } = services();
  // Courses are rows, not a fixed list: one that does not exist is dropped like any unknown value.
  const list = await courses(db);
  if (!list.some((c) => c.id === filters.course)) filters.course = undefined;
  const [years, { rows, total }] = await Promise.all([projectYears(db), publicProjects(db, filters, page, PAGE_SIZE)]);
  return {
    values: {
      year: filters.year === undefined ? "" : String(filters.year),
      course: filters.course ?? "",
      field: filters.field ?? "",
      area: filters.area ?? "",
      status: filters.status ?? "",
    },
    filtered: Object.values(filters).some((f) => f !== undefined),
    // The year asked for stays a choice even when no project was funded in it.
    years: filters.year === undefined || years.includes(filters.year) ? years : [filters.year, ...years],
    courses: list.map((c) => ({ value: c.id, ja: c.name_ja, en: c.name_en })),
    page,
    pages: pageCount(total, PAGE_SIZE),
    total,
    projects: rows,
  };
}

export default function Projects() {
  const t = useT();
  const locale = useLocale();
  const options = useReferenceOptions();
  const { projects, page, pages, total, values, filtered, years, courses: list } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("projects.title")}</h1>
      <p className="lead">{t("projects.lead")}</p>
      <FilterForm
        action="/projects"
        values={values}
        keyword={false}
        selects={[
          {
            name: "year",
            label: t("projects.filter.year"),
            options: years.map((year) => ({
              value: String(year),
              label: t("projects.filter.yearOption", { year, reiwa: year - 2018 }),
            })),
          },
          {
            name: "course",
            label: t("themes.course"),
            options: list.map((c) => ({ value: c.value, label: locale === "ja" ? c.ja : c.en })),
          },
          { name: "field", label: t("filter.field"), options: options.fields },
          { name: "area", label: t("filter.area"), options: options.areas },
          {
            name: "status",
            label: t("projects.filter.status"),
            options: PROJECT_STATUSES.map((s) => ({ value: s, label: t(`project.status.${s}`) })),
          },
        ]}
      />
      <p aria-live="polite">
        {total ? t("projects.count", { count: total }) : filtered ? t("filter.none") : t("projects.none")}
      </p>
      <ul className="card-list">
        {projects.map((p) => (
          <ProjectCard key={p.id} project={p} />
        ))}
      </ul>
      <Pagination page={page} pages={pages} />
    </>
  );
}
