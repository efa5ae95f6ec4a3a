import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "~/i18n/react";
import {
  ACTIVITY_FIELDS,
  areaLabel,
  fieldLabel,
  kindLabel,
  NERIMA_AREAS,
  ORGANIZATION_KINDS,
} from "~/models/reference-data";
import { Pagination } from "./pagination";

export function useReferenceOptions() {
  const t = useT();
  return {
    kinds: ORGANIZATION_KINDS.map((value) => ({ value, label: t(kindLabel(value)) })),
    areas: NERIMA_AREAS.map((value) => ({ value, label: t(areaLabel(value)) })),
    fields: ACTIVITY_FIELDS.map((value) => ({ value, label: t(fieldLabel(value)) })),
  };
}

export interface FilterSelect {
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
}

/** The directory's and the board's choices: kind of organisation, area of the ward, field. */
export function useDirectorySelects(): FilterSelect[] {
  const t = useT();
  const options = useReferenceOptions();
  return [
    { name: "kind", label: t("filter.kind"), options: options.kinds },
    { name: "area", label: t("filter.area"), options: options.areas },
    { name: "field", label: t("filter.field"), options: options.fields },
  ];
}

/**
 * One search form for every public list: a keyword (when the list has one) and choices. A GET form,
 * so results can be bookmarked; values the server did not understand come back empty.
 */
export function FilterForm({
  action,
  values,
  selects,
  keyword = true,
}: {
  action: string;
  values: Record<string, string>;
  selects: FilterSelect[];
  keyword?: boolean;
}) {
  const t = useT();
  return (
    // Keyed by what the address asks for: after 条件をクリア or the browser's back button, the choices
    // show the list's filters, not what was left selected in the page before.
    <Form method="get" action={action} className="filters" role="search" key={JSON.stringify(values)}>
      <h2 className="visually-hidden">{t("filter.title")}</h2>
      {keyword ? (
        <div className="field">
          <label htmlFor="filter-q">{t("filter.keyword")}</label>
          <p className="field-hint" id="filter-q-hint">
            {t("filter.keyword.hint")}
          </p>
          <input id="filter-q" type="search" name="q" defaultValue={values.q} aria-describedby="filter-q-hint" />
        </div>
      ) : null}
      <div className="filter-selects">
        {selects.map((s) => (
          <div className="field" key={s.name}>
            <label htmlFor={`filter-${s.name}`}>{s.label}</label>
            <select id={`filter-${s.name}`} name={s.name} defaultValue={values[s.name]}>
              <option value="">{t("filter.any")}</option>
              {s.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      <div className="filter-actions">
        <button type="submit" className="button">
          {t("filter.submit")}
        </button>
        <Link to={action}>{t("filter.clear")}</Link>
      </div>
    </Form>
  );
}

/** How many rows the filters found, announced when it changes. */
export function ResultsHeading({ total }: { total: number }) {
  const t = useT();
  return <h2 aria-live="polite">{total > 0 ? t("filter.results", { count: total }) : t("filter.none")}</h2>;
}

/** A card's fields of activity, as tags. */
export function FieldTags({ fields }: { fields: readonly string[] }) {
  const t = useT();
  return (
    <ul className="tags" aria-label={t("filter.field")}>
      {fields.map((f) => (
        <li key={f}>{t(fieldLabel(f))}</li>
      ))}
    </ul>
  );
}

/**
 * A public directory page (organisations, the partner board): heading, what to do to be listed (for
 * someone signed in), the search form, how many were found, the cards, the pages.
 */
export function DirectoryPage({
  title,
  lead,
  action,
  add,
  list,
  extraSelects = [],
  children,
}: {
  title: string;
  lead: string;
  action: string;
  /** Choices this list has beyond kind, area and field. */
  extraSelects?: FilterSelect[];
  /** The way to add to the list, shown to someone signed in. */
  add: ReactNode;
  list: { values: Record<string, string>; total: number; page: number; pages: number; signedIn: boolean };
  children: ReactNode;
}) {
  return (
    <>
      <h1>{title}</h1>
      <p className="lead">{lead}</p>
      {list.signedIn ? <p>{add}</p> : null}
      <FilterForm action={action} values={list.values} selects={[...useDirectorySelects(), ...extraSelects]} />
      <ResultsHeading total={list.total} />
      <ul className="card-list">{children}</ul>
      <Pagination page={list.page} pages={list.pages} />
    </>
  );
}
