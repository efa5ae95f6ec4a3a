import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrganization } from "~/auth/organization-access.server";
import { OrganizationForm } from "~/components/organization-form";
import { useT } from "~/i18n/react";
import { organizationSchema } from "~/models/organization-schemas";
import { updateOrganization } from "~/models/organizations.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { pageTitle } from "~/utils/meta";
import { parseSubmission } from "~/utils/submission.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "org.edit.title");

// Read and write: the organisation's representatives.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organization: o } = await requireOrganization(request, params.id ?? "", "manage");
  return {
    id: o.id,
    name: o.name,
    status: o.verification_status,
    note: o.verification_note,
    values: {
      name: o.name,
      nameKana: o.name_kana,
      kind: o.kind,
      areas: o.areas,
      fields: o.fields,
      description: o.description,
      contactEmail: o.contact_email,
      contactPhone: o.contact_phone ?? "",
      website: o.website ?? "",
      foundedYear: o.founded_year?.toString() ?? "",
      memberCount: o.member_count?.toString() ?? "",
    },
    version: o.version,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, organization } = await requireOrganization(request, params.id ?? "", "manage");
  const submission = parseSubmission(await request.formData(), { schema: organizationSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), version: null }, { status: 400 });
  const result = await updateOrganization(services().db, {
    organizationId: organization.id,
    actorId: user.id,
    values: submission.value,
    expectedVersion: submission.value.version ?? -1,
    now: new Date(),
  });
  if (!result.ok) {
    // Keep everything the person typed and base the next save on what is saved now: saving again
    // after reading the message is a deliberate overwrite, never a silent one.
    return data(
      { result: submission.reply({ formErrors: ["validation.stale"] }), version: result.currentVersion },
      { status: 409 },
    );
  }
  return redirectWithFlash(`/organizations/${organization.id}`, "org.edit.done");
}

export default function EditOrganization() {
  const t = useT();
  const { id, name, values, version, status, note } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to={`/organizations/${id}`}>{name}</Link>
      </p>
      <h1>{t("org.edit.title")}</h1>
      {status === "returned" && note ? <p className="notice">{t("org.returnedNote", { note })}</p> : null}
      <OrganizationForm
        lastResult={actionData?.result}
        defaultValue={values}
        version={actionData?.version ?? version}
        submitLabel={t("org.edit.submit")}
      />
    </>
  );
}
