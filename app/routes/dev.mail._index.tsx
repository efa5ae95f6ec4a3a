import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { canReadOutbox, getUser, requireRole } from "~/auth/session.server";
import { DataTable } from "~/components/data-table";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/i18n/react";
import { listOutbox } from "~/models/mail.server";
import { services } from "~/services.server";
import { notFound, pageCount, pageNumber } from "~/utils/http.server";
import { formatDateTime } from "~/utils/japan-time";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "devMail.title");

const PAGE_SIZE = 30;

/**
 * The outbox shows every verification and reset link. Open to anyone only on the demo database
 * without a mail server; on a real install without SMTP_URL, to admins only (they need to see that
 * mail is waiting); with a mail server it does not exist.
 */
export async function requireMailboxReader(request: Request): Promise<void> {
  const { config } = services();
  if (config.smtpUrl) throw notFound();
  if (canReadOutbox(await getUser(request))) return;
  await requireRole(request, "admin");
}

// Read: anyone on the demo without SMTP; admins on a real install without SMTP; 404 with SMTP. No writes.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireMailboxReader(request);
  const page = pageNumber(new URL(request.url));
  const { rows, total } = await listOutbox(services().db, page, PAGE_SIZE);
  return {
    page,
    pages: pageCount(total, PAGE_SIZE),
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
        <DataTable columns={[t("devMail.created"), t("devMail.to"), t("devMail.subject"), t("devMail.status")]}>
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
        </DataTable>
      )}
      <Pagination page={page} pages={pages} />
    </>
  );
}
