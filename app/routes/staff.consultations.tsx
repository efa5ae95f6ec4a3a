import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { useLocale, useT } from "~/i18n/react";
import { consultationsForStaff } from "~/models/consultations.server";
import { services } from "~/services.server";
import { formatDateTime } from "~/utils/japan-time";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consult.title");

// Read: staff. Answers are given in each thread.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const rows = await consultationsForStaff(services().db);
  return {
    consultations: rows.map((c) => ({
      id: c.id,
      subject: c.subject,
      status: c.status,
      theme: c.theme_title,
      requester: c.requester_name,
      updatedAt: c.updated_at.toISOString(),
    })),
  };
}

export default function StaffConsultations() {
  const t = useT();
  const locale = useLocale();
  const { consultations } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("consult.title")}</h1>
      {consultations.length === 0 ? <p>{t("consult.none")}</p> : null}
      <ul className="card-list">
        {consultations.map((c) => (
          <li key={c.id} className="card">
            <Link to={`/consultations/${c.id}`}>{c.subject}</Link>（
            {t(c.status === "open" ? "consult.open" : "consult.closed")}）
            <p className="message-meta">
              {c.theme}・{c.requester}・{formatDateTime(c.updatedAt, locale)}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
