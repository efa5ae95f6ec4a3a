import { useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { type ActionFunctionArgs, data, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { EmailField, StackForm } from "~/components/form";
import { useT } from "~/i18n/react";
import { requestPasswordReset } from "~/models/account-credentials.server";
import { forgotPasswordSchema } from "~/models/account-schemas";
import { mailAllowed } from "~/models/mail-limits.server";
import { services } from "~/services.server";
import { ACCOUNT_ANSWER_FLOOR_MS, answerNoSoonerThan } from "~/utils/answer-floor.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";
import { parseSubmission } from "~/utils/submission.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forgot.title");

// Read and write: anyone. The answer is the same whether or not the address is registered.
export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseSubmission(await request.formData(), { schema: forgotPasswordSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { config, db } = services();
  const now = new Date();
  const target = submission.value.email;
  if (!(await mailAllowed(db, { purpose: "reset", target, clientAddress: context.clientAddress, now }))) {
    return data(submission.reply({ formErrors: ["mail.limited"] }), { status: 429 });
  }
  const ctx = { publicUrl: config.publicUrl, locale: await getLocale(request), now };
  await answerNoSoonerThan(ACCOUNT_ANSWER_FLOOR_MS, () => requestPasswordReset(db, target, ctx));
  return redirectWithFlash("/forgot-password", "forgot.sent");
}

export default function ForgotPassword() {
  const t = useT();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: forgotPasswordSchema }),
  });
  return (
    <>
      <h1>{t("forgot.title")}</h1>
      <p>{t("forgot.lead")}</p>
      <StackForm form={form} submit={t("forgot.submit")}>
        <EmailField field={fields.email} />
      </StackForm>
    </>
  );
}
