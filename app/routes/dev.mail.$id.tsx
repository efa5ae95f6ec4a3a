import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { useLocale, useT } from "~/i18n/react";
import { getOutboxMessage } from "~/models/mail.server";
import { services } from "~/services.server";
import { notFound } from "~/utils/http.server";
import { formatDateTime } from "~/utils/japan-time";
import { pageTitle } from "~/utils/meta";
import { requireMailboxReader } from "./dev.mail._index";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "devMail.title");

const idSchema = v.pipe(v.string(), v.regex(/^\d{1,12}$/), v.transform(Number));

// Read: as the outbox list (dev.mail._index.tsx). No writes.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireMailboxReader(request);
  const id = v.safeParse(idSchema, params.id);
  if (!id.success) throw notFound();
  const message = await getOutboxMessage(services().db, id.output);
  if (!message) throw notFound();
  return {
    to: message.to_address,
    subject: message.subject,
    text: message.text,
    createdAt: message.created_at.toISOString(),
    links: [...new Set(message.text.match(/https?:\/\/[^\s<>"')\]]+/g) ?? [])],
  };
}

export default function DevMailMessage() {
  const t = useT();
  const locale = useLocale();
  const message = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/dev/mail">{t("devMail.back")}</Link>
      </p>
      <h1>{message.subject}</h1>
      <dl>
        <dt>{t("devMail.to")}</dt>
        <dd>{message.to}</dd>
        <dt>{t("devMail.created")}</dt>
        <dd>{formatDateTime(message.createdAt, locale)}</dd>
      </dl>
      <ul>
        {message.links.map((href) => (
          <li key={href}>
            <a href={href}>{href}</a>
          </li>
        ))}
      </ul>
      <pre className="mail-text">{message.text}</pre>
    </>
  );
}
