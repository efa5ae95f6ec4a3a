import { type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import type { ReactNode } from "react";
import type * as v from "valibot";
import { StackForm } from "./form";
import { CommentField, IntentButtons } from "./plain-form";

/**
 * Staff's decision on what a team sent (a report, a final report): the first button accepts it,
 * the second returns it, with the comment the schema asks for on a return; `hidden` names what
 * is decided.
 */
export function StaffDecisionForm({
  id,
  schema,
  buttons,
  hidden = {},
  lastResult,
}: {
  id: string;
  schema: v.GenericSchema<Record<string, unknown>>;
  buttons: { intent: string; label: ReactNode }[];
  hidden?: Record<string, string>;
  lastResult?: SubmissionResult<string[]>;
}) {
  const [form, fields] = useForm({
    id,
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema }),
  });
  return (
    <StackForm form={form} actions={<IntentButtons buttons={buttons} />}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <CommentField field={fields.comment} />
    </StackForm>
  );
}
