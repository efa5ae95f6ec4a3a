import { type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { StackForm, TextAreaField, TextField } from "~/components/form";
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
      <StackForm form={askForm} labelledBy="ask-heading" intent="ask" submit={t("theme.qa.submit")}>
        <TextAreaField field={askFields.question} label="theme.qa.field" required rows={4} />
      </StackForm>

      <h2 id="consult-heading">{t("theme.consult")}</h2>
      <p>{t("theme.consultHint")}</p>
      <StackForm form={consultForm} labelledBy="consult-heading" intent="consult" submit={t("theme.consult.submit")}>
        <TextField field={consultFields.subject} label="theme.consult.subject" required />
        <TextAreaField field={consultFields.message} label="theme.consult.message" required rows={5} />
      </StackForm>
    </>
  );
}
