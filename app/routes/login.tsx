import { useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useSearchParams } from "@remix-run/react";
import { pendingLoginCookie } from "~/auth/pending-login.server";
import { getUser, sessionCookieFor } from "~/auth/session.server";
import { EmailField, PasswordField, StackForm } from "~/components/form";
import { translator } from "~/i18n";
import { useT } from "~/i18n/react";
import { authenticate } from "~/models/account-credentials.server";
import { loginSchema } from "~/models/account-schemas";
import { secondFactorRequired } from "~/models/two-factor.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { safeRedirectPath } from "~/utils/http.server";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";
import { parseSubmission } from "~/utils/submission.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "login.title");

// Read and write: anyone; a signed-in person is sent on.
export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) {
    throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
  }
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseSubmission(await request.formData(), { schema: loginSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const now = new Date();
  const result = await authenticate(services().db, {
    email: submission.value.email,
    password: submission.value.password,
    clientAddress: context.clientAddress ?? null,
    now,
  });
  if (!result.ok) {
    if (result.problem === "throttled") {
      const t = translator(await getLocale(request));
      const minutes = Math.max(1, Math.ceil((result.until.getTime() - now.getTime()) / 60_000));
      return data(submission.reply({ formErrors: [t("login.throttled", { minutes })], hideFields: ["password"] }), {
        status: 429,
      });
    }
    return data(submission.reply({ fieldErrors: { password: ["login.failed"] }, hideFields: ["password"] }), {
      status: 400,
    });
  }
  const redirectTo = safeRedirectPath(submission.value.redirectTo);
  // A second factor is asked for when one is set up, and set up first where it is required.
  const stage = result.user.totp_enabled_at ? "verify" : secondFactorRequired(result.user.role) ? "enrol" : null;
  if (stage) {
    const pending = await pendingLoginCookie({ userId: result.user.id, stage, redirectTo }, now);
    return redirect("/login/two-factor", { headers: { "Set-Cookie": pending } });
  }
  return redirectWithFlash(redirectTo, "login.done", {
    headers: { "Set-Cookie": await sessionCookieFor(result.user.id, request, context.clientAddress) },
  });
}

export default function Login() {
  const t = useT();
  const [searchParams] = useSearchParams();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: loginSchema }),
  });
  const redirectTo = searchParams.get("redirectTo");
  return (
    <>
      <h1>{t("login.title")}</h1>
      {redirectTo ? <p className="notice">{t("login.required")}</p> : null}
      <StackForm form={form} submit={t("login.submit")}>
        <input type="hidden" name="redirectTo" value={redirectTo ?? ""} />
        <EmailField field={fields.email} />
        <PasswordField field={fields.password} label="field.password" />
      </StackForm>
      <p>
        <Link to="/forgot-password">{t("login.forgot")}</Link>
      </p>
      <p>
        {t("login.noAccount")} <Link to="/signup">{t("nav.signup")}</Link>
      </p>
    </>
  );
}
