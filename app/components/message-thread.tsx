import { type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { useLocale } from "~/i18n/react";
import { replySchema } from "~/models/partner-schemas";
import { formatDateTime } from "~/utils/japan-time";
import { StackForm, TextAreaField } from "./form";

/** A conversation, oldest first: who wrote each message and when, above what they wrote. */
export function MessageList({
  messages,
}: {
  messages: { id: number | string; from: string; createdAt: string; body: string }[];
}) {
  const locale = useLocale();
  return (
    <ol className="card-list">
      {messages.map((m) => (
        <li key={m.id} className="message">
          <p className="message-meta">
            {m.from}・{formatDateTime(m.createdAt, locale)}
          </p>
          {m.body}
        </li>
      ))}
    </ol>
  );
}

/** The reply at the foot of a conversation (intent "reply"); what was typed comes back with its error. */
export function ReplyForm({ heading, lastResult }: { heading: string; lastResult: SubmissionResult | undefined }) {
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: replySchema }),
  });
  return (
    <>
      <h2 id="reply-heading">{heading}</h2>
      <StackForm form={form} labelledBy="reply-heading" intent="reply" submit={heading}>
        <TextAreaField field={fields.message} label="request.field.message" required rows={4} />
      </StackForm>
    </>
  );
}
