import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { requireRole } from "~/auth/session.server";
import { IntentSubmit } from "~/components/plain-form";
import { translateMessage } from "~/i18n";
import { useLocale, useT } from "~/i18n/react";
import { returnNoteSchema } from "~/models/organization-schemas";
import { decideVerification, verificationQueue } from "~/models/organization-verification.server";
import { kindLabel } from "~/models/reference-data";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest } from "~/utils/http.server";
import { formatDate } from "~/utils/japan-time";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staffOrg.title");

// Read and write: ward staff (and admins).
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const queue = await verificationQueue(services().db);
  return {
    queue: queue.map((o) => ({
      id: o.id,
      name: o.name,
      kind: o.kind,
      description: o.description,
      email: o.contact_email,
      createdAt: o.created_at.toISOString(),
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "staff");
  const form = Object.fromEntries(await request.formData());
  const ctx = { publicUrl: services().config.publicUrl, locale: await getLocale(request), now: new Date() };
  if (form.intent === "verify") {
    const id = v.safeParse(v.pipe(v.string(), v.uuid()), form.organizationId);
    if (!id.success) throw badRequest();
    await decideVerification(services().db, { organizationId: id.output, staffId: user.id, decision: "verified" }, ctx);
    return redirectWithFlash("/staff/organizations", "staffOrg.done");
  }
  if (form.intent === "return") {
    const parsed = v.safeParse(returnNoteSchema, form);
    if (!parsed.success) {
      return data(
        { organizationId: String(form.organizationId ?? ""), error: parsed.issues[0].message },
        { status: 400 },
      );
    }
    await decideVerification(
      services().db,
      {
        organizationId: parsed.output.organizationId,
        staffId: user.id,
        decision: "returned",
        note: parsed.output.note,
      },
      ctx,
    );
    return redirectWithFlash("/staff/organizations", "staffOrg.done");
  }
  throw badRequest();
}

export default function VerificationQueue() {
  const t = useT();
  const locale = useLocale();
  const { queue } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>{t("staffOrg.title")}</h1>
      <p>{t("staffOrg.lead")}</p>
      {queue.length === 0 ? <p>{t("staffOrg.empty")}</p> : null}
      <ul className="card-list">
        {queue.map((o) => {
          const noteId = `note-${o.id}`;
          const error = actionData?.organizationId === o.id ? actionData.error : null;
          return (
            <li key={o.id} className="card">
              <h2>
                <Link to={`/organizations/${o.id}`}>{o.name}</Link>
              </h2>
              <p>
                {t(kindLabel(o.kind))}・{t("staffOrg.registered", { date: formatDate(o.createdAt, locale) })}・{o.email}
              </p>
              <p className="message">{o.description}</p>
              <Form method="post" className="actions">
                <input type="hidden" name="organizationId" value={o.id} />
                <IntentSubmit intent="verify">{t("staffOrg.verify")}</IntentSubmit>
              </Form>
              <Form method="post" className="stack">
                <input type="hidden" name="organizationId" value={o.id} />
                <div className="field">
                  <label htmlFor={noteId}>{t("staffOrg.note")}</label>
                  {error ? (
                    <p className="field-error" id={`${noteId}-error`}>
                      {translateMessage(t, error)}
                    </p>
                  ) : null}
                  <textarea
                    id={noteId}
                    name="note"
                    rows={3}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `${noteId}-error` : undefined}
                  />
                </div>
                <IntentSubmit intent="return" look="secondary">
                  {t("staffOrg.return")}
                </IntentSubmit>
              </Form>
            </li>
          );
        })}
      </ul>
    </>
  );
}
