import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getUser } from "~/auth/session.server";
import { DataTable } from "~/components/data-table";
import { ProgressBar } from "~/components/progress-bar";
import { ProjectOutcomes } from "~/components/project-outcomes";
import { useLocale, useT } from "~/i18n/react";
import { milestonePhase, projectHeadline, publicProject } from "~/models/projects.server";
import { services } from "~/services.server";
import { notFound } from "~/utils/http.server";
import { formatPlainDate } from "~/utils/japan-time";
import { dataTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.title);

// Read: anyone. No personal data: organisations, theme, grant, milestones and the accepted final report's figures only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const [found, user] = await Promise.all([publicProject(services().db, params.id ?? ""), getUser(request)]);
  if (!found) throw notFound();
  const { project, milestones, reports, outcomes } = found;
  const now = new Date();
  return {
    ...projectHeadline(project),
    theme: { id: project.theme_id, title: project.theme_title },
    milestones: milestones.map((m) => ({
      id: m.id,
      title: m.title,
      dueOn: m.due_on,
      deliverable: m.deliverable,
      phase: milestonePhase(m, now),
    })),
    // Only what the team marked public, from approved reports.
    reports: reports.map((r) => ({
      id: r.id,
      milestone: r.milestone_title,
      excerpt: r.public_excerpt,
      photos: r.photos,
    })),
    // From the accepted final report only (null before): results per indicator and money spent.
    outcomes,
    signedIn: user !== null,
  };
}

export default function ProjectPage() {
  const t = useT();
  const locale = useLocale();
  const p = useLoaderData<typeof loader>();
  const approved = p.milestones.filter((m) => m.phase === "approved").length;
  return (
    <>
      <p>
        <Link to="/projects">{t("projects.title")}</Link>
      </p>
      <h1>{p.title}</h1>
      <p>
        <strong>{t(`project.status.${p.status}`)}</strong>
      </p>
      <p className="message">{p.summary}</p>
      <dl>
        <dt>{t("project.organizations")}</dt>
        <dd>{p.organizations}</dd>
        <dt>{t("nav.themes")}</dt>
        <dd>
          <Link to={`/themes/${p.theme.id}`}>{p.theme.title}</Link>
        </dd>
        <dt>{t("project.grant")}</dt>
        <dd>{t("theme.amount", { amount: p.grant.toLocaleString("ja-JP") })}</dd>
        {p.milestones.length ? (
          <>
            <dt>{t("project.period")}</dt>
            <dd>
              {t("project.periodValue", {
                from: formatPlainDate(p.milestones[0].dueOn, locale),
                to: formatPlainDate(p.milestones[p.milestones.length - 1].dueOn, locale),
              })}
            </dd>
          </>
        ) : null}
      </dl>
      <ProgressBar approved={approved} total={p.milestones.length} />
      {p.signedIn ? (
        <p>
          <Link to={`/projects/${p.id}/manage`}>{t("manage.link")}</Link>
        </p>
      ) : null}
      <h2>{t("project.milestones")}</h2>
      <DataTable columns={[t("project.milestone.due"), t("project.milestones"), t("project.milestone.state")]}>
        {p.milestones.map((m) => (
          <tr key={m.id}>
            <td>{formatPlainDate(m.dueOn, locale)}</td>
            <td>
              {m.title}
              {m.deliverable ? <p className="field-hint">{m.deliverable}</p> : null}
            </td>
            <td>
              <span
                className={`phase phase-${m.phase === "approved" ? "open" : m.phase === "overdue" ? "closed" : "upcoming"}`}
              >
                {m.phase === "approved" ? "✓ " : m.phase === "overdue" ? "！ " : ""}
                {t(`milestone.phase.${m.phase}`)}
              </span>
            </td>
          </tr>
        ))}
      </DataTable>
      {p.outcomes ? <ProjectOutcomes outcomes={p.outcomes} grant={p.grant} /> : null}
      {p.reports.length ? (
        <section aria-labelledby="reports-heading">
          <h2 id="reports-heading">{t("project.reports")}</h2>
          {p.reports.map((r) => (
            <article key={r.id} className="card">
              <h3>{r.milestone}</h3>
              {r.excerpt ? <p className="message">{r.excerpt}</p> : null}
              {r.photos.map((photo) => (
                <img key={photo.id} src={`/files/${photo.id}`} alt={photo.description} className="report-photo" />
              ))}
            </article>
          ))}
        </section>
      ) : null}
    </>
  );
}
