import { useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getUser } from "~/auth/session.server";
import { AgreeField, EmailField, PasswordField, StackForm, TextField } from "~/components/form";
import { useT } from "~/i18n/react";
import { signupSchema } from "~/models/account-schemas";
import { signUp } from "~/models/accounts.server";
import { privacyPolicyVersion } from "~/models/content-pages.server";
import { mailAllowed } from "~/models/mail-limits.server";
import { services } from "~/services.server";
import { ACCOUNT_ANSWER_FLOOR_MS, answerNoSoonerThan } from "~/utils/answer-floor.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";
import { parseSubmission } from "~/utils/submission.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "signup.title");

// Read: visitors (a signed-in person is sent to their page). Write: visitors.
export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect("/me");
  // An invitation e-mail links here with the invited address filled in.
  const email = new URL(request.url).searchParams.get("email") ?? "";
  return { email: email.length <= 254 ? email : "" };
}

// A new address and a taken one get the same answer (the owner of a taken one is e-mailed instead),
// so the form cannot be used to learn who is registered. Nobody is signed in until the address is proven.
export async function action({ request, context }: ActionFunctionArgs) {
  if (await getUser(request)) throw redirect("/me");
  const submission = parseSubmission(await request.formData(), { schema: signupSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { config, db } = services();
  const now = new Date();
  const allowed = await mailAllowed(db, {
    purpose: "signup",
    target: submission.value.email,
    clientAddress: context.clientAddress,
    now,
  });
  if (!allowed) {
    return data(submission.reply({ formErrors: ["mail.limited"], hideFields: ["password"] }), { status: 429 });
  }
  const ctx = { publicUrl: config.publicUrl, locale: await getLocale(request), now };
  const { name, email, password } = submission.value;
  const account = { name, email, password, privacyVersion: privacyPolicyVersion() };
  await answerNoSoonerThan(ACCOUNT_ANSWER_FLOOR_MS, () => signUp(db, account, ctx));
  return redirectWithFlash("/login", "signup.sent");
}

export default function Signup() {
  const t = useT();
  const lastResult = useActionData<typeof action>();
  const { email } = useLoaderData<typeof loader>();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { email },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: signupSchema }),
  });
  return (
    <>
      <h1>{t("signup.title")}</h1>
      <p>{t("signup.lead")}</p>
      <StackForm form={form} submit={t("signup.submit")}>
        <TextField field={fields.name} label="field.name" hint="field.name.hint" autoComplete="name" required />
        <EmailField field={fields.email} />
        <PasswordField field={fields.password} label="field.password" isNew />
        <AgreeField
          field={fields.privacy}
          label="consent.agree"
          readFirst={{ href: "/privacy", text: "consent.readPolicy" }}
        />
      </StackForm>
      <p>
        {t("signup.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
      </p>
    </>
  );
}
