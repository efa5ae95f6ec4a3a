import { Form, Link, useActionData } from "@remix-run/react";
import type { ReactNode } from "react";
import { translateMessage } from "~/i18n";
import { useT } from "~/i18n/react";
import { IntentSubmit } from "./plain-form";

/** The one form for adding a file with its label (a theme's guidelines, a proposal's attachments). */
export function AttachmentUploadForm({ action, hint }: { action: string; hint?: ReactNode }) {
  const t = useT();
  return (
    <Form method="post" action={action} encType="multipart/form-data" className="stack">
      {hint ? <p className="field-hint">{hint}</p> : null}
      <div className="field">
        <label htmlFor="attachment-label">{t("staffTheme.attachment.label")}</label>
        <input id="attachment-label" type="text" name="label" />
      </div>
      <div className="field">
        <label htmlFor="attachment-file">{t("staffTheme.attachment.file")}</label>
        <input id="attachment-file" type="file" name="file" accept=".pdf,.docx,.xlsx,.doc,.xls,.jpg,.jpeg,.png" />
      </div>
      <IntentSubmit intent="upload">{t("staffTheme.attachment.upload")}</IntentSubmit>
    </Form>
  );
}

/**
 * The page an upload route shows only when the upload is refused (the form posts without
 * JavaScript): the reason, and the way back to the page the form was on.
 */
export function AttachmentProblem({ title, back, backLabel }: { title: string; back: string; backLabel: string }) {
  const t = useT();
  const answer = useActionData<{ error: string }>();
  return (
    <>
      <h1>{title}</h1>
      {answer ? (
        <p className="error-summary" role="alert">
          {translateMessage(t, answer.error)}
        </p>
      ) : null}
      <p>
        <Link to={back}>{backLabel}</Link>
      </p>
    </>
  );
}
