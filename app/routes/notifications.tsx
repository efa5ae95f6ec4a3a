import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { requireUser } from "~/auth/session.server";
import { Pagination } from "~/components/pagination";
import { isMessageKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/react";
import { listNotifications, markRead } from "~/models/notifications.server";
import { services } from "~/services.server";
import { badRequest, pageCount, pageNumber, safeRedirectPath } from "~/utils/http.server";
import { formatDateTime, readableDates } from "~/utils/japan-time";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "notifications.title");

const PAGE_SIZE = 30;

// Read and write: the signed-in person, their own notifications only.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const page = pageNumber(new URL(request.url));
  const { rows, total } = await listNotifications(services().db, user.id, page, PAGE_SIZE);
  return {
    page,
    pages: pageCount(total, PAGE_SIZE),
    notifications: rows
      .filter((n) => isMessageKey(n.message_key))
      .map((n) => ({
        id: n.id,
        key: n.message_key,
        params: n.params,
        link: n.link,
        unread: n.read_at === null,
        createdAt: n.created_at.toISOString(),
      })),
  };
}

const markSchema = v.object({
  id: v.optional(v.pipe(v.string(), v.regex(/^\d{1,15}$/), v.transform(Number))),
  next: v.optional(v.string()),
});

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireUser(request);
  const parsed = v.safeParse(markSchema, Object.fromEntries(await request.formData()));
  if (!parsed.success) throw badRequest();
  await markRead(services().db, user.id, parsed.output.id ?? null, new Date());
  return redirect(safeRedirectPath(parsed.output.next, "/notifications"));
}

export default function Notifications() {
  const t = useT();
  const locale = useLocale();
  const { notifications, page, pages } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("notifications.title")}</h1>
      <p>
        <Link to="/notifications/settings">{t("noticeSettings.link")}</Link>
      </p>
      {notifications.some((n) => n.unread) ? (
        <Form method="post">
          <button type="submit" className="button button-secondary">
            {t("notifications.markAll")}
          </button>
        </Form>
      ) : null}
      {notifications.length === 0 ? <p>{t("notifications.empty")}</p> : null}
      <ul className="card-list">
        {notifications.map((n) => (
          <li key={n.id} className={n.unread ? "card unread" : "card"}>
            {n.unread ? <span className="badge">{t("notifications.new")}</span> : null}{" "}
            <Link to={n.link}>{isMessageKey(n.key) ? t(n.key, readableDates(n.params, locale)) : ""}</Link>
            <p className="message-meta">{formatDateTime(n.createdAt, locale)}</p>
            {n.unread ? (
              <Form method="post">
                <input type="hidden" name="id" value={n.id} />
                <button type="submit" className="link-button">
                  {t("notifications.markRead")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      <Pagination page={page} pages={pages} />
    </>
  );
}
