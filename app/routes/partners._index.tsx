import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DirectoryPage, FieldTags } from "~/components/filters";
import { useLocale, useT } from "~/i18n/react";
import { searchListings, themesForListings } from "~/models/partners.server";
import { kindLabel } from "~/models/reference-data";
import { services } from "~/services.server";
import { formatDate } from "~/utils/japan-time";
import { pageTitle } from "~/utils/meta";
import { shorten } from "~/utils/text";
import { directoryPage } from "~/web/filters.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "partners.title");

// Read: anyone. No writes (posting is /partners/new).
export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = services();
  const [{ rows, list }, themes] = await Promise.all([
    directoryPage(request, (filters, page, size) => searchListings(db, filters, new Date(), page, size)),
    themesForListings(db, new Date()),
  ]);
  return {
    ...list,
    themes: themes.map((th) => ({ value: th.id, label: th.title })),
    listings: rows.map((l) => ({
      id: l.id,
      title: l.title,
      seeks: shorten(l.seeks, 120),
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
  const { listings, themes, ...list } = useLoaderData<typeof loader>();
  return (
    <DirectoryPage
      title={t("partners.title")}
      lead={t("partners.lead")}
      action="/partners"
      add={
        <Link to="/partners/new" className="button">
          {t("listing.post")}
        </Link>
      }
      list={list}
      extraSelects={themes.length ? [{ name: "theme", label: t("filter.theme"), options: themes }] : []}
    >
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
          <FieldTags fields={l.fields} />
        </li>
      ))}
    </DirectoryPage>
  );
}
