import { type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { requireRole } from "~/auth/session.server";
import { StackForm } from "~/components/form";
import { IntentSubmit, PlainField } from "~/components/plain-form";
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
import { parseSubmission } from "~/utils/submission.server";

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
  const formData = await request.formData();
  const intent = formData.get("intent");
  const ctx = { publicUrl: services().config.publicUrl, locale: await getLocale(request), now: new Date() };
  if (intent === "verify") {
    const id = v.safeParse(v.pipe(v.string(), v.uuid()), formData.get("organizationId"));
    if (!id.success) throw badRequest();
    await decideVerification(services().db, { organizationId: id.output, staffId: user.id, decision: "verified" }, ctx);
    return redirectWithFlash("/staff/organizations", "staffOrg.done");
  }
  if (intent === "return") {
    const submission = parseSubmission(formData, { schema: returnNoteSchema });
    if (submission.status !== "success") {
      // The organisation whose form it was, so the answer goes back to that form only.
      return data(
        { organizationId: String(formData.get("organizationId") ?? ""), result: submission.reply() },
        { status: 400 },
      );
    }
    await decideVerification(
      services().db,
      {
        organizationId: submission.value.organizationId,
        staffId: user.id,
        decision: "returned",
        note: submission.value.note,
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
        {queue.map((o) => (
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
            <ReturnForm
              organizationId={o.id}
              lastResult={actionData?.organizationId === o.id ? actionData.result : undefined}
            />
          </li>
        ))}
      </ul>
    </>
  );
}

/** Returning an organisation to its representatives, with the reason they will read. */
function ReturnForm({
  organizationId,
  lastResult,
}: {
  organizationId: string;
  lastResult?: SubmissionResult<string[]>;
}) {
  const t = useT();
  const [form, fields] = useForm({
    id: `return-${organizationId}`,
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: returnNoteSchema }),
  });
  return (
    <StackForm form={form} intent="return" secondary submit={t("staffOrg.return")}>
      <input type="hidden" name="organizationId" value={organizationId} />
      <PlainField field={fields.note} label={t("staffOrg.note")}>
        {(control) => <textarea {...control} rows={3} defaultValue={fields.note.defaultValue} />}
      </PlainField>
    </StackForm>
  );
}
