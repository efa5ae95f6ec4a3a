import { type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { organizationSchema } from "~/models/organization-schemas";
import { AreaAndFieldChoices } from "./choice-fields";
import { useReferenceOptions } from "./filters";
import { EmailField, SelectField, StackForm, TextAreaField, TextField } from "./form";

export function OrganizationForm({
  lastResult,
  defaultValue,
  version,
  submitLabel,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Record<string, string | string[]>;
  /** The version the edit is based on; after a conflict, the version now saved. */
  version?: number;
  submitLabel: string;
}) {
  const options = useReferenceOptions();
  const [form, fields] = useForm({
    lastResult,
    defaultValue,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: organizationSchema }),
  });
  return (
    <StackForm form={form} submit={submitLabel}>
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <TextField field={fields.name} label="org.field.name" hint="org.field.name.hint" required />
      <TextField field={fields.nameKana} label="org.field.nameKana" hint="org.field.nameKana.hint" required />
      <SelectField
        field={fields.kind}
        label="org.field.kind"
        options={options.kinds}
        placeholder="filter.any"
        required
      />
      <AreaAndFieldChoices areas={fields.areas} fields={fields.fields} />
      <TextAreaField
        field={fields.description}
        label="org.field.description"
        hint="org.field.description.hint"
        required
      />
      <EmailField field={fields.contactEmail} label="org.field.contactEmail" hint="org.field.contactEmail.hint" />
      <TextField
        field={fields.contactPhone}
        label="org.field.contactPhone"
        hint="org.field.contactPhone.hint"
        type="tel"
        inputMode="tel"
      />
      <TextField field={fields.website} label="org.field.website" hint="org.field.website.hint" type="url" />
      <TextField
        field={fields.foundedYear}
        label="org.field.foundedYear"
        hint="org.field.foundedYear.hint"
        inputMode="numeric"
      />
      <TextField
        field={fields.memberCount}
        label="org.field.memberCount"
        hint="org.field.memberCount.hint"
        inputMode="numeric"
      />
    </StackForm>
  );
}
