import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getUser } from "~/auth/session.server";
import { FilterForm } from "~/components/filters";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/i18n/react";
import { searchListings } from "~/models/partners.server";
import { fieldLabel, kindLabel } from "~/models/reference-data";
import { services } from "~/services.server";
import { pageNumber } from "~/utils/http.server";
import { formatDate } from "~/utils/japan-time";
import { pageTitle } from "~/utils/meta";
import { parseFilters } from "~/web/filters.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "partners.title");

const PAGE_SIZE = 20;

// Read: anyone. No writes (posting is /partners/new).
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { filters, values } = parseFilters(url);
  const page = pageNumber(url);
  const [user, { rows, total }] = await Promise.all([
    getUser(request),
    searchListings(services().db, filters, new Date(), page, PAGE_SIZE),
  ]);
  return {
    values,
    page,
    total,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    signedIn: user !== null,
    listings: rows.map((l) => ({
      id: l.id,
      title: l.title,
      seeks: l.seeks.length > 120 ? `${l.seeks.slice(0, 120)}…` : l.seeks,
      fields: l.fields,
      endsAt: l.ends_at.toISOString(),
      organizationName: l.organization_name,
      organizationKind: l.organization_kind,
    })),
  };
}

export default function PartnerBoard() {
  const t = useT();
  const locale = useLocale();
  const { values, listings, page, pages, total, signedIn } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("partners.title")}</h1>
      <p className="lead">{t("partners.lead")}</p>
      {signedIn ? (
        <p>
          <Link to="/partners/new" className="button">
            {t("listing.post")}
          </Link>
        </p>
      ) : null}
      <FilterForm action="/partners" values={values} />
      <h2 aria-live="polite">{total > 0 ? t("filter.results", { count: total }) : t("filter.none")}</h2>
      <ul className="card-list">
        {listings.map((l) => (
          <li key={l.id} className="card">
            <h3>
              <Link to={`/partners/${l.id}`}>{l.title}</Link>
            </h3>
            <p>
              {l.organizationName}（{t(kindLabel(l.organizationKind))}）・
              {t("listing.endsOn", { date: formatDate(l.endsAt, locale) })}
            </p>
            <p>{l.seeks}</p>
            <ul className="tags" aria-label={t("filter.field")}>
              {l.fields.map((f) => (
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
