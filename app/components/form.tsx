import {
  type FieldMetadata,
  type FormMetadata,
  getCollectionProps,
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
} from "@conform-to/react";
import { Form, useActionData } from "@remix-run/react";
import { type ReactNode, useRef } from "react";
import { type MessageKey, translateMessage } from "~/i18n";
import { useT } from "~/i18n/react";

// biome-ignore lint/suspicious/noExplicitAny: any field of any form
export type AnyField = FieldMetadata<any, any, string[]>;

function useDescribedBy(field: AnyField, hint?: MessageKey) {
  const hintId = hint ? `${field.id}-hint` : undefined;
  const hasErrors = (field.errors ?? []).length > 0;
  return {
    hintId,
    describedBy: [hintId, hasErrors ? field.errorId : undefined].filter(Boolean).join(" ") || undefined,
  };
}

export function RequiredBadge({ required }: { required: boolean }) {
  const t = useT();
  return <span className="field-badge">{required ? t("form.required") : t("form.optional")}</span>;
}

/**
 * The message at the input it is about (a catalog key, or several joined); `id` is what the input's
 * aria-describedby names. Nothing when there is no message.
 */
export function FieldError({ id, error }: { id?: string; error: string | readonly string[] | null | undefined }) {
  const t = useT();
  const given: readonly (string | null | undefined)[] = typeof error === "string" || error == null ? [error] : error;
  const messages = given.filter((e): e is string => !!e);
  if (messages.length === 0) return null;
  return (
    <p className="field-error" id={id}>
      <span aria-hidden="true">⚠ </span>
      {messages.map((e) => translateMessage(t, e)).join(" ")}
    </p>
  );
}

function HintAndError({ field, hint, hintId }: { field: AnyField; hint?: MessageKey; hintId?: string }) {
  const t = useT();
  return (
    <>
      {hint ? (
        <p className="field-hint" id={hintId}>
          {t(hint)}
        </p>
      ) : null}
      <FieldError id={field.errorId} error={field.errors} />
    </>
  );
}

/** What every single input shares: the label above it (with 必須 or 任意), the hint, the error, then the input. */
function FieldFrame({
  field,
  label,
  labelText,
  hint,
  hintId,
  required = false,
  children,
}: FieldProps & { hintId?: string; children: ReactNode }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={field.id}>
        {labelText ?? t(label)} <RequiredBadge required={required} />
      </label>
      <HintAndError field={field} hint={hint} hintId={hintId} />
      {children}
    </div>
  );
}

interface FieldProps {
  field: AnyField;
  label: MessageKey;
  /** A label made of data (an organisation's name…), used instead of `label`. */
  labelText?: string;
  hint?: MessageKey;
  required?: boolean;
}

/** An e-mail address of one's own (to log in, be reached at): required, filled in by the browser. */
export function EmailField({
  field,
  label = "field.email",
  hint = "field.email.hint",
}: {
  field: AnyField;
  label?: MessageKey;
  hint?: MessageKey | null;
}) {
  return <TextField field={field} label={label} hint={hint ?? undefined} type="email" autoComplete="email" required />;
}

/**
 * A password: the one someone has now (to log in or confirm a change), or a new one, which comes
 * with the rules it must follow and lets the browser suggest one.
 */
export function PasswordField({
  field,
  label,
  isNew = false,
}: {
  field: AnyField;
  label: MessageKey;
  isNew?: boolean;
}) {
  return (
    <TextField
      field={field}
      label={label}
      hint={isNew ? "field.password.hint" : undefined}
      type="password"
      autoComplete={isNew ? "new-password" : "current-password"}
      required
    />
  );
}

/** One labelled input: label above, hint, then the error, tied together for screen readers. */
export function TextField({
  field,
  label,
  labelText,
  hint,
  type = "text",
  autoComplete,
  required = false,
  inputMode,
}: FieldProps & {
  type?: "text" | "email" | "password" | "date" | "datetime-local" | "url" | "tel";
  autoComplete?: string;
  inputMode?: "numeric" | "tel";
}) {
  const { hintId, describedBy } = useDescribedBy(field, hint);
  const { key, ...inputProps } = getInputProps(field, {
    type: type === "url" || type === "tel" ? "text" : type,
    ariaDescribedBy: describedBy,
  });
  // A password is never kept once the server has answered: remount the input on each new answer.
  const answer = useActionData();
  const answers = useRef({ last: answer, count: 0 });
  if (answers.current.last !== answer) answers.current = { last: answer, count: answers.current.count + 1 };
  const inputKey = type === "password" ? `${key}-${answers.current.count}` : key;
  return (
    <FieldFrame field={field} label={label} labelText={labelText} hint={hint} hintId={hintId} required={required}>
      <input
        key={inputKey}
        {...inputProps}
        autoComplete={autoComplete}
        inputMode={inputMode}
        step={type === "datetime-local" ? 1 : undefined}
      />
    </FieldFrame>
  );
}

export function TextAreaField({
  field,
  label,
  labelText,
  hint,
  required = false,
  rows = 6,
}: FieldProps & { rows?: number }) {
  const { hintId, describedBy } = useDescribedBy(field, hint);
  const { key, ...props } = getTextareaProps(field, { ariaDescribedBy: describedBy });
  return (
    <FieldFrame field={field} label={label} labelText={labelText} hint={hint} hintId={hintId} required={required}>
      <textarea key={key} {...props} rows={rows} />
    </FieldFrame>
  );
}

export function SelectField({
  field,
  label,
  hint,
  required = false,
  options,
  placeholder,
}: FieldProps & { options: { value: string; label: string }[]; placeholder?: MessageKey }) {
  const t = useT();
  const { hintId, describedBy } = useDescribedBy(field, hint);
  const { key, ...props } = getSelectProps(field, { ariaDescribedBy: describedBy });
  return (
    <FieldFrame field={field} label={label} hint={hint} hintId={hintId} required={required}>
      <select key={key} {...props}>
        {placeholder ? <option value="">{t(placeholder)}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** Which of the person's organisations acts; with only one, it is chosen already. */
export function OrganizationChoice({
  field,
  label,
  options,
}: Pick<FieldProps, "field" | "label"> & { options: { value: string; label: string }[] }) {
  const placeholder = options.length === 1 ? undefined : "filter.any";
  return <SelectField field={field} label={label} options={options} placeholder={placeholder} required />;
}

/** Checkboxes in a fieldset whose legend is the question: each box is a large target. */
export function CheckboxGroup({
  field,
  label,
  hint,
  required = false,
  options,
}: FieldProps & { options: { value: string; label: string }[] }) {
  const t = useT();
  const { hintId, describedBy } = useDescribedBy(field, hint);
  const boxes = getCollectionProps(field, { type: "checkbox", options: options.map((o) => o.value) });
  const labels = Object.fromEntries(options.map((o) => [o.value, o.label]));
  return (
    <fieldset className="field checkbox-group" aria-describedby={describedBy} id={field.id}>
      <legend>
        {t(label)} <RequiredBadge required={required} />
      </legend>
      <HintAndError field={field} hint={hint} hintId={hintId} />
      <div className="checkbox-grid">
        {boxes.map(({ key, "aria-describedby": _describedBy, "aria-invalid": _invalid, ...props }) => (
          // The fieldset carries the description and error; each box only its own label.
          <label key={key} className="checkbox">
            <input {...props} />
            {labels[props.value]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * One box the person must tick to go on (agreeing to the privacy policy): what to read first as a
 * link that opens in a new tab (so nothing typed here is lost), the error, then the box and its label.
 */
export function AgreeField({
  field,
  label,
  readFirst,
}: {
  field: AnyField;
  label: MessageKey;
  readFirst: { href: string; text: MessageKey };
}) {
  const t = useT();
  const { describedBy } = useDescribedBy(field);
  const { key, ...props } = getInputProps(field, { type: "checkbox", value: "yes", ariaDescribedBy: describedBy });
  return (
    <div className="field">
      <p>
        <a href={readFirst.href} target="_blank" rel="noopener">
          {t(readFirst.text)}
        </a>
      </p>
      <FieldError id={field.errorId} error={field.errors} />
      <label className="checkbox">
        <input key={key} {...props} /> {t(label)} <RequiredBadge required />
      </label>
    </div>
  );
}

/** The list of problems at the top of a form, each linking to its field. */
export function ErrorSummary({ fields, formErrors }: { fields: AnyField[]; formErrors?: string[] }) {
  const t = useT();
  return (
    <ProblemList
      items={[
        ...(formErrors ?? []).map((e) => ({ text: translateMessage(t, e) })),
        // allErrors includes the rows inside a list field (lines[0].amount …), each linked to its input.
        ...fields.flatMap((f) =>
          Object.entries(f.allErrors ?? {}).flatMap(([name, errors]) =>
            errors.map((e) => ({ href: `#${f.formId}-${name}`, text: translateMessage(t, e) })),
          ),
        ),
      ]}
    />
  );
}

/**
 * Every problem of a form, in the order they were found, each linking to its field; the form's own
 * ones without a link. StackForm draws it at the top of the form; a page may draw it elsewhere.
 */
// biome-ignore lint/suspicious/noExplicitAny: any form
export function FormErrorSummary({ form }: { form: FormMetadata<any, string[]> }) {
  const t = useT();
  const items = Object.entries(form.allErrors).flatMap(([name, errors]) =>
    errors.map((e) => ({ href: name ? `#${form.id}-${name}` : undefined, text: translateMessage(t, e) })),
  );
  return <ProblemList items={items} />;
}

function ProblemList({ items }: { items: { href?: string; text: string }[] }) {
  const t = useT();
  if (items.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1}>
      <h2>{t("form.errorSummary", { count: items.length })}</h2>
      <ul>
        {items.map((item, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: messages may repeat; their order is stable.
          <li key={i}>{item.href ? <a href={item.href}>{item.text}</a> : item.text}</li>
        ))}
      </ul>
    </div>
  );
}

export function SubmitButton(props: { children: ReactNode; name?: string; value?: string; secondary?: boolean }) {
  const className = props.secondary ? "button button-secondary" : "button";
  return (
    <button type="submit" className={className} name={props.name} value={props.value}>
      {props.children}
    </button>
  );
}

/**
 * A posted form on the shared stack: Conform's props (so the server's answer and what was typed come
 * back), the problems summarised at the top, the fields, then the button — `intent` names the
 * action when a page has several forms, `secondary` gives its button the lighter look of a side task.
 * A form with buttons of its own (approve or return) gives them as `actions` instead of `submit`.
 */
export function StackForm({
  form,
  fields,
  submit,
  intent,
  secondary = false,
  actions,
  encType,
  inline = false,
  action,
  labelledBy,
  children,
}: {
  // biome-ignore lint/suspicious/noExplicitAny: any form
  form: FormMetadata<any, string[]>;
  /** The fields to summarise, when not all of the form's (by default every problem the form has). */
  fields?: AnyField[];
  submit?: ReactNode;
  intent?: string;
  secondary?: boolean;
  /** The form's own buttons instead of `submit` (null: none, the form only shows what was decided). */
  actions?: ReactNode;
  /** A form that carries files. */
  encType?: "multipart/form-data";
  /** The field and its button side by side (a one-field tool among others), the problems above them. */
  inline?: boolean;
  /** Where it posts, when not the page's own address. */
  action?: string;
  labelledBy?: string;
  children: ReactNode;
}) {
  return (
    <Form
      method="post"
      action={action}
      encType={encType}
      {...getFormProps(form)}
      noValidate
      className={inline ? "inline-form" : "stack"}
      aria-labelledby={labelledBy}
    >
      {fields ? <ErrorSummary fields={fields} formErrors={form.errors} /> : <FormErrorSummary form={form} />}
      {children}
      {actions === undefined ? (
        <SubmitButton name={intent ? "intent" : undefined} value={intent} secondary={secondary}>
          {submit}
        </SubmitButton>
      ) : (
        actions
      )}
    </Form>
  );
}
