import { Form, Link } from "@remix-run/react";
import { useT } from "~/i18n/react";
import {
  ACTIVITY_FIELDS,
  areaLabel,
  fieldLabel,
  kindLabel,
  NERIMA_AREAS,
  ORGANIZATION_KINDS,
} from "~/models/reference-data";

export function useReferenceOptions() {
  const t = useT();
  return {
    kinds: ORGANIZATION_KINDS.map((value) => ({ value, label: t(kindLabel(value)) })),
    areas: NERIMA_AREAS.map((value) => ({ value, label: t(areaLabel(value)) })),
    fields: ACTIVITY_FIELDS.map((value) => ({ value, label: t(fieldLabel(value)) })),
  };
}

export interface FilterValues {
  q: string;
  kind: string;
  area: string;
  field: string;
}

/** The same search form for the directory and the board: a GET form, so results can be bookmarked. */
export function FilterForm({ action, values }: { action: string; values: FilterValues }) {
  const t = useT();
  const options = useReferenceOptions();
  const selects = [
    { name: "kind", label: t("filter.kind"), options: options.kinds },
    { name: "area", label: t("filter.area"), options: options.areas },
    { name: "field", label: t("filter.field"), options: options.fields },
  ] as const;
  return (
    <Form method="get" action={action} className="filters" role="search">
      <h2 className="visually-hidden">{t("filter.title")}</h2>
      <div className="field">
        <label htmlFor="filter-q">{t("filter.keyword")}</label>
        <p className="field-hint" id="filter-q-hint">
          {t("filter.keyword.hint")}
        </p>
        <input id="filter-q" type="search" name="q" defaultValue={values.q} aria-describedby="filter-q-hint" />
      </div>
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
