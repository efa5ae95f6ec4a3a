import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { hasRole, requireUser, requireVerifiedUser } from "~/auth/session.server";
import { MessageList, ReplyForm } from "~/components/message-thread";
import { IntentButton } from "~/components/plain-form";
import { useT } from "~/i18n/react";
import { closeConsultation, getConsultation, replyToConsultation } from "~/models/consultations.server";
import { mailAllowed } from "~/models/mail-limits.server";
import { replySchema } from "~/models/partner-schemas";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { forbidden, notFound } from "~/utils/http.server";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";
import { parseSubmission } from "~/utils/submission.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consult.title");

// Read and write: the member who asked, and staff (404 for anyone else). Closing: staff.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const isStaff = hasRole(user, "staff");
  const found = await getConsultation(services().db, params.id ?? "", { id: user.id, isStaff });
  if (!found) throw notFound();
  const { consultation: c, messages } = found;
  return {
    id: c.id,
    subject: c.subject,
    status: c.status,
    theme: { id: c.theme_id, title: c.theme_title },
    department: c.department,
    isStaff,
    messages: messages.map((m) => ({
      id: m.id,
      body: m.body,
      author: m.from_staff ? null : (m.author_name ?? ""),
      createdAt: m.created_at.toISOString(),
    })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireVerifiedUser(request);
  const isStaff = hasRole(user, "staff");
  const { db, config } = services();
  const id = params.id ?? "";
  const formData = await request.formData();
  if (formData.get("intent") === "close") {
    if (!isStaff) throw forbidden();
    if (!(await getConsultation(db, id, { id: user.id, isStaff }))) throw notFound();
    await closeConsultation(db, { id, staffId: user.id, now: new Date() });
    return redirectWithFlash(`/consultations/${id}`, "consult.closedDone");
  }
  const submission = parseSubmission(formData, { schema: replySchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const now = new Date();
  // Staff answer as often as they need; a member's replies e-mail every staff member.
  if (
    !isStaff &&
    !(await mailAllowed(db, { purpose: "consultation", target: user.id, clientAddress: context.clientAddress, now }))
  )
    return data(submission.reply({ formErrors: ["mail.limited"] }), { status: 429 });
  const ok = await replyToConsultation(
    db,
    { id, author: { id: user.id, isStaff }, message: submission.value.message },
    { publicUrl: config.publicUrl, locale: await getLocale(request), now },
  );
  if (!ok) throw notFound();
  return redirectWithFlash(`/consultations/${id}`, "consult.replied");
}

export default function ConsultationThread() {
  const t = useT();
  const c = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <p>
        {c.isStaff ? <Link to="/staff/consultations">{t("consult.title")}</Link> : <Link to="/me">{t("nav.me")}</Link>}
      </p>
      <h1>{t("consult.thread", { subject: c.subject })}</h1>
      <p>
        <Link to={`/themes/${c.theme.id}`}>{t("consult.about", { title: c.theme.title })}</Link>・
        {t(c.status === "open" ? "consult.open" : "consult.closed")}
      </p>
      <MessageList
        messages={c.messages.map((m) => ({ ...m, from: m.author ?? t("consult.ward", { department: c.department }) }))}
      />
      <ReplyForm heading={t("consult.reply")} lastResult={lastResult} />
      {c.isStaff && c.status === "open" ? (
        <IntentButton intent="close" look="secondary">
          {t("consult.close")}
        </IntentButton>
      ) : null}
    </>
  );
}
