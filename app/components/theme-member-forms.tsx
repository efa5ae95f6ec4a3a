import { getFormProps, useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { Form, useActionData } from "@remix-run/react";
import { ErrorSummary, SubmitButton, TextAreaField, TextField } from "~/components/form";
import { useT } from "~/i18n/react";
import { consultationSchema, questionSchema } from "~/models/theme-schemas";
import type { action } from "~/routes/themes.$id";

/**
 * A signed-in member's forms on a theme page: ask a question, request a consultation. A module of
 * its own, loaded lazily, so the form library reaches only the people who see these forms.
 */
export default function ThemeMemberForms() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const [askForm, askFields] = useForm({
    id: "ask",
    lastResult: actionData?.intent === "ask" ? actionData.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: questionSchema }),
  });
  const [consultForm, consultFields] = useForm({
    id: "consult",
    lastResult: actionData?.intent === "consult" ? actionData.result : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: consultationSchema }),
  });
  return (
    <>
      <h3 id="ask-heading">{t("theme.qa.ask")}</h3>
      <p className="field-hint">{t("theme.qa.askHint")}</p>
      <Form method="post" {...getFormProps(askForm)} noValidate className="stack" aria-labelledby="ask-heading">
        <ErrorSummary fields={[askFields.question]} formErrors={askForm.errors} />
        <TextAreaField field={askFields.question} label="theme.qa.field" required rows={4} />
        <SubmitButton name="intent" value="ask">
          {t("theme.qa.submit")}
        </SubmitButton>
      </Form>

      <h2 id="consult-heading">{t("theme.consult")}</h2>
      <p>{t("theme.consultHint")}</p>
      <Form method="post" {...getFormProps(consultForm)} noValidate className="stack" aria-labelledby="consult-heading">
        <ErrorSummary fields={[consultFields.subject, consultFields.message]} formErrors={consultForm.errors} />
        <TextField field={consultFields.subject} label="theme.consult.subject" required />
        <TextAreaField field={consultFields.message} label="theme.consult.message" required rows={5} />
        <SubmitButton name="intent" value="consult">
          {t("theme.consult.submit")}
        </SubmitButton>
      </Form>
    </>
  );
}
