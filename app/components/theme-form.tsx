import { type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import type * as v from "valibot";
import { translateMessage } from "~/i18n";
import { useT } from "~/i18n/react";
import { type ThemeFormValues, themeSchema } from "~/models/theme-schemas";
import { CheckboxField, FieldChoices } from "./choice-fields";
import { useReferenceOptions } from "./filters";
import { CheckboxGroup, SelectField, StackForm, TextAreaField, TextField } from "./form";

export type { ThemeFormValues };

/** The staff form for a theme. Spare criterion rows let it work without JavaScript. */
export function ThemeForm({
  lastResult,
  defaultValue,
  version,
  courses,
  submitLabel,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue: ThemeFormValues;
  version?: number;
  courses: { value: string; label: string }[];
  submitLabel: string;
}) {
  const t = useT();
  const options = useReferenceOptions();
  // Typed by the schema's input (what the form holds), with the schema's output as the parsed value.
  const [form, fields] = useForm<v.InferInput<typeof themeSchema>, v.InferOutput<typeof themeSchema>>({
    lastResult,
    defaultValue: defaultValue as never,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: themeSchema }),
  });
  const rows = fields.criteria.getFieldList();
  return (
    <StackForm form={form} submit={submitLabel}>
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}

      <h2>{t("staffTheme.section.basics")}</h2>
      <SelectField
        field={fields.courseId}
        label="staffTheme.field.course"
        options={courses}
        placeholder="filter.any"
        required
      />
      <TextField field={fields.title} label="staffTheme.field.title" required />
      <TextAreaField
        field={fields.summary}
        label="staffTheme.field.summary"
        hint="staffTheme.field.summary.hint"
        rows={3}
        required
      />
      <TextAreaField field={fields.background} label="staffTheme.field.background" required />
      <TextAreaField field={fields.expectations} label="staffTheme.field.expectations" required />
      <TextField field={fields.department} label="staffTheme.field.department" required />
      <TextField
        field={fields.contact}
        label="staffTheme.field.contact"
        hint="staffTheme.field.contact.hint"
        required
      />
      <FieldChoices
        field={fields.fields}
        label="staffTheme.field.fields"
        hint="staffTheme.field.fields.hint"
        required={false}
      />

      <h2>{t("staffTheme.section.rules")}</h2>
      <TextField field={fields.grantCapPerYear} label="staffTheme.field.capPerYear" inputMode="numeric" required />
      <TextField field={fields.grantCapTotal} label="staffTheme.field.capTotal" inputMode="numeric" required />
      <TextField
        field={fields.subsidyRatePercent}
        label="staffTheme.field.rate"
        hint="staffTheme.field.rate.hint"
        inputMode="numeric"
        required
      />
      <TextField field={fields.durationYears} label="staffTheme.field.years" inputMode="numeric" required />
      <TextField field={fields.awardsPlanned} label="staffTheme.field.awards" inputMode="numeric" required />
      <TextField field={fields.reservedSlots} label="staffTheme.field.reserved" inputMode="numeric" />
      <SelectField
        field={fields.reservedForKind}
        label="staffTheme.field.reservedFor"
        options={options.kinds}
        placeholder="staffTheme.none"
      />
      <CheckboxGroup field={fields.requiredKinds} label="staffTheme.field.requiredKinds" options={options.kinds} />
      <TextField
        field={fields.minOrganizations}
        label="staffTheme.field.minOrganizations"
        inputMode="numeric"
        required
      />
      <TextAreaField
        field={fields.declaration}
        label="staffTheme.field.declaration"
        hint="staffTheme.field.declaration.hint"
        rows={3}
        required
      />

      <h2>{t("staffTheme.section.window")}</h2>
      <TextField
        field={fields.opensAt}
        label="staffTheme.field.opensAt"
        hint="staffTheme.field.datetime.hint"
        type="datetime-local"
        required
      />
      <TextField
        field={fields.closesAt}
        label="staffTheme.field.closesAt"
        hint="staffTheme.field.datetime.hint"
        type="datetime-local"
        required
      />

      <h2>{t("staffTheme.section.review")}</h2>
      <SelectField
        field={fields.reviewStages}
        label="staffTheme.field.reviewStages"
        options={[
          { value: "1", label: t("staffTheme.reviewStages.1") },
          { value: "2", label: t("staffTheme.reviewStages.2") },
        ]}
      />
      <CheckboxField field={fields.hideNames} label="staffTheme.field.hideNames" />
      <TextField
        field={fields.minReviewers}
        label="staffTheme.field.minReviewers"
        hint="staffTheme.field.minReviewers.hint"
        inputMode="numeric"
        required
      />

      <h2 id={fields.criteria.id}>{t("staffTheme.section.criteria")}</h2>
      <p className="field-hint">{t("staffTheme.criteriaHint")}</p>
      {fields.criteria.errors?.length ? (
        <p className="field-error">{fields.criteria.errors.map((e) => translateMessage(t, e)).join(" ")}</p>
      ) : null}
      {rows.map((row, i) => {
        const f = row.getFieldset();
        return (
          <fieldset key={row.key} className="criterion">
            <legend>{t("staffTheme.criterionN", { n: i + 1 })}</legend>
            <TextField field={f.name} label="staffTheme.field.criterionName" />
            <TextAreaField field={f.description} label="staffTheme.field.criterionDescription" rows={2} />
            <div className="criterion-numbers">
              <TextField field={f.weight} label="staffTheme.field.weight" inputMode="numeric" />
              <TextField field={f.maxScore} label="staffTheme.field.maxScore" inputMode="numeric" />
            </div>
          </fieldset>
        );
      })}
    </StackForm>
  );
}
