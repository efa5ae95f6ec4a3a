import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireUser, requireVerifiedUser } from "~/auth/session.server";
import { OrganizationForm } from "~/components/organization-form";
import { useT } from "~/i18n/react";
import { organizationSchema } from "~/models/organization-schemas";
import { createOrganization } from "~/models/organizations.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { pageTitle } from "~/utils/meta";
import { parseSubmission } from "~/utils/submission.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "org.new.title");

// Read: signed-in members (an unverified one is told to confirm first). Write: verified members.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  return { verified: user.emailVerified };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireVerifiedUser(request);
  const submission = parseSubmission(await request.formData(), { schema: organizationSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const org = await createOrganization(services().db, user.id, submission.value, new Date());
  return redirectWithFlash(`/organizations/${org.id}`, "org.new.done");
}

export default function NewOrganization() {
  const t = useT();
  const { verified } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <h1>{t("org.new.title")}</h1>
      <p>{t("org.new.lead")}</p>
      {verified ? (
        <OrganizationForm lastResult={lastResult} submitLabel={t("org.new.submit")} />
      ) : (
        <p className="notice">{t("org.new.needVerified")}</p>
      )}
    </>
  );
}
