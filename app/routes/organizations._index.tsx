import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getUser } from "~/auth/session.server";
import { FilterForm } from "~/components/filters";
import { Pagination } from "~/components/pagination";
import { useT } from "~/i18n/react";
import { searchOrganizations } from "~/models/organizations.server";
import { fieldLabel, kindLabel } from "~/models/reference-data";
import { services } from "~/services.server";
import { pageNumber } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { parseFilters } from "~/web/filters.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "organizations.title");

const PAGE_SIZE = 20;

// Read: anyone. No writes.
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { filters, values } = parseFilters(url);
  const page = pageNumber(url);
  const [user, { rows, total }] = await Promise.all([
    getUser(request),
    searchOrganizations(services().db, filters, page, PAGE_SIZE),
  ]);
  return {
    values,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    total,
    signedIn: user !== null,
    organizations: rows.map((o) => ({
      id: o.id,
      name: o.name,
      kind: o.kind,
      fields: o.fields,
      verified: o.verification_status === "verified",
      summary: o.description.length > 120 ? `${o.description.slice(0, 120)}…` : o.description,
    })),
  };
}

export default function OrganizationDirectory() {
  const t = useT();
  const { values, organizations, page, pages, total, signedIn } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("organizations.title")}</h1>
      <p className="lead">{t("organizations.lead")}</p>
      {signedIn ? (
        <p>
          <Link to="/organizations/new">{t("org.register")}</Link>
        </p>
      ) : null}
      <FilterForm action="/organizations" values={values} />
      <h2 aria-live="polite">{total > 0 ? t("filter.results", { count: total }) : t("filter.none")}</h2>
      <ul className="card-list">
        {organizations.map((o) => (
          <li key={o.id} className="card">
            <h3>
              <Link to={`/organizations/${o.id}`}>{o.name}</Link>
            </h3>
            <p>
              {t(kindLabel(o.kind))}
              {o.verified ? <span className="badge badge-verified"> ✓ {t("org.verified")}</span> : null}
            </p>
            <p>{o.summary}</p>
            <ul className="tags" aria-label={t("filter.field")}>
              {o.fields.map((f) => (
                <li key={f}>{t(fieldLabel(f))}</li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <Pagination page={page} pages={pages} />
    </>
  );
}
