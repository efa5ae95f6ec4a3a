import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { useLocale, useT } from "~/i18n/react";
import { staffThemes } from "~/models/theme-lists.server";
import { themePhase } from "~/models/theme-rules";
import { services } from "~/services.server";
import { formatDateTime } from "~/utils/japan-time";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staffThemes.title");

// Read: staff (and admins). Writes happen on the theme's own page.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const now = new Date();
  const themes = await staffThemes(services().db);
  return {
    themes: themes.map((t) => ({
      id: t.id,
      title: t.title,
      course: t.course_short_name,
      phase: themePhase(t, now),
      closesAt: t.closes_at.toISOString(),
    })),
  };
}

export default function StaffThemes() {
  const t = useT();
  const locale = useLocale();
  const { themes } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("staffThemes.title")}</h1>
      <p>
        <Link to="/staff/themes/new" className="button">
          {t("staffThemes.new")}
        </Link>{" "}
        <Link to="/staff/consultations">{t("nav.staffConsultations")}</Link>
      </p>
      {themes.length === 0 ? <p>{t("staffThemes.none")}</p> : null}
      <ul className="card-list">
        {themes.map((theme) => (
          <li key={theme.id} className="card">
            <h2>
              <Link to={`/staff/themes/${theme.id}`}>{theme.title}</Link>
            </h2>
            <p>
              <span className={`phase phase-${theme.phase}`}>{t(`theme.phase.${theme.phase}`)}</span> {theme.course}・
              {t("themes.deadline", { date: formatDateTime(theme.closesAt, locale) })}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
