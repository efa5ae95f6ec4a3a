import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DirectoryPage, FieldTags } from "~/components/filters";
import { useT } from "~/i18n/react";
import { searchOrganizations } from "~/models/organizations.server";
import { kindLabel } from "~/models/reference-data";
import { services } from "~/services.server";
import { pageTitle } from "~/utils/meta";
import { shorten } from "~/utils/text";
import { directoryPage } from "~/web/filters.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "organizations.title");

// Read: anyone. No writes.
export async function loader({ request }: LoaderFunctionArgs) {
  const { rows, list } = await directoryPage(request, (filters, page, size) =>
    searchOrganizations(services().db, filters, page, size),
  );
  return {
    ...list,
    organizations: rows.map((o) => ({
      id: o.id,
      name: o.name,
      kind: o.kind,
      fields: o.fields,
      verified: o.verification_status === "verified",
      summary: shorten(o.description, 120),
    })),
  };
}

export default function OrganizationDirectory() {
  const t = useT();
  const { organizations, ...list } = useLoaderData<typeof loader>();
  return (
    <DirectoryPage
      title={t("organizations.title")}
      lead={t("organizations.lead")}
      action="/organizations"
      add={<Link to="/organizations/new">{t("org.register")}</Link>}
      list={list}
    >
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
          <FieldTags fields={o.fields} />
        </li>
      ))}
    </DirectoryPage>
  );
}
