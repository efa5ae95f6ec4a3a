import type { ReactNode } from "react";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/react";
import { useReferenceOptions } from "./filters";
import { type AnyField, CheckboxGroup, FieldError } from "./form";

/** One yes/no checkbox (on Conform), its label beside it; an optional one carries no badge. */
export function CheckboxField({ field, label }: { field: AnyField; label: MessageKey }) {
  const t = useT();
  return (
    <div className="field">
      <label className="checkbox" htmlFor={field.id}>
        <input
          type="checkbox"
          id={field.id}
          name={field.name}
          value="on"
          defaultChecked={field.initialValue === "on"}
        />
        {t(label)}
      </label>
    </div>
  );
}

/** Where in the ward and in which fields an organisation (or its listing) works: one checkbox each. */
export function AreaAndFieldChoices({ areas, fields }: { areas: AnyField; fields: AnyField }) {
  const options = useReferenceOptions();
  return (
    <>
      <CheckboxGroup
        field={areas}
        label="org.field.areas"
        hint="org.field.areas.hint"
        options={options.areas}
        required
      />
      <FieldChoices field={fields} />
    </>
  );
}

/** The fields of activity (防災, 子育て…): one checkbox each; a theme may name none. */
export function FieldChoices({
  field,
  label = "org.field.fields",
  hint = "org.field.fields.hint",
  required = true,
}: {
  field: AnyField;
  label?: MessageKey;
  hint?: MessageKey;
  required?: boolean;
}) {
  const options = useReferenceOptions();
  return <CheckboxGroup field={field} label={label} hint={hint} options={options.fields} required={required} />;
}

/**
 * One answer among a few (採択 or 不採択, a recommendation): radio buttons in a fieldset whose legend
 * is the question, the message under it. `disabled` shows a choice that can no longer be changed.
 */
export function RadioChoices({
  field,
  legend,
  options,
  disabled = false,
}: {
  field: AnyField;
  legend: ReactNode;
  options: { value: string; label: ReactNode }[];
  disabled?: boolean;
}) {
  const invalid = (field.errors ?? []).length > 0;
  return (
    <fieldset
      className="field checkbox-group"
      id={field.id}
      aria-invalid={invalid || undefined}
      aria-describedby={invalid ? field.errorId : undefined}
    >
      <legend>{legend}</legend>
      <FieldError id={field.errorId} error={field.errors} />
      {options.map((o) => (
        <label key={o.value} className="checkbox">
          <input
            type="radio"
            name={field.name}
            value={o.value}
            defaultChecked={field.initialValue === o.value}
            disabled={disabled}
          />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}
