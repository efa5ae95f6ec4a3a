import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { Form } from "@remix-run/react";
import { ErrorSummary, SubmitButton, TextAreaField, TextField } from "~/components/form";
import { useT } from "~/i18n/react";
import { consultationSchema, questionSchema } from "~/models/theme-schemas";

/**
 * A signed-in member's forms on a theme page: ask a question, request a consultation. A module of
 * its own, loaded lazily, so the form library reaches only the people who see these forms.
 */
export default function ThemeMemberForms({
  lastAsk,
  lastConsult,
}: {
  /** The server's answer to the last question or consultation sent, when it was refused. */
  lastAsk?: SubmissionResult<string[]>;
  lastConsult?: SubmissionResult<string[]>;
}) {
  const t = useT();
  const [askForm, askFields] = useForm({
    id: "ask",
    lastResult: lastAsk,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: questionSchema }),
  });
  const [consultForm, consultFields] = useForm({
    id: "consult",
    lastResult: lastConsult,
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
