import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { requireRole } from "~/auth/session.server";
import { DataTable } from "~/components/data-table";
import type { MessageKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/react";
import { securityEvents } from "~/models/audit.server";
import { services } from "~/services.server";
import { notFound } from "~/utils/http.server";
import { formatDateTime } from "~/utils/japan-time";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.security.title");

const PAGE_SIZE = 100;
const beforeSchema = v.pipe(v.string(), v.regex(/^\d{1,15}$/), v.transform(Number));

// Read: admins only. No writes: the log is written by the changes it records.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const raw = new URL(request.url).searchParams.get("before");
  const before = raw === null ? null : v.safeParse(beforeSchema, raw);
  if (before && !before.success) throw notFound();
  const { rows, more } = await securityEvents(services().db, {
    before: before?.success ? before.output : null,
    pageSize: PAGE_SIZE,
  });
  return {
    events: rows.map((r) => ({
      id: Number(r.id),
      action: r.action,
      at: r.created_at.toISOString(),
      subject: r.subject_name ? `${r.subject_name}（${r.subject_email}）` : null,
      actor: r.actor_name,
      clientAddress: typeof r.details.clientAddress === "string" ? r.details.clientAddress : null,
      email: typeof r.details.email === "string" ? r.details.email : null,
    })),
    older: more ? Number(rows[rows.length - 1].id) : null,
  };
}

export default function AdminSecurity() {
  const t = useT();
  const locale = useLocale();
  const { events, older } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/admin/users">{t("admin.users.title")}</Link>
      </p>
      <h1>{t("admin.security.title")}</h1>
      <p>{t("admin.security.lead")}</p>
      {events.length === 0 ? (
        <p>{t("admin.security.none")}</p>
      ) : (
        <DataTable
          columns={[
            t("admin.security.when"),
            t("admin.security.what"),
            t("admin.security.account"),
            t("admin.security.by"),
            t("admin.security.from"),
          ]}
        >
          {events.map((e) => (
            <tr key={e.id}>
              <td>{formatDateTime(e.at, locale)}</td>
              <td>{t(`audit.${e.action}` as MessageKey)}</td>
              <td>{e.subject ?? e.email ?? "—"}</td>
              <td>{e.actor ?? "—"}</td>
              <td>{e.clientAddress ?? "—"}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {older ? (
        <p>
          <Link to={`/admin/security?before=${older}`}>{t("admin.security.older")}</Link>
        </p>
      ) : null}
    </>
  );
}
