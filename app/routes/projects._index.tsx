import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { ProjectCard } from "~/components/project-card";
import { useT } from "~/i18n/react";
import { publicProjects } from "~/models/projects.server";
import { services } from "~/services.server";
import { pageCount, pageNumber } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "projects.title");

const PAGE_SIZE = 20;

// Read: anyone. Only what is public: organisations, theme, grant, milestones — no personal data.
export async function loader({ request }: LoaderFunctionArgs) {
  const page = pageNumber(new URL(request.url));
  const { rows, total } = await publicProjects(services().db, page, PAGE_SIZE);
  return {
    page,
    pages: pageCount(total, PAGE_SIZE),
    total,
    projects: rows,
  };
}

export default function Projects() {
  const t = useT();
  const { projects, page, pages, total } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("projects.title")}</h1>
      <p className="lead">{t("projects.lead")}</p>
      <p>{total ? t("projects.count", { count: total }) : t("projects.none")}</p>
      <ul className="card-list">
        {projects.map((p) => (
          <ProjectCard key={p.id} project={p} />
        ))}
      </ul>
      <Pagination page={page} pages={pages} />
    </>
  );
}
