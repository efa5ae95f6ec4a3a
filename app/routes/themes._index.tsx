import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { FilterForm, useReferenceOptions } from "~/components/filters";
import { ThemeCard } from "~/components/theme-card";
import { useLocale, useT } from "~/i18n/react";
import { publicThemes } from "~/models/theme-lists.server";
import { type ThemeCard as ThemeCardData, themeCard } from "~/models/theme-rules";
import { courses } from "~/models/themes.server";
import { services } from "~/services.server";
import { pageTitle } from "~/utils/meta";
import { parseThemeFilters } from "~/web/filters.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "themes.title");

// Read: anyone. No writes.
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filters = parseThemeFilters(url);
  const now = new Date();
  const { db } = services();
  const [list, themes] = await Promise.all([courses(db), publicThemes(db, filters)]);
  const rows = themes.map((theme) => themeCard(theme, now));
  return {
    filters: { q: filters.q, course: filters.course ?? "", field: filters.field ?? "" },
    courses: list.map((c) => ({ value: c.id, ja: c.name_ja, en: c.name_en })),
    // Open ones closing soonest first; upcoming ones opening soonest first; closed ones latest first.
    open: rows.filter((r) => r.phase === "open").sort((a, b) => a.closesAt.localeCompare(b.closesAt)),
    upcoming: rows.filter((r) => r.phase === "upcoming").sort((a, b) => a.opensAt.localeCompare(b.opensAt)),
    closed: rows.filter((r) => r.phase === "closed" || r.phase === "results_released"),
  };
}

type Row = ThemeCardData;

function Section({ id, title, rows }: { id: string; title: string; rows: Row[] }) {
  const t = useT();
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>
        {title}（{rows.length}）
      </h2>
      {rows.length === 0 ? (
        <p>{t("themes.none")}</p>
      ) : (
        <ul className="card-list">
          {rows.map((row) => (
            <ThemeCard key={row.id} theme={row} />
          ))}
        </ul>
      )}
    </section>
  );
}

export default function Themes() {
  const t = useT();
  const locale = useLocale();
  const options = useReferenceOptions();
  const { filters, courses: list, open, upcoming, closed } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("themes.title")}</h1>
      <p className="lead">{t("themes.lead")}</p>
      <FilterForm
        action="/themes"
        values={filters}
        selects={[
          {
            name: "course",
            label: t("themes.course"),
            options: list.map((c) => ({ value: c.value, label: locale === "ja" ? c.ja : c.en })),
          },
          { name: "field", label: t("filter.field"), options: options.fields },
        ]}
      />
      {filters.q ? (
        <p aria-live="polite">
          {t("themes.keywordResults", { q: filters.q, count: open.length + upcoming.length + closed.length })}
        </p>
      ) : null}
      <Section id="open-heading" title={t("themes.open")} rows={open} />
      <Section id="upcoming-heading" title={t("themes.upcoming")} rows={upcoming} />
      <Section id="closed-heading" title={t("themes.closed")} rows={closed} />
    </>
  );
}
