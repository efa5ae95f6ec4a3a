import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { ProgressBar } from "~/components/progress-bar";
import { useLocale, useT } from "~/i18n/react";
import { publicProjects } from "~/models/projects.server";
import { services } from "~/services.server";
import { pageNumber } from "~/utils/http.server";
import { formatPlainDate } from "~/utils/japan-time";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "projects.title");

const PAGE_SIZE = 20;

// Read: anyone. Only what is public: organisations, theme, grant, milestones — no personal data.
export async function loader({ request }: LoaderFunctionArgs) {
  const page = pageNumber(new URL(request.url));
  const { rows, total } = await publicProjects(services().db, page, PAGE_SIZE);
  return {
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    total,
    projects: rows.map((p) => ({
      id: p.id,
      title: p.title,
      summary: p.summary,
      grant: p.grant_amount,
      status: p.status,
      theme: p.theme_title,
      course: { ja: p.course_name_ja, en: p.course_name_en },
      organizations: p.organizations ?? "",
      milestones: p.milestones,
      approved: p.approved,
      startsOn: p.starts_on,
      endsOn: p.ends_on,
    })),
  };
}

export default function Projects() {
  const t = useT();
  const locale = useLocale();
  const { projects, page, pages, total } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("projects.title")}</h1>
      <p className="lead">{t("projects.lead")}</p>
      <p>{total ? t("projects.count", { count: total }) : t("projects.none")}</p>
      <ul className="card-list">
        {projects.map((p) => (
          <li key={p.id} className="card">
            <h2>
              <Link to={`/projects/${p.id}`}>{p.title}</Link>
            </h2>
            <p>
              {p.organizations}・{locale === "ja" ? p.course.ja : p.course.en}
            </p>
            <p>{t("project.theme", { title: p.theme })}</p>
            <p>
              {t("project.grant")}：{t("theme.amount", { amount: p.grant.toLocaleString("ja-JP") })}
              {p.startsOn && p.endsOn
                ? `・${t("project.periodValue", { from: formatPlainDate(p.startsOn, locale), to: formatPlainDate(p.endsOn, locale) })}`
                : ""}
            </p>
            <ProgressBar approved={p.approved} total={p.milestones} />
          </li>
        ))}
      </ul>
      <Pagination page={page} pages={pages} />
    </>
  );
}
