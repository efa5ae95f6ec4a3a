import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ProjectCard } from "~/components/project-card";
import { ThemeCard } from "~/components/theme-card";
import { useT } from "~/i18n/react";
import { latestProjects } from "~/models/projects.server";
import { openAndUpcomingThemes } from "~/models/theme-lists.server";
import { themeCard } from "~/models/theme-rules";
import { services } from "~/services.server";

/** Enough for the home page; the full lists are one link away. */
const SHOWN = { open: 6, upcoming: 3, projects: 3 };

// Read: anyone. No writes. Two queries.
export async function loader(_args: LoaderFunctionArgs) {
  const { db } = services();
  const now = new Date();
  const [themes, projects] = await Promise.all([
    openAndUpcomingThemes(db, now, 30),
    latestProjects(db, SHOWN.projects),
  ]);
  const cards = themes.map((theme) => themeCard(theme, now));
  return {
    open: cards.filter((c) => c.phase === "open").slice(0, SHOWN.open),
    upcoming: cards.filter((c) => c.phase === "upcoming").slice(0, SHOWN.upcoming),
    projects,
  };
}

export default function Home() {
  const t = useT();
  const { open, upcoming, projects } = useLoaderData<typeof loader>();
  return (
    <div className="home">
      <h1>{t("home.title")}</h1>
      <p className="lead">{t("home.lead")}</p>

      <section aria-labelledby="home-open">
        <h2 id="home-open">{t("home.open")}</h2>
        {open.length === 0 ? (
          <p>{t("home.noOpen")}</p>
        ) : (
          <ul className="card-list">
            {open.map((theme) => (
              <ThemeCard key={theme.id} theme={theme} />
            ))}
          </ul>
        )}
        <p>
          <Link to="/themes">{t("home.allThemes")}</Link>
        </p>
      </section>

      {upcoming.length > 0 ? (
        <section aria-labelledby="home-upcoming">
          <h2 id="home-upcoming">{t("home.upcoming")}</h2>
          <ul className="card-list">
            {upcoming.map((theme) => (
              <ThemeCard key={theme.id} theme={theme} />
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="home-steps">
        <h2 id="home-steps">{t("home.steps")}</h2>
        <ol className="steps">
          <li>
            <strong>{t("home.step1.title")}</strong>
            <br />
            {t("home.step1.text")} <Link to="/signup">{t("nav.signup")}</Link>
          </li>
          <li>
            <strong>{t("home.step2.title")}</strong>
            <br />
            {t("home.step2.text")} <Link to="/partners">{t("nav.partners")}</Link>
          </li>
          <li>
            <strong>{t("home.step3.title")}</strong>
            <br />
            {t("home.step3.text")} <Link to="/help">{t("footer.help")}</Link>
          </li>
        </ol>
      </section>

      <section aria-labelledby="home-projects">
        <h2 id="home-projects">{t("home.projects")}</h2>
        {projects.length === 0 ? (
          <p>{t("projects.none")}</p>
        ) : (
          <ul className="card-list">
            {projects.map((project) => (
              <ProjectCard key={project.id} project={project} headingLevel={3} />
            ))}
          </ul>
        )}
        <p>
          <Link to="/projects">{t("home.allProjects")}</Link>
        </p>
      </section>
    </div>
  );
}
