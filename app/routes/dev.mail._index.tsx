import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/i18n/react";
import { listOutbox } from "~/models/mail.server";
import { services } from "~/services.server";
import { formatDateTime } from "~/utils/dates";
import { notFound, pageNumber } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "devMail.title");

const PAGE_SIZE = 30;

/** Exists only on the embedded demo without a mail server: it shows every verification link. */
export function requireDemoMailbox() {
  if (!services().config.demoMailbox) throw notFound();
}

// Read: anyone, and only in demo mode (404 otherwise). No writes.
export async function loader({ request }: LoaderFunctionArgs) {
  requireDemoMailbox();
  const page = pageNumber(new URL(request.url));
  const { rows, total } = await listOutbox(services().db, page, PAGE_SIZE);
  return {
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    messages: rows.map((m) => ({ ...m, created_at: m.created_at.toISOString() })),
  };
}

export default function DevMailbox() {
  const t = useT();
  const locale = useLocale();
  const { messages, page, pages } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("devMail.title")}</h1>
      <p className="notice">{t("devMail.lead")}</p>
      {messages.length === 0 ? (
        <p>{t("devMail.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("devMail.created")}</th>
                <th scope="col">{t("devMail.to")}</th>
                <th scope="col">{t("devMail.subject")}</th>
                <th scope="col">{t("devMail.status")}</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id}>
                  <td>{formatDateTime(m.created_at, locale)}</td>
                  <td>{m.to_address}</td>
                  <td>
                    <Link to={`/dev/mail/${m.id}`}>{m.subject}</Link>
                  </td>
                  <td>{t(`outbox.status.${m.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pages={pages} />
    </>
  );
}
