import type { MetaFunction } from "@remix-run/node";
import { DataTable } from "~/components/data-table";
import { useLocale, useT } from "~/i18n/react";
import { type Column, PROJECT_COLUMNS, THEME_COLUMNS } from "~/models/opendata";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "opendata.title");

function Dataset({ id, title, columns, path }: { id: string; title: string; columns: Column[]; path: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p>
        {t("opendata.download")}
        <a href={`${path}.csv`}>{path}.csv</a>・<a href={`${path}.json`}>{path}.json</a>
      </p>
      <DataTable columns={[t("opendata.column"), t("opendata.type"), t("opendata.meaning")]}>
        {columns.map((c) => (
          <tr key={c.name}>
            <td>
              <code>{c.name}</code>
            </td>
            <td>{c.type}</td>
            <td>{locale === "ja" ? c.ja : c.en}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

// Read: anyone. The documentation of each dataset; the files are streamed by their own routes.
export default function OpenData() {
  const t = useT();
  return (
    <>
      <h1>{t("opendata.title")}</h1>
      <p className="lead">{t("opendata.lead")}</p>
      <p>{t("opendata.licence")}</p>
      <p>{t("opendata.format")}</p>
      <Dataset id="themes-dataset" title={t("opendata.themes")} columns={THEME_COLUMNS} path="/opendata/themes" />
      <Dataset
        id="projects-dataset"
        title={t("opendata.projects")}
        columns={PROJECT_COLUMNS}
        path="/opendata/projects"
      />
    </>
  );
}
