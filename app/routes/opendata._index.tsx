import type { MetaFunction } from "@remix-run/node";
import { DataTable } from "~/components/data-table";
import { useLocale, useT } from "~/i18n/react";
import { DATASETS, type Dataset } from "~/models/opendata";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "opendata.title");

function DatasetDictionary({ name, dataset }: { name: string; dataset: Dataset<never> }) {
  const t = useT();
  const locale = useLocale();
  const path = `/opendata/${name}`;
  return (
    <section aria-labelledby={`${name}-dataset`}>
      <h2 id={`${name}-dataset`}>{t(dataset.title)}</h2>
      {dataset.about ? <p>{t(dataset.about)}</p> : null}
      <p>
        {t("opendata.download")}
        <a href={`${path}.csv`}>{path}.csv</a>・<a href={`${path}.json`}>{path}.json</a>
      </p>
      <DataTable columns={[t("opendata.column"), t("opendata.type"), t("opendata.meaning"), t("opendata.standard")]}>
        {dataset.columns.map((c) => (
          <tr key={c.name}>
            <td>
              <code>{c.name}</code>
            </td>
            <td>{c.type}</td>
            <td>{locale === "ja" ? c.ja : c.en}</td>
            <td>{c.standard ?? ""}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

// Read: anyone. The field dictionary of each dataset; the files are streamed by opendata.$file.tsx.
export default function OpenData() {
  const t = useT();
  return (
    <>
      <h1>{t("opendata.title")}</h1>
      <p className="lead">{t("opendata.lead")}</p>
      <p>{t("opendata.licence")}</p>
      <p>{t("opendata.format")}</p>
      <p>{t("opendata.standardNote")}</p>
      <p>{t("opendata.noPersonalData")}</p>
      {Object.entries(DATASETS).map(([name, dataset]) => (
        <DatasetDictionary key={name} name={name} dataset={dataset} />
      ))}
    </>
  );
}
