import { Link } from "@remix-run/react";
import { useLocale, useT } from "~/i18n/react";
import type { ThemeCard as ThemeCardData } from "~/models/theme-rules";
import { formatDateTime } from "~/utils/japan-time";

/** A theme in a public list (/themes, the home page): phase, course, deadline and days left, cap. */
export function ThemeCard({ theme }: { theme: ThemeCardData }) {
  const t = useT();
  const locale = useLocale();
  return (
    <li className="card">
      <h3>
        <Link to={`/themes/${theme.id}`}>{theme.title}</Link>
      </h3>
      <p>
        <span className={`phase phase-${theme.phase}`}>{t(`theme.phase.${theme.phase}`)}</span>{" "}
        {locale === "ja" ? theme.course.ja : theme.course.en}
      </p>
      <p>{theme.summary}</p>
      <p className="deadline">
        {theme.phase === "upcoming"
          ? t("themes.opens", { date: formatDateTime(theme.opensAt, locale) })
          : t("themes.deadline", { date: formatDateTime(theme.closesAt, locale) })}
        {theme.phase === "open"
          ? `（${theme.daysLeft === 0 ? t("themes.lastDay") : t("themes.daysLeft", { days: theme.daysLeft })}）`
          : ""}
      </p>
      <p>{t("themes.capPerYear", { amount: theme.capPerYear.toLocaleString("ja-JP") })}</p>
    </li>
  );
}
