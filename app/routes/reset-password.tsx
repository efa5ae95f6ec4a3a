import { useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { PasswordField, StackForm } from "~/components/form";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/react";
import { resetPassword } from "~/models/account-credentials.server";
import { resetPasswordSchema } from "~/models/account-schemas";
import { checkEmailToken } from "~/models/email-tokens.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { pageTitle } from "~/utils/meta";
import { parseSubmission } from "~/utils/submission.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reset.title");

const problemMessages: Record<"invalid" | "expired" | "used", MessageKey> = {
  invalid: "token.invalid",
  expired: "token.expired",
  used: "token.used",
};

// Read and write: whoever holds the e-mailed link.
export async function loader({ request }: LoaderFunctionArgs) {
  const token = v.safeParse(
    v.pipe(v.string(), v.nonEmpty(), v.maxLength(200)),
    new URL(request.url).searchParams.get("token"),
  );
  if (!token.success) return { token: "", problem: problemMessages.invalid };
  const problem = await checkEmailToken(services().db, {
    token: token.output,
    purposes: ["reset_password"],
    now: new Date(),
  });
  return { token: token.output, problem: problem ? problemMessages[problem] : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseSubmission(await request.formData(), { schema: resetPasswordSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  const result = await resetPassword(services().db, { ...submission.value, now: new Date() });
  if (!result.ok) {
    return data(
      { result: submission.reply({ formErrors: [problemMessages[result.problem]], hideFields: ["password"] }) },
      { status: 400 },
    );
  }
  return redirectWithFlash("/login", "reset.done");
}

export default function ResetPassword() {
  const t = useT();
  const { token, problem } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: resetPasswordSchema }),
  });
  return (
    <>
      <h1>{t("reset.title")}</h1>
      {problem ? (
        <p className="error-summary" role="alert">
          {t(problem)}
        </p>
      ) : (
        <>
          <p>{t("reset.lead")}</p>
          <StackForm form={form} submit={t("reset.submit")}>
            <input type="hidden" name="token" value={token} />
            <PasswordField field={fields.password} label="field.newPassword" isNew />
          </StackForm>
        </>
      )}
    </>
  );
}
