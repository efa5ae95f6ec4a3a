import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "~/i18n/react";
import { type AnyField, FieldError, RequiredBadge } from "./form";

// The buttons that post an intent, on any form, and the fields whose control the caller draws
// (files, scores, locked answers, labels without a 必須/任意 badge), on forms of the shared stack.

/**
 * The buttons that end a form with several outcomes (approve or return, accept or decline): each
 * sends its intent; the first is the main one, the others look secondary.
 */
export function IntentButtons({ buttons }: { buttons: { intent: string; label: ReactNode }[] }) {
  return (
    <div className="actions">
      {buttons.map((b, i) => (
        <IntentSubmit key={b.intent} intent={b.intent} look={i === 0 ? "primary" : "secondary"}>
          {b.label}
        </IntentSubmit>
      ))}
    </div>
  );
}

/** Staff's comment when they approve or return something (a return needs it). */
export function CommentField({ field }: { field: AnyField }) {
  const t = useT();
  return (
    <PlainField field={field} label={t("manage.comment")}>
      {(control) => <textarea {...control} rows={3} defaultValue={field.defaultValue} />}
    </PlainField>
  );
}

/**
 * A one-button form that posts an intent (publish, close, remove…), with the ids it acts on as
 * hidden fields. `look` matches its weight on the page: the main action, a secondary one, or a
 * link-like button inside a table row.
 */
export function IntentButton({
  intent,
  look = "primary",
  hidden,
  children,
}: {
  intent: string;
  look?: "primary" | "secondary" | "link";
  hidden?: Record<string, string>;
  children: ReactNode;
}) {
  return (
    <Form method="post" className={look === "link" ? "inline-form" : undefined}>
      {Object.entries(hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <IntentSubmit intent={intent} look={look}>
        {children}
      </IntentSubmit>
    </Form>
  );
}

/** A submit button that names its intent; `look` gives its weight (main, secondary, or link-like). */
export function IntentSubmit({
  intent,
  look = "primary",
  children,
}: {
  intent: string;
  look?: "primary" | "secondary" | "link";
  children: ReactNode;
}) {
  const className = look === "link" ? "link-button" : look === "secondary" ? "button button-secondary" : "button";
  return (
    <button type="submit" name="intent" value={intent} className={className}>
      {children}
    </button>
  );
}

/** What a control needs from its field: its id and name, and its ties to the hint and the message. */
export interface ControlProps {
  id: string;
  name: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}

/**
 * A field whose control the caller draws (a file, a score, a select, a textarea that may be
 * locked), from Conform's metadata: label above (with 必須 or 任意 only when `required` is given),
 * hint, the message, then the control, which `children` draws with the props it is given and
 * `field.defaultValue`.
 */
export function PlainField({
  field,
  label,
  hint,
  required,
  children,
}: {
  field: AnyField;
  label: ReactNode;
  hint?: ReactNode;
  required?: boolean;
  children: (control: ControlProps) => ReactNode;
}) {
  const hasError = (field.errors ?? []).length > 0;
  const hintId = hint ? `${field.id}-hint` : undefined;
  const describedBy = [hintId, hasError ? field.errorId : undefined].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={field.id}>
        {label}
        {required === undefined ? null : (
          <>
            {" "}
            <RequiredBadge required={required} />
          </>
        )}
      </label>
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <FieldError id={field.errorId} error={field.errors} />
      {children({
        id: field.id,
        name: field.name,
        "aria-describedby": describedBy,
        "aria-invalid": hasError ? true : undefined,
      })}
    </div>
  );
}
