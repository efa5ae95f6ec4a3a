import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrganization } from "~/auth/organization-access.server";
import { useLocale, useT } from "~/i18n/react";
import { requestInbox } from "~/models/partnership-requests.server";
import { services } from "~/services.server";
import { formatDate } from "~/utils/japan-time";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "org.manage.requests");

// Read: the organisation's members. No writes here (answers are given in each thread).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organization } = await requireOrganization(request, params.id ?? "", "actFor");
  const rows = await requestInbox(services().db, organization.id);
  const toRow = (r: (typeof rows)[number]) => ({
    id: r.id,
    status: r.status,
    other: r.from_organization_id === organization.id ? r.to_name : r.from_name,
    listingTitle: r.listing_title,
    createdAt: r.created_at.toISOString(),
  });
  return {
    id: organization.id,
    name: organization.name,
    received: rows.filter((r) => r.from_organization_id !== organization.id).map(toRow),
    sent: rows.filter((r) => r.from_organization_id === organization.id).map(toRow),
  };
}

export default function RequestInbox() {
  const t = useT();
  const locale = useLocale();
  const { id, name, received, sent } = useLoaderData<typeof loader>();
  const list = (rows: typeof received) =>
    rows.length === 0 ? (
      <p>{t("inbox.empty")}</p>
    ) : (
      <ul className="card-list">
        {rows.map((r) => (
          <li key={r.id} className="card">
            <Link to={`/requests/${r.id}`}>{r.other}</Link>
            {r.listingTitle ? `（${r.listingTitle}）` : ""}
            <p>
              {t("thread.status", { status: t(`thread.status.${r.status}`) })}・{formatDate(r.createdAt, locale)}
            </p>
          </li>
        ))}
      </ul>
    );
  return (
    <>
      <p>
        <Link to={`/organizations/${id}`}>{name}</Link>
      </p>
      <h1>{t("inbox.title", { name })}</h1>
      <h2>{t("inbox.received")}</h2>
      {list(received)}
      <h2>{t("inbox.sent")}</h2>
      {list(sent)}
    </>
  );
}
