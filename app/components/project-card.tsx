import { Link } from "@remix-run/react";
import { ProgressBar } from "~/components/progress-bar";
import { useLocale, useT } from "~/i18n/react";
import type { ProjectCard as ProjectCardData } from "~/models/projects.server";
import { formatPlainDate } from "~/utils/japan-time";

/** A funded project in a public list (/projects, the home page). */
export function ProjectCard({ project: p, headingLevel = 2 }: { project: ProjectCardData; headingLevel?: 2 | 3 }) {
  const t = useT();
  const locale = useLocale();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <li className="card">
      <Heading>
        <Link to={`/projects/${p.id}`}>{p.title}</Link>
      </Heading>
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
  );
}
