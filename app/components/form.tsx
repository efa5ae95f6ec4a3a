import { type FieldMetadata, getInputProps } from "@conform-to/react";
import { useActionData } from "@remix-run/react";
import { type ReactNode, useRef } from "react";
import { type MessageKey, translateMessage } from "~/i18n";
import { useT } from "~/i18n/react";

type InputType = "text" | "email" | "password" | "hidden";

/** One labelled input: label above, hint, then the error, tied together for screen readers. */
export function TextField<Schema>({
  field,
  label,
  hint,
  type = "text",
  autoComplete,
  required = false,
}: {
  field: FieldMetadata<Schema, Record<string, unknown>, string[]>;
  label: MessageKey;
  hint?: MessageKey;
  type?: Exclude<InputType, "hidden">;
  autoComplete?: string;
  required?: boolean;
}) {
  const t = useT();
  const hintId = hint ? `${field.id}-hint` : undefined;
  const errors = field.errors ?? [];
  const describedBy = [hintId, errors.length ? field.errorId : undefined].filter(Boolean).join(" ") || undefined;
  const { key, ...inputProps } = getInputProps(field, { type, ariaDescribedBy: describedBy });
  // A password is never kept once the server has answered: remount the input on each new answer.
  const answer = useActionData();
  const answers = useRef({ last: answer, count: 0 });
  if (answers.current.last !== answer) answers.current = { last: answer, count: answers.current.count + 1 };
  const inputKey = type === "password" ? `${key}-${answers.current.count}` : key;
  return (
    <div className="field">
      <label htmlFor={field.id}>
        {t(label)} <span className="field-badge">{required ? t("form.required") : t("form.optional")}</span>
      </label>
      {hint ? (
        <p className="field-hint" id={hintId}>
          {t(hint)}
        </p>
      ) : null}
      {errors.length ? (
        <p className="field-error" id={field.errorId}>
          <span aria-hidden="true">⚠ </span>
          {errors.map((e) => translateMessage(t, e)).join(" ")}
        </p>
      ) : null}
      <input key={inputKey} {...inputProps} autoComplete={autoComplete} required={required} />
    </div>
  );
}

/** The list of problems at the top of a form, each linking to its field. */
export function ErrorSummary({ fields, formErrors }: { fields: FieldMetadata<unknown>[]; formErrors?: string[] }) {
  const t = useT();
  const items: { href?: string; text: string }[] = [
    ...(formErrors ?? []).map((e) => ({ text: translateMessage(t, e) })),
    ...fields.flatMap((f) => (f.errors ?? []).map((e) => ({ href: `#${f.id}`, text: translateMessage(t, e) }))),
  ];
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

export function SubmitButton({ children, name, value }: { children: ReactNode; name?: string; value?: string }) {
  return (
    <button type="submit" className="button" name={name} value={value}>
      {children}
    </button>
  );
}
