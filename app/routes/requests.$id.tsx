import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireVerifiedUser } from "~/auth/session.server";
import { MessageList, ReplyForm } from "~/components/message-thread";
import { IntentSubmit } from "~/components/plain-form";
import { translator } from "~/i18n";
import { useT } from "~/i18n/react";
import { replySchema } from "~/models/partner-schemas";
import { themesForListings } from "~/models/partners.server";
import { decideRequest, getRequestThread, replyToRequest } from "~/models/partnership-requests.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { forbidden, notFound } from "~/utils/http.server";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";
import { parseSubmission } from "~/utils/submission.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "org.manage.requests");

// Read and write: verified members of the two organisations in the request (404 for anyone else).
// Accepting or declining: the receiving organisation only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireVerifiedUser(request);
  const { db } = services();
  const thread = await getRequestThread(db, params.id ?? "", user.id);
  if (!thread) throw notFound();
  const { request: r, messages, side } = thread;
  const now = new Date();
  // Accepted: either side may start a proposal together, on a theme open now.
  const openThemes =
    r.status === "accepted" ? (await themesForListings(db, now)).filter((th) => th.opens_at <= now) : [];
  return {
    openThemes: openThemes.map((th) => ({ id: th.id, title: th.title })),
    id: r.id,
    status: r.status,
    side,
    fromName: r.from_name,
    toName: r.to_name,
    myOrganizationId: side === "to" ? r.to_organization_id : r.from_organization_id,
    listing: r.listing_id ? { id: r.listing_id, title: r.listing_title ?? "" } : null,
    messages: messages.map((m) => ({
      id: m.id,
      body: m.body,
      organization: m.organization_name,
      author: m.author_name ?? "",
      createdAt: m.created_at.toISOString(),
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireVerifiedUser(request);
  const { db, config } = services();
  const locale = await getLocale(request);
  const ctx = { publicUrl: config.publicUrl, locale, now: new Date() };
  const requestId = params.id ?? "";
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "accept" || intent === "decline") {
    const decision = intent === "accept" ? "accepted" : "declined";
    const statusLabel = translator(locale)(
      decision === "accepted" ? "thread.status.accepted" : "thread.status.declined",
    );
    const result = await decideRequest(db, { requestId, user, decision, statusLabel }, ctx);
    if (!result.ok && result.problem === "not_found") throw notFound();
    if (!result.ok && result.problem === "forbidden") throw forbidden();
    return redirectWithFlash(`/requests/${requestId}`, decision === "accepted" ? "thread.accepted" : "thread.declined");
  }
  const submission = parseSubmission(formData, { schema: replySchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  if (!(await replyToRequest(db, { requestId, user, message: submission.value.message }, ctx))) throw notFound();
  return redirectWithFlash(`/requests/${requestId}`, "thread.replied");
}

export default function RequestThread() {
  const t = useT();
  const thread = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to={`/organizations/${thread.myOrganizationId}/requests`}>{t("org.manage.requests")}</Link>
      </p>
      <h1>{t("thread.title", { from: thread.fromName, to: thread.toName })}</h1>
      {thread.listing ? (
        <p>
          <Link to={`/partners/${thread.listing.id}`}>{t("thread.about", { title: thread.listing.title })}</Link>
        </p>
      ) : null}
      <p>
        <strong>{t("thread.status", { status: t(`thread.status.${thread.status}`) })}</strong>
      </p>
      <MessageList messages={thread.messages.map((m) => ({ ...m, from: `${m.organization}・${m.author}` }))} />
      {thread.side === "to" && thread.status === "pending" ? (
        <Form method="post" className="actions">
          <IntentSubmit intent="accept">{t("thread.accept")}</IntentSubmit>
          <IntentSubmit intent="decline" look="secondary">
            {t("thread.decline")}
          </IntentSubmit>
        </Form>
      ) : null}
      {thread.status === "accepted" ? (
        <section aria-labelledby="together-heading">
          <h2 id="together-heading">{t("thread.together")}</h2>
          {thread.openThemes.length ? (
            <Form method="get" action="/proposals/new" className="stack">
              <p>{t("thread.together.lead", { partner: thread.side === "to" ? thread.fromName : thread.toName })}</p>
              <input type="hidden" name="request" value={thread.id} />
              <div className="field">
                <label htmlFor="together-theme">{t("thread.together.theme")}</label>
                <select id="together-theme" name="theme">
                  {thread.openThemes.map((th) => (
                    <option key={th.id} value={th.id}>
                      {th.title}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="button">
                {t("thread.together.start")}
              </button>
            </Form>
          ) : (
            <p>{t("thread.together.noTheme")}</p>
          )}
        </section>
      ) : null}
      <ReplyForm heading={t("thread.reply")} lastResult={lastResult} />
    </>
  );
}
