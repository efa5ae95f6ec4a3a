import { useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getUser } from "~/auth/session.server";
import { AgreeField, StackForm } from "~/components/form";
import { useT } from "~/i18n/react";
import { consentSchema } from "~/models/account-schemas";
import { agreeToPrivacyPolicy } from "~/models/accounts.server";
import { privacyPolicyVersion } from "~/models/content-pages.server";
import { services } from "~/services.server";
import { safeRedirectPath } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { parseSubmission } from "~/utils/submission.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consent.title");

/** Signed in, or sent to log in and back here. */
async function signedIn(request: Request) {
  const user = await getUser(request);
  if (!user) throw redirect(`/login?redirectTo=${encodeURIComponent("/consent")}`);
  return user;
}

// Read and write: the signed-in person, about themselves (requireUser sends here anyone who has not
// agreed to the policy in force, so this page itself must not use it).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await signedIn(request);
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), "/me");
  // Already agreed to this version: nothing to ask.
  if (user.privacyVersion === privacyPolicyVersion()) throw redirect(redirectTo);
  return { redirectTo, before: user.privacyVersion !== null };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await signedIn(request);
  const submission = parseSubmission(await request.formData(), { schema: consentSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await agreeToPrivacyPolicy(services().db, user.id, privacyPolicyVersion(), new Date());
  throw redirect(safeRedirectPath(submission.value.redirectTo, "/me"));
}

export default function Consent() {
  const t = useT();
  const { redirectTo, before } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: consentSchema }),
  });
  return (
    <>
      <h1>{t("consent.title")}</h1>
      <p>{before ? t("consent.changed") : t("consent.lead")}</p>
      <StackForm form={form} submit={t("consent.submit")}>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <AgreeField
          field={fields.privacy}
          label="consent.agree"
          readFirst={{ href: "/privacy", text: "consent.readPolicy" }}
        />
      </StackForm>
    </>
  );
}
